package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /api/vaults/{vaultId}/payments[/{paymentId}]} on the demo's two months, on both databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class PaymentsApiTest {
    private static final String ENTERPRISE = DemoCast.ENTERPRISE;
    private static final String STARTUP = DemoCast.STARTUP;
    private static final String PAYMENTS = "/api/vaults/" + ENTERPRISE + "/payments";

    @Parameter
    TestDatabases.Kind kind;

    private SeededApi api;

    @BeforeEach
    void seeded() {
        api = SeededApi.of(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "abc", "1.5"})
    void aLimitOutsideOneTo200IsInvalidParameter(String limit) {
        HttpResponse<String> response = api.get(PAYMENTS + "?limit=" + limit, api.adminKey);

        assertProblem(response, 400, "invalid_parameter");
        assertThat(SeededApi.json(response).path("detail").asText()).startsWith("limit:");
    }

    @Test
    void theLimitsBoundsThemselvesAreAccepted() {
        assertThat(api.admin(PAYMENTS + "?limit=1").path("data")).hasSize(1);
        assertThat(api.admin(PAYMENTS + "?limit=200").path("data").size()).isBetween(2, 200);
        assertThat(api.admin(PAYMENTS).path("data")).as("default page size").hasSize(50);
    }

    @Test
    void followingNextCursorVisitsEveryPaymentOfTheVaultExactlyOnceNewestFirst() {
        List<String> visited = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.admin(PAYMENTS + "?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.path("data").size()).isBetween(1, 7);
            page.path("data").forEach(p -> {
                visited.add(p.path("paymentId").asText());
                times.add(Instant.parse(p.path("occurredAt").asText()));
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 1_000);

        List<String> stored = api.db().jdbi().withHandle(h -> h.createQuery(
                "SELECT source_id FROM payment WHERE vault_id = :vault").bind("vault", ENTERPRISE)
                .mapTo(String.class).list());
        assertThat(stored).hasSizeGreaterThan(50);
        assertThat(visited).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
        assertThat(pages).isEqualTo((stored.size() + 6) / 7);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).as("newest first").isBeforeOrEqualTo(times.get(i - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-cursor!", "AAAA", "bm90IGEgY3Vyc29y"})
    void aCursorThisEndpointDidNotIssueIsInvalidParameter(String cursor) {
        assertProblem(api.get(PAYMENTS + "?cursor=" + cursor, api.adminKey), 400, "invalid_parameter");
    }

    @Test
    void aCursorWithTwoPartsButNoInstantIsInvalidParameter() {
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "yesterday\u001fpi_1".getBytes(StandardCharsets.UTF_8));

        assertProblem(api.get(PAYMENTS + "?cursor=" + forged, api.adminKey), 400, "invalid_parameter");
    }

    @Test
    void thePeriodIsHalfOpenOnOccurredAtAndTakesDatesOrInstants() {
        Instant from = Instant.parse("2026-10-01T00:00:00Z");
        Instant to = Instant.parse("2026-10-15T12:00:00Z");
        List<JsonNode> inPeriod = all(PAYMENTS + "?from=2026-10-01&to=" + to);

        long stored = api.db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payment "
                        + "WHERE vault_id = :vault AND occurred_at >= :from AND occurred_at < :to")
                .bind("vault", ENTERPRISE).bind("from", from.atOffset(java.time.ZoneOffset.UTC))
                .bind("to", to.atOffset(java.time.ZoneOffset.UTC)).mapTo(Long.class).one());
        assertThat(inPeriod).hasSize((int) stored).isNotEmpty();
        assertThat(inPeriod).extracting(p -> Instant.parse(p.path("occurredAt").asText()))
                .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(from).isBefore(to));
    }

    @Test
    void aPeriodThatEndsBeforeItStartsOrABadDateIsInvalidParameter() {
        assertProblem(api.get(PAYMENTS + "?from=2026-10-15&to=2026-10-01", api.adminKey), 400, "invalid_parameter");
        assertProblem(api.get(PAYMENTS + "?from=October", api.adminKey), 400, "invalid_parameter");
    }

    @Test
    void theStreamFilterPartitionsThePayments() {
        int total = all(PAYMENTS + "?limit=200").size();
        int sum = 0;
        for (String stream : List.of("templates", "hosting", "exports", "other")) {
            List<JsonNode> payments = all(PAYMENTS + "?limit=200&stream=" + stream);
            assertThat(payments).allSatisfy(p -> assertThat(p.path("stream").asText()).isEqualTo(stream));
            sum += payments.size();
        }
        assertThat(sum).isEqualTo(total);
        assertThat(all(PAYMENTS + "?stream=templates")).as("the demo sells templates").isNotEmpty();
        assertProblem(api.get(PAYMENTS + "?stream=subscriptions", api.adminKey), 400, "invalid_parameter");
    }

    @Test
    void everyPaymentsSplitLinesSumToItsGrossAndItsClawbacksToWhatWasReversed() {
        for (JsonNode listed : all(PAYMENTS + "?limit=200")) {
            JsonNode detail = api.admin(PAYMENTS + "/" + encode(listed.path("paymentId").asText()));
            CurrencyUnit currency = CurrencyUnit.of(detail.path("currency").asText());
            Money lines = Money.zero(currency);
            Money clawedBack = Money.zero(currency);
            for (JsonNode line : detail.path("split")) {
                lines = lines.plus(Money.parse(line.path("amount").asText(), currency));
                clawedBack = clawedBack.plus(Money.parse(line.path("clawedBack").asText(), currency));
            }
            Money reversed = money(detail, "refunded").plus(money(detail, "disputeHeld"))
                    .plus(money(detail, "disputeLost"));
            assertThat(lines).as("split of %s", listed.path("paymentId")).isEqualTo(money(detail, "gross"));
            assertThat(clawedBack).isEqualTo(reversed);
            assertThat(money(detail, "disputed")).isEqualTo(money(detail, "disputeHeld")
                    .plus(money(detail, "disputeLost")));
            assertThat(lineOf(detail, "partner").path("account").asText())
                    .isEqualTo("vault_pending:" + ENTERPRISE + ":" + currency.code());
            assertThat(money(lineOf(detail, "partner"), "amount")).isEqualTo(money(detail, "partner"));
            for (String field : List.of("paymentId", "occurredAt", "gross", "stream", "refunded")) {
                assertThat(detail.path(field)).as("the detail repeats the listed %s", field)
                        .isEqualTo(listed.path(field));
            }
        }
    }

    @Test
    void refundedAndDisputedPaymentsShowWhatWasTakenBackFromEachLine() {
        List<String> reversed = api.db().jdbi().withHandle(h -> h.createQuery("SELECT source_id "
                        + "FROM payment WHERE refunded_minor > 0 OR disputed_held_minor > 0 OR dispute_lost_minor > 0")
                .mapTo(String.class).list());
        assertThat(reversed).as("the demo refunds and disputes some payments").isNotEmpty();
        for (String paymentId : reversed) {
            String vault = vaultOf(paymentId);
            JsonNode detail = api.admin("/api/vaults/" + vault + "/payments/" + encode(paymentId));
            boolean someLineGaveBack = false;
            for (JsonNode line : detail.path("split")) {
                someLineGaveBack |= Money.parse(line.path("clawedBack").asText(), CurrencyUnit.USD).isPositive();
            }
            assertThat(someLineGaveBack).as(paymentId).isTrue();
            assertThat(money(detail, "refunded").plus(money(detail, "disputed")).isPositive()).isTrue();
        }
    }

    @Test
    void aPaymentOfAnotherVaultIsNotFoundEvenWithTheRightVaultInThePath() {
        String startupPayment = firstPaymentOf(STARTUP);
        String enterpriseKey = api.partnerKey(ENTERPRISE);

        assertProblem(api.get(PAYMENTS + "/" + encode(startupPayment), enterpriseKey), 404, "not_found");
        assertProblem(api.get(PAYMENTS + "/" + encode(startupPayment), api.adminKey), 404, "not_found");
        assertProblem(api.get("/api/vaults/" + STARTUP + "/payments/" + encode(startupPayment), enterpriseKey),
                404, "not_found");
        assertProblem(api.get("/api/vaults/" + STARTUP + "/payments", enterpriseKey), 404, "not_found");
        assertProblem(api.get(PAYMENTS + "/no-such-payment", enterpriseKey), 404, "not_found");
    }

    @Test
    void aPartnerReadsItsOwnPaymentsAndAdminReadsEveryVaults() {
        String enterprisePayment = firstPaymentOf(ENTERPRISE);
        assertThat(SeededApi.ok(api.get(PAYMENTS + "/" + encode(enterprisePayment), api.partnerKey(ENTERPRISE)))
                .path("paymentId").asText()).isEqualTo(enterprisePayment);
        for (String vault : DemoCast.VAULT_IDS) {
            String payment = firstPaymentOf(vault);
            assertThat(api.admin("/api/vaults/" + vault + "/payments/" + encode(payment)).path("paymentId")
                    .asText()).isEqualTo(payment);
            assertThat(api.admin("/api/vaults/" + vault + "/payments?limit=5").path("data")).hasSize(5);
        }
    }

    @Test
    void withoutAKeyThePaymentsAreUnauthenticated() {
        assertProblem(api.get(PAYMENTS, null), 401, "unauthenticated");
        assertProblem(api.get(PAYMENTS, "lic_000000000000_" + "x".repeat(43)), 401, "unauthenticated");
    }

    /** Every item of a list endpoint, following nextCursor. */
    private List<JsonNode> all(String pathAndQuery) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            String separator = pathAndQuery.contains("?") ? "&" : "?";
            JsonNode page = api.admin(pathAndQuery + (cursor == null ? "" : separator + "cursor=" + cursor));
            page.path("data").forEach(items::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            assertThat(cursor == null || cursors.add(cursor)).as("a cursor never repeats").isTrue();
        } while (cursor != null);
        return items;
    }

    private String firstPaymentOf(String vault) {
        return api.db().jdbi().withHandle(h -> h.createQuery("SELECT MIN(source_id) FROM payment "
                + "WHERE vault_id = :vault").bind("vault", vault).mapTo(String.class).one());
    }

    private String vaultOf(String paymentId) {
        return api.db().jdbi().withHandle(h -> h.createQuery("SELECT vault_id FROM payment "
                + "WHERE source_id = :id").bind("id", paymentId).mapTo(String.class).one());
    }

    private static JsonNode lineOf(JsonNode detail, String party) {
        for (JsonNode line : detail.path("split")) {
            if (line.path("party").asText().equals(party)) {
                return line;
            }
        }
        throw new AssertionError("no " + party + " line in " + detail);
    }

    private static Money money(JsonNode node, String field) {
        return Money.parse(node.path(field).asText(), CurrencyUnit.USD);
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(SeededApi.json(response).path("code").asText()).isEqualTo(code);
    }
}
