package ai.mirroros.licensing.web;

import static ai.mirroros.licensing.web.PaymentsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /api/vaults/{vaultId}/balances} and {@code /activity} on the demo's two months, on both databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class LedgerApiTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    @Parameter
    TestDatabases.Kind kind;

    private SeededApi api;

    @BeforeEach
    void seeded() {
        api = SeededApi.of(kind);
    }

    @Test
    void theAccountsAreTheLedgersBalancesOfTheVaultAndTheFiguresAreTheirsByType() {
        for (String vault : DemoCast.VAULT_IDS) {
            JsonNode balances = SeededApi.ok(api.get("/api/vaults/" + vault + "/balances", api.partnerKey(vault)));

            Map<String, String> expected = new LinkedHashMap<>();
            for (AccountBalance b : api.app.ledger().balances(Optional.of(vault), Optional.of(SeededApi.AS_OF))) {
                expected.put(b.account().key(), b.normalBalance().toDecimalString());
            }
            Map<String, String> served = new LinkedHashMap<>();
            balances.path("accounts").forEach(a -> served.put(a.path("account").asText(), a.path("balance").asText()));
            assertThat(served).as("what `licensing ledger balances --vault %s` prints", vault)
                    .containsExactlyEntriesOf(expected);
            assertThat(expected).as("%s has paid-out and available accounts", vault)
                    .containsKey("vault_paid_out:" + vault + ":USD");

            Map<String, String> figures = Map.of("pending", "vault_pending", "available", "vault_available",
                    "inTransit", "vault_in_transit", "paidOut", "vault_paid_out", "referrerPending",
                    "referrer_pending", "referrerAvailable", "referrer_available", "referrerInTransit",
                    "referrer_in_transit", "referrerPaidOut", "referrer_paid_out");
            figures.forEach((field, type) -> assertThat(balances.path(field).asText()).as("%s %s", vault, field)
                    .isEqualTo(expected.getOrDefault(type + ":" + vault + ":USD", "0.00")));
            assertThat(balances.path("currency").asText()).isEqualTo("USD");
            assertThat(balances.path("asOf").asText()).isEqualTo(SeededApi.AS_OF.toString());
        }
    }

    @Test
    void paidOutIsWhatThePaidPayoutsTransferred() {
        for (String vault : DemoCast.VAULT_IDS) {
            JsonNode balances = api.admin("/api/vaults/" + vault + "/balances");
            long paid = api.db().jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM("
                    + "amount_minor - reversed_minor), 0) FROM payout WHERE payee_id = :vault AND status = 'paid'")
                    .bind("vault", vault).mapTo(Long.class).one());

            assertThat(money(balances, "paidOut").plus(money(balances, "referrerPaidOut")))
                    .isEqualTo(Money.ofMinor(paid, USD));
        }
    }

    @Test
    void disputesHeldIsTheVaultsPartOfOpenDisputesOnly() {
        long openHolds = api.db().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM payment WHERE disputed_held_minor > 0").mapTo(Long.class).one());
        for (String vault : DemoCast.VAULT_IDS) {
            Money held = money(api.admin("/api/vaults/" + vault + "/balances"), "disputesHeld");
            if (openHolds == 0) {
                assertThat(held).as("%s: the demo's dispute is closed (lost)", vault).isEqualTo(Money.zero(USD));
            } else {
                assertThat(held.isNegative()).isFalse();
            }
        }
    }

    @Test
    void anotherPartnersBalancesAndActivityAreNotFound() {
        String enterpriseKey = api.partnerKey(DemoCast.ENTERPRISE);

        assertProblem(api.get("/api/vaults/" + DemoCast.STARTUP + "/balances", enterpriseKey), 404, "not_found");
        assertProblem(api.get("/api/vaults/" + DemoCast.STARTUP + "/activity", enterpriseKey), 404, "not_found");
        assertProblem(api.get("/api/vaults/no-such-vault/balances", api.adminKey), 404, "not_found");
    }

    @Test
    void theActivityIsTheVaultsChainEntriesNewestFirstEachOnceWithTheirHashes() {
        String vault = DemoCast.STARTUP;
        List<JsonNode> served = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.admin("/api/vaults/" + vault + "/activity?limit=13"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("data").forEach(served::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);

        List<Chained> stored = api.db().jdbi().withHandle(h -> h.createQuery(
                        "SELECT seq, hash FROM activity_log WHERE vault_id = :vault ORDER BY seq DESC")
                .bind("vault", vault)
                .map((rs, ctx) -> new Chained(rs.getLong("seq"), rs.getString("hash")))
                .list());
        assertThat(served).extracting(e -> new Chained(e.path("seq").asLong(), e.path("hash").asText()))
                .containsExactlyElementsOf(stored);
        for (int i = 0; i + 1 < served.size(); i++) {
            JsonNode newer = served.get(i);
            JsonNode older = served.get(i + 1);
            if (newer.path("seq").asLong() == older.path("seq").asLong() + 1) {
                assertThat(newer.path("prevHash").asText()).as("consecutive entries chain")
                        .isEqualTo(older.path("hash").asText());
            }
        }
        assertThat(served).allSatisfy(e -> assertThat(e.path("payload").isObject()).isTrue());
        assertThat(served).extracting(e -> e.path("type").asText()).contains("payment.split", "payout.paid");
    }

    @Test
    void theActivityPagesAreBoundedAndTheirCursorsChecked() {
        String activity = "/api/vaults/" + DemoCast.ENTERPRISE + "/activity";

        assertThat(api.admin(activity + "?limit=3").path("data")).hasSize(3);
        assertProblem(api.get(activity + "?limit=201", api.adminKey), 400, "invalid_parameter");
        assertProblem(api.get(activity + "?cursor=" + ApiRequest.cursor("twelve"), api.adminKey), 400,
                "invalid_parameter");
    }

    private record Chained(long seq, String hash) {
    }

    private static Money money(JsonNode node, String field) {
        return Money.parse(node.path(field).asText(), USD);
    }
}
