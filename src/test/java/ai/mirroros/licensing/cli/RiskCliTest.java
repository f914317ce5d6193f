package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing risk holds|show|release}: what an operator sees of a hold, and lifting it with a note. */
class RiskCliTest extends DatabaseTestSupport {
    private static final String VAULT = "enterprise-vault.sig";
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dataDir;

    /** Ten payments by one customer with one card in 45 minutes: card 60 + customer 25 = 85, held at 70. */
    @BeforeEach
    void postACardRun() {
        LicensingApp app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2025-01-01T00:00:00Z"));
        db.jdbi().useHandle(h -> PayeeStore.save(h, new Payee(VAULT, Optional.of("acct_1"), Optional.of("US"),
                Optional.empty(), Optional.empty(), KycStatus.VERIFIED, Optional.empty(), true, TaxDocument.W9, true,
                Optional.empty(), AT)));
        List<PaymentEvent> run = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            run.add(new PaymentEvent("pi_run" + i, VAULT, Money.parse("99.00", "USD"), Optional.empty(),
                    AT.plus(Duration.ofMinutes(5L * i)), new PaymentOrigin(List.of("pi_run" + i, "ch_run" + i),
                    Optional.of("template"), Map.of(), Optional.empty(), Optional.empty(), Optional.of("cus_1"),
                    Optional.of("fp_run"))));
        }
        app.payments().postBatch(run);
    }

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @Test
    void holdsListsTheHeldVaultWithItsReasons() throws Exception {
        CliRun text = run("risk", "holds");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains(VAULT + "  score 85", "payment pi_run9", "card_velocity",
                "10 payments from card fp_run in 60 minutes", "customer_velocity");

        CliRun json = run("risk", "holds", "--json");
        JsonNode holds = new ObjectMapper().readTree(json.out());
        assertThat(holds).hasSize(1);
        assertThat(holds.get(0).get("vault").asText()).isEqualTo(VAULT);
        assertThat(holds.get(0).get("score").asInt()).isEqualTo(85);
        assertThat(holds.get(0).get("reasons").get(0).get("rule").asText()).isEqualTo("card_velocity");
    }

    @Test
    void showPrintsAPaymentsScoreByAnyOfItsIds() {
        assertThat(run("risk", "show", "pi_run3").out()).contains("score 0, threshold 70", "no rule fired");
        CliRun byCharge = run("risk", "show", "ch_run9");
        assertThat(byCharge.out()).contains("pi_run9", "score 85", "holds the vault's payouts", "customer_velocity");
        CliRun unknown = run("risk", "show", "pi_nope");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no scored payment 'pi_nope'");
    }

    @Test
    void partnersSeeTheRiskHoldAmongTheBlockers() {
        assertThat(run("partners", "show", VAULT).out()).contains("risk hold: risk score 85 on payment pi_run9");
        // partners release lifts operator holds only.
        run("partners", "release", VAULT, "--by", "bob");
        assertThat(run("partners", "show", VAULT).out()).contains("risk hold:");
    }

    @Test
    void releaseNeedsANoteLiftsTheHoldOnceAndIsLogged() {
        CliRun noNote = run("risk", "release", VAULT);
        assertThat(noNote.exitCode()).isNotZero();
        assertThat(noNote.err()).contains("--note");

        CliRun released = run("risk", "release", VAULT, "--note", "customer is a reseller, verified", "--by", "alice");
        assertThat(released.exitCode()).isZero();
        assertThat(released.out()).contains(VAULT + ": risk hold released by alice");
        assertThat(run("risk", "holds").out()).contains("no active risk holds");
        assertThat(run("partners", "show", VAULT).out()).doesNotContain("risk hold");

        CliRun again = run("risk", "release", VAULT, "--note", "again");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("has no active risk hold").doesNotContain("Exception");
        assertThat(LicensingApp.over(db, Clock.systemUTC()).activityLog().recent(Optional.of(VAULT), 100))
                .filteredOn(e -> e.type().startsWith("risk."))
                .extracting(e -> e.type()).containsExactlyInAnyOrder("risk.hold_placed", "risk.hold_released");
    }
}
