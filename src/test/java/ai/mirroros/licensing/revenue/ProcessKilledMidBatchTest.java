package ai.mirroros.licensing.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A process killed in the middle of a batch loses nothing that was committed and leaves nothing half-written. */
class ProcessKilledMidBatchTest extends DatabaseTestSupport {
    private static final int PER_BATCH = 50;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-11T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void committedBatchSurvivesAndTheInFlightBatchLeavesNoTrace() throws Exception {
        LicensingApp.over(db, CLOCK).vaults().importVaults(
                VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        DatabaseConfig config = db.config();
        db.close(); // the child process owns the database now, as a restarted server would find it

        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                CrashingPoster.class.getName(), config.jdbcUrl(), config.schema().orElse("-"),
                Integer.toString(PER_BATCH)).redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isEqualTo(137);
        assertThat(output).contains("COMMITTED", "MID-BATCH");

        try (Database reopened = Database.open(config)) {
            LicensingApp app = LicensingApp.over(reopened, CLOCK);
            for (PaymentEvent payment : CrashingPoster.batch("committed", PER_BATCH)) {
                assertThat(app.payments().find(payment.sourceId())).as(payment.sourceId()).isPresent();
            }
            for (PaymentEvent payment : CrashingPoster.batch("in-flight", PER_BATCH)) {
                assertThat(app.payments().find(payment.sourceId())).as(payment.sourceId()).isEmpty();
                assertThat(app.ledger().findBySource(payment.sourceId())).as(payment.sourceId()).isEmpty();
            }
            assertBooksBalance(app.ledger().balances(Optional.empty(), Optional.empty()));
            assertThat(app.activityLog().verify().ok()).isTrue();
            assertThat(app.activityLog().head().lastSeq()).as("5 registrations + the committed batch")
                    .isEqualTo(5 + PER_BATCH);

            // Restarting resumes: the lost batch can simply be posted again, once.
            List<PostedPayment> retried = app.payments().postBatch(CrashingPoster.batch("in-flight", PER_BATCH));
            assertThat(retried).noneMatch(PostedPayment::alreadyPosted);
            assertThat(app.ledger().balance(ai.mirroros.licensing.ledger.AccountRef.stripeClearing(
                    ai.mirroros.licensing.money.CurrencyUnit.USD)))
                    .isEqualTo(Money.parse("97.10", "USD").times(2L * PER_BATCH));
        }
    }

    private static void assertBooksBalance(List<AccountBalance> balances) {
        long sum = balances.stream().mapToLong(b -> b.balance().amountMinor()).sum();
        assertThat(sum).as("debits equal credits across all accounts").isZero();
        assertThat(balances).isNotEmpty();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
