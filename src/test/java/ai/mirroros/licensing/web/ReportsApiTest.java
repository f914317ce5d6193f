package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.reports.ReportPeriod;
import ai.mirroros.licensing.reports.RevenueCsv;
import ai.mirroros.licensing.reports.RevenueReports;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.tax.Quarter;
import ai.mirroros.licensing.tax.VatReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /api/admin/reports/…} on the demo's data: admin keys only, the revenue report as JSON and CSV equal to the
 * report the CLI writes, the 1099-K summary with masked TINs, problem+json for bad input.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class ReportsApiTest {
    @Parameter
    TestDatabases.Kind kind;
    private SeededApi api;

    @BeforeEach
    void serve() {
        api = SeededApi.of(kind);
    }

    @Test
    void aPartnerKeyDoesNotSeeTheReports() {
        assertThat(api.get("/api/admin/reports/revenue?quarter=2026-Q4", api.partnerKey(DemoCast.ENTERPRISE))
                .statusCode()).isEqualTo(404);
        assertThat(api.get("/api/admin/reports/1099k?year=2026", api.partnerKey(DemoCast.ENTERPRISE))
                .statusCode()).isEqualTo(404);
        assertThat(api.get("/api/admin/reports/1099k?year=2026", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theRevenueReportAsJsonAndCsvIsTheLedgersReport() throws Exception {
        JsonNode body = api.admin("/api/admin/reports/revenue?quarter=2026-Q4");
        assertThat(body.path("period").asText()).isEqualTo("2026-Q4");
        assertThat(body.path("from").asText()).isEqualTo("2026-10-01T00:00:00Z");
        assertThat(body.path("vaults")).hasSize(3);
        var report = new RevenueReports(api.db()).build(ReportPeriod.quarter("2026-Q4"), Optional.empty());
        assertThat(body.at("/totals/0/gross").asText()).isEqualTo(report.totals().getFirst().columns().get("gross"));
        assertThat(body.at("/totals/0/processingFees").asText())
                .isEqualTo(report.totals().getFirst().columns().get("processing_fees"));
        HttpResponse<String> csv = api.get("/api/admin/reports/revenue?quarter=2026-Q4&format=csv", api.adminKey);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/csv"));
        assertThat(csv.body()).isEqualTo(RevenueCsv.write(report));
        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + api.server.port() + "/api/admin/reports/revenue?quarter=2026-Q4"))
                .header("Authorization", "Bearer " + api.adminKey).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.body()).isEqualTo(csv.body());
        JsonNode one = api.admin("/api/admin/reports/revenue?year=2026&vault=" + DemoCast.STARTUP);
        assertThat(one.path("vault").asText()).isEqualTo(DemoCast.STARTUP);
        assertThat(one.path("vaults")).isEmpty();
    }

    @Test
    void the1099kSummaryMasksTinsAndAppliesTheThreshold() {
        JsonNode federal = api.admin("/api/admin/reports/1099k?year=2026");
        long usPayees = api.db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payee "
                + "WHERE country = 'US' AND payee_id IN (SELECT vault_id FROM payment)").mapTo(Long.class).one());
        assertThat(federal.path("payees")).hasSize((int) usPayees);
        assertThat(federal.path("threshold").asText()).isEqualTo("$20000.00 and 200 transactions");
        int reportable = 0;
        for (JsonNode payee : federal.path("payees")) {
            boolean meets = Long.parseLong(payee.path("gross").asText().replace(".", "")) >= 2_000_000
                    && payee.path("transactions").asLong() >= 200;
            assertThat(payee.path("reportable").asBoolean()).as(payee.path("payeeId").asText()).isEqualTo(meets);
            reportable += meets ? 1 : 0;
            // The demo's US payees have sealed tax profiles: the summary opens them and shows the TIN masked.
            assertThat(payee.path("tin").asText()).matches("[*-]+\\d{4}");
            assertThat(payee.path("name").asText()).isNotBlank();
            assertThat(payee.path("months")).hasSize(12);
        }
        assertThat(federal.path("reportable").asInt()).isEqualTo(reportable);
        assertThat(federal.toString()).doesNotContain("078-05-1120").doesNotContain("078051120");
        assertThat(api.admin("/api/admin/reports/1099k?year=2026&threshold=all").path("reportable").asLong())
                .isEqualTo(usPayees);
    }

    @Test
    void theVatReportAsJsonAndCsvIsTheReportTheCliWrites() {
        JsonNode body = api.admin("/api/admin/reports/vat?quarter=2026-Q3");
        var report = api.db().jdbi().inTransaction(h -> VatReport.of(h, Quarter.parse("2026-Q3")));
        assertThat(body.path("quarter").asText()).isEqualTo("2026-Q3");
        assertThat(body.path("rows")).hasSize(report.rows().size()).isNotEmpty();
        assertThat(body.at("/totals/0/gross").asText()).isEqualTo(body.at("/totals/0/ledgerGross").asText());
        assertThat(body.at("/totals/0/tax").asText())
                .isEqualTo(ai.mirroros.licensing.money.Money.ofMinor(report.totals().getFirst().sums().taxMinor(),
                        report.totals().getFirst().currency()).toDecimalString());
        HttpResponse<String> csv = api.get("/api/admin/reports/vat?quarter=2026-Q3&format=csv", api.adminKey);
        assertThat(csv.body()).isEqualTo(VatReport.toCsv(report));
        assertThat(api.get("/api/admin/reports/vat?quarter=2026-Q3", api.partnerKey(DemoCast.ENTERPRISE))
                .statusCode()).isEqualTo(404);
        assertThat(api.get("/api/admin/reports/vat?quarter=2026-Q9", api.adminKey).statusCode()).isEqualTo(400);
    }

    @Test
    void aServerStartedWithoutDataKeysSaysItCannotNameThePayees() throws Exception {
        try (WebServer keyless = WebServer.start(api.app, null, "127.0.0.1", 0, new ApiSettings(1_000, 1_000))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + keyless.port() + "/api/admin/reports/1099k?year=2026"))
                    .header("Authorization", "Bearer " + api.adminKey).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            assertThat(body.path("payees")).isNotEmpty();
            body.path("payees").forEach(payee -> assertThat(payee.path("tin").asText()).isEqualTo("TIN missing"));
            assertThat(body.path("warnings").toString()).contains("without data keys");
        }
    }

    @Test
    void badInputIsAProblemDocument() {
        for (String query : java.util.List.of("revenue?quarter=2026-Q5", "revenue?quarter=2026-Q1&year=2026",
                "revenue?year=20x6", "revenue?format=xml", "1099k?threshold=some", "1099k?thresholdCount=x")) {
            HttpResponse<String> response = api.get("/api/admin/reports/" + query, api.adminKey);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
        }
        assertThat(api.get("/api/admin/reports/revenue?vault=nope", api.adminKey).statusCode()).isEqualTo(404);
    }
}
