package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.risk.PaymentRisk;
import ai.mirroros.licensing.risk.RiskHold;
import ai.mirroros.licensing.risk.RiskReason;
import ai.mirroros.licensing.risk.RiskScoring;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fraud scenario of docs/RISK.md end to end: signed Stripe webhooks over real HTTP, the inbox processor posting
 * them, the scorer in the posting batch, the payout runner skipping the held vault until {@code risk release}.
 */
class RiskHoldScenarioTest extends DatabaseTestSupport {
    /** Licensed three days ago, paid on Fridays like the enterprise vault it was copied from. */
    private static final String FRESH = "fresh-vault.sig";

    private PayoutWorld world;
    private Ingestion ingestion;
    private WebServer server;
    private WebhookClient stripe;
    private Instant now;

    @BeforeEach
    void start() throws Exception {
        now = Instant.now();
        world = new PayoutWorld(db, StripeSandbox.start(SandboxConfig.defaults().withPort(0)), now);
        String enterprise = Files.readString(Path.of("examples/licensed-vaults.json"));
        String fresh = "{\"" + FRESH + "\": " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(enterprise)
                .get(ENTERPRISE).toString().replace("\"2025-01-15\"", "\""
                        + LocalDate.ofInstant(now.minus(Duration.ofDays(3)), ZoneOffset.UTC) + "\"") + "}";
        world.app.vaults().importVaults(VaultRegistryFile.parse(fresh).values(), now.minus(Duration.ofDays(3)));
        ingestion = Ingestion.start(world.app, IngestSettings.defaults()
                .withWebhookSecrets(List.of(WebhookClient.SECRET)), false);
        server = WebServer.start(world.app, ingestion, "127.0.0.1", 0);
        stripe = new WebhookClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        ingestion.close();
        world.close();
    }

    /** A charge.succeeded as Stripe sends it, with the card's fingerprint, the customer and the checkout's IP. */
    private void pay(String id, String vault, long amountMinor, Instant at, String card, String customer, String ip)
            throws Exception {
        StripeEventJson.Charge charge = new StripeEventJson.Charge("ch_" + id, "pi_" + id, amountMinor, "usd", 0,
                Map.of("vault_id", vault, "product_type", "template", "customer_ip", ip), at, Optional.empty(),
                Optional.empty());
        ObjectNode json = charge.toJson();
        json.put("customer", customer);
        ObjectNode details = json.putObject("payment_method_details");
        details.put("type", "card");
        details.putObject("card").put("brand", "visa").put("last4", "4242").put("fingerprint", card);
        assertThat(stripe.post(StripeEventJson.event("evt_" + id, "charge.succeeded", at, json)).statusCode())
                .isEqualTo(200);
    }

    /** Card testing turned cash-out: one stolen card, twelve 499.00 purchases in 48 minutes, at a 3-day-old vault. */
    private void fraudAtTheFreshVault() throws Exception {
        Instant first = now.minus(Duration.ofMinutes(50));
        for (int i = 0; i < 12; i++) {
            pay("fraud" + i, FRESH, 49_900, first.plus(Duration.ofMinutes(4L * i)), "fp_stolen", "cus_mule" + i,
                    "198.51.100.23");
        }
    }

    /** An ordinary hour at the enterprise vault: twenty buyers, their own cards, an office sharing one IP. */
    private void normalTrafficAtTheEnterpriseVault() throws Exception {
        Instant first = now.minus(Duration.ofMinutes(59));
        long[] prices = {4_900, 9_900, 4_900, 250_000, 4_900};
        for (int i = 0; i < 20; i++) {
            pay("normal" + i, ENTERPRISE, prices[i % prices.length], first.plus(Duration.ofMinutes(3L * i)),
                    "fp_buyer" + i, "cus_buyer" + (i / 2), i < 6 ? "203.0.113.10" : "203.0.113." + (20 + i));
        }
    }

    private void processAll() {
        ingestion.processor().drain(batch -> { });
    }

