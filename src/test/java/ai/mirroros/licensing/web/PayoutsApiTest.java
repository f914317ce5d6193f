package ai.mirroros.licensing.web;

import static ai.mirroros.licensing.web.PaymentsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.PayoutCalendar;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.LicensedVault;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /api/vaults/{vaultId}/payouts[/upcoming|/{payoutId}]} on the demo's two months, on both databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class PayoutsApiTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    @Parameter
    TestDatabases.Kind kind;

    private SeededApi api;

    @BeforeEach
    void seeded() {
        api = SeededApi.of(kind);
    }

    @Test
    void pagingOneByOneVisitsEveryPayoutOfTheVaultNewestDueDateFirst() {
        for (String vault : DemoCast.VAULT_IDS) {
            List<String> visited = new ArrayList<>();
            List<LocalDate> dueDates = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = api.admin(payouts(vault) + "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
                page.path("data").forEach(p -> {
                    visited.add(p.path("payoutId").asText());
                    dueDates.add(LocalDate.parse(p.path("dueDate").asText()));
                });
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            } while (cursor != null);

            List<String> stored = api.db().jdbi().withHandle(h -> h.createQuery(
                    "SELECT payout_id FROM payout WHERE payee_id = :vault").bind("vault", vault)
                    .mapTo(String.class).list());
            assertThat(stored).as("%s was paid in the demo", vault).isNotEmpty();
            assertThat(visited).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
            assertThat(dueDates).isSortedAccordingTo(Comparator.reverseOrder());
        }
    }

    @Test
    void thePeriodAppliesToTheDueDate() {
        List<JsonNode> october = list(payouts(DemoCast.ENTERPRISE) + "?from=2026-10-01&to=2026-11-01");

        assertThat(october).isNotEmpty().allSatisfy(p -> assertThat(LocalDate.parse(p.path("dueDate").asText()))
                .isBetween(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31")));
        assertThat(list(payouts(DemoCast.ENTERPRISE) + "?from=2026-10-01T00:00:01Z&to=2026-11-01"))
                .as("a due date belongs to the period if its start does")
                .hasSize(october.size() - (october.stream()
                        .anyMatch(p -> p.path("dueDate").asText().equals("2026-10-01")) ? 1 : 0));
        assertProblem(api.get(payouts(DemoCast.ENTERPRISE) + "?limit=500", api.adminKey), 400, "invalid_parameter");
        assertProblem(api.get(payouts(DemoCast.ENTERPRISE) + "?cursor=%21", api.adminKey), 400,
                "invalid_parameter");
    }

    @Test
    void aPayoutShowsItsPartsAndItsHistoryEndingInItsStatus() {
        JsonNode listed = api.admin(payouts(DemoCast.STARTUP) + "?limit=1").path("data").get(0);
        JsonNode detail = api.admin(payouts(DemoCast.STARTUP) + "/" + listed.path("payoutId").asText());

        assertThat(money(detail, "vaultShare").plus(money(detail, "referrerShare"))).isEqualTo(money(detail, "amount"));
        assertThat(detail.path("status").asText()).isEqualTo("paid");
        assertThat(detail.path("transferId").asText()).startsWith("tr_");
        assertThat(detail.path("events")).isNotEmpty();
        assertThat(detail.path("events").get(detail.path("events").size() - 1).path("status").asText())
                .isEqualTo("paid");
        assertThat(money(detail, "referrerShare").isPositive()).as("the startup earns commissions on the "
                + "individual's payments, paid with its own share").isTrue();
    }

    @Test
    void aPayoutOfAnotherVaultIsNotFound() {
        String startupPayout = api.admin(payouts(DemoCast.STARTUP) + "?limit=1").path("data").get(0)
                .path("payoutId").asText();

        assertProblem(api.get(payouts(DemoCast.ENTERPRISE) + "/" + startupPayout,
                api.partnerKey(DemoCast.ENTERPRISE)), 404, "not_found");
        assertProblem(api.get(payouts(DemoCast.ENTERPRISE) + "/" + startupPayout, api.adminKey), 404, "not_found");
        assertProblem(api.get(payouts(DemoCast.STARTUP) + "/" + startupPayout,
                api.partnerKey(DemoCast.ENTERPRISE)), 404, "not_found");
        assertProblem(api.get(payouts(DemoCast.STARTUP) + "/upcoming", api.partnerKey(DemoCast.ENTERPRISE)), 404,
                "not_found");
        assertThat(SeededApi.ok(api.get(payouts(DemoCast.STARTUP) + "/" + startupPayout,
                api.partnerKey(DemoCast.STARTUP))).path("payoutId").asText()).isEqualTo(startupPayout);
    }

    @Test
    void theUpcomingPayoutFallsOnTheSchedulesNextDueDateWithWhatWillHaveMatured() {
        for (String vault : DemoCast.VAULT_IDS) {
            LicensedVault registered = api.app.vaults().require(vault, SeededApi.AS_OF);
            JsonNode upcoming = api.admin(payouts(vault) + "/upcoming");
            LocalDate date = LocalDate.parse(upcoming.path("nextPayoutDate").asText());
            LocalDate due = LocalDate.parse(upcoming.path("dueDate").asText());

            assertThat(date).as(vault).isAfterOrEqualTo(LocalDate.ofInstant(SeededApi.AS_OF, ZoneOffset.UTC));
            assertThat(PayoutCalendar.lastDueDate(registered.payoutSchedule(), due)).as("%s: a due date", vault)
                    .isEqualTo(due);
            assertThat(upcoming.path("blockers")).as("the demo onboards every vault").isEmpty();
            assertThat(upcoming.path("minimumAmount").asText())
                    .isEqualTo(registered.payoutSchedule().minimumAmount().toDecimalString());
            Money estimate = money(upcoming, "estimatedAmount");
            assertThat(estimate).as(vault).isGreaterThanOrEqualTo(available(api.app, vault))
                    .isLessThanOrEqualTo(available(api.app, vault).plus(pending(api.app, vault)));
            assertThat(upcoming.path("reachesMinimum").asBoolean())
                    .isEqualTo(!estimate.isLessThan(registered.payoutSchedule().minimumAmount()));
        }
    }

    @Test
    void onceEverythingPendingHasMaturedTheEstimateIsAllThatIsOwed() throws Exception {
        Instant later = SeededApi.AS_OF.plus(Duration.ofDays(45));
        LicensingApp app = LicensingApp.over(api.db(), Clock.fixed(later, ZoneOffset.UTC));
        try (WebServer server = WebServer.start(app, null, "127.0.0.1", 0, new ApiSettings(1_000, 1_000))) {
            for (String vault : DemoCast.VAULT_IDS) {
                JsonNode upcoming = SeededApi.ok(get(server, payouts(vault) + "/upcoming"));

                assertThat(money(upcoming, "estimatedAmount")).as(vault)
                        .isEqualTo(available(app, vault).plus(pending(app, vault)));
                assertThat(upcoming.path("dueDate").asText()).as("%s: the last due date had no payout", vault)
                        .isEqualTo(PayoutCalendar.lastDueDate(app.vaults().require(vault, later).payoutSchedule(),
                                LocalDate.ofInstant(later, ZoneOffset.UTC)).toString());
                assertThat(upcoming.path("nextPayoutDate").asText()).as("made up by the next run: today")
                        .isEqualTo(LocalDate.ofInstant(later, ZoneOffset.UTC).toString());
            }
        }
    }

    private HttpResponse<String> get(WebServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + path)).header("Authorization", "Bearer " + api.adminKey).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> list(String pathAndQuery) {
        List<JsonNode> items = new ArrayList<>();
        api.admin(pathAndQuery + "&limit=200").path("data").forEach(items::add);
        return items;
    }

    /** Own share and commissions available, as the ledger has them. */
    private static Money available(LicensingApp app, String vault) {
        return app.ledger().balance(AccountRef.vaultAvailable(vault, USD))
                .plus(app.ledger().balance(AccountRef.referrerAvailable(vault, USD))).negate();
    }

    private static Money pending(LicensingApp app, String vault) {
        return app.ledger().balance(AccountRef.vaultPending(vault, USD))
                .plus(app.ledger().balance(AccountRef.referrerPending(vault, USD))).negate();
    }

    private static String payouts(String vault) {
        return "/api/vaults/" + vault + "/payouts";
    }

    private static Money money(JsonNode node, String field) {
        return Money.parse(node.path(field).asText(), USD);
    }
}