    @Test
    void aStolenCardAtANewVaultHoldsItsPayoutsWithTheReasons() throws Exception {
        fraudAtTheFreshVault();
        processAll();

        List<RiskHold> holds = world.app.risk().active();
        assertThat(holds).singleElement().satisfies(hold -> {
            assertThat(hold.vaultId()).isEqualTo(FRESH);
            assertThat(hold.score()).isGreaterThanOrEqualTo(70);
            assertThat(hold.reasons()).extracting(RiskReason::rule).contains("card_velocity", "new_vault_volume");
            assertThat(hold.summary()).contains("card_velocity", "licensing risk release " + FRESH);
        });
        // The fourth payment from the card is still an ordinary customer; the fifth is suspicious (card 40), the
        // tenth is a script (card 60, its IP 20), the eleventh takes the vault over 5,000.00 in its first fortnight.
        assertThat(score("pi_fraud3").risk().score()).isZero();
        assertThat(score("pi_fraud4").risk().score()).isEqualTo(40);
        assertThat(score("pi_fraud9").risk().score()).isEqualTo(80);
        assertThat(score("ch_fraud10").risk().score()).isEqualTo(100);
        assertThat(score("pi_fraud10").atOrAboveThreshold()).isTrue();
        assertThat(world.app.activityLog().recent(Optional.of(FRESH), 50)).extracting(ActivityEntry::type)
                .containsOnlyOnce(RiskScoring.ACTIVITY_HOLD_PLACED);
        assertThat(world.app.activityLog().verify().ok()).isTrue();
    }

    @Test
    void ordinaryTrafficIsScoredButNotHeld() throws Exception {
        normalTrafficAtTheEnterpriseVault();
        processAll();

        assertThat(world.app.risk().active()).isEmpty();
        for (int i = 0; i < 20; i++) {
            assertThat(score("pi_normal" + i).risk().score()).as("payment %d", i).isLessThan(70);
        }
    }

    @Test
    void theHoldBlocksTheNextPayoutRunUntilReleasedWithANote() throws Exception {
        world.onboardVerified(FRESH);
        world.onboardVerified(ENTERPRISE);
        fraudAtTheFreshVault();
        normalTrafficAtTheEnterpriseVault();
        processAll();
        world.creditAvailable(FRESH, "250.00");
        world.creditAvailable(ENTERPRISE, "250.00");

        PayoutRunner.Report held = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(held.planned()).extracting(PayoutRunner.Planned::payeeId).containsExactly(ENTERPRISE);
        assertThat(held.skipped()).filteredOn(skip -> skip.payeeId().equals(FRESH)).singleElement()
                .satisfies(skip -> assertThat(skip.reason()).contains("risk hold: risk score 100 on payment pi_fraud10", "card_velocity"));
        assertThat(world.app.database().jdbi().withHandle(h -> PayeeStore.find(h, FRESH)).orElseThrow().blockers())
                .singleElement().satisfies(b -> assertThat(b).startsWith("risk hold:"));

        assertThatThrownBy(() -> world.app.risk().release(FRESH, "  ", "alice"))
                .isInstanceOf(LicensingException.class).hasMessageContaining("--note");
        assertThatThrownBy(() -> world.app.risk().release(ENTERPRISE, "checked", "alice"))
                .isInstanceOf(LicensingException.class).hasMessageContaining("no active risk hold");

        RiskHold released = world.app.risk().release(FRESH, "cardholder confirmed the purchases by phone", "alice");
        assertThat(released.released().orElseThrow().by()).isEqualTo("alice");
        assertThat(world.app.risk().active()).isEmpty();
        assertThat(world.app.risk().forVault(FRESH)).singleElement()
                .satisfies(h -> assertThat(h.released().orElseThrow().note()).contains("by phone"));
        PayoutRunner.Report afterRelease = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(afterRelease.planned()).extracting(PayoutRunner.Planned::payeeId).containsExactly(FRESH);
        assertThat(world.app.activityLog().recent(Optional.of(FRESH), 100)).extracting(ActivityEntry::type)
                .contains(RiskScoring.ACTIVITY_HOLD_PLACED, RiskScoring.ACTIVITY_HOLD_RELEASED);
        assertThat(world.app.activityLog().verify().ok()).isTrue();
    }

    private PaymentRisk score(String paymentId) {
        return world.app.risk().payment(paymentId).orElseThrow(() -> new AssertionError("no score for " + paymentId));
    }
}
