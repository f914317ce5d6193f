package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The benchmark's seeder makes vaults that a payout run pays, each exactly its seeded amount. */
class PayoutSeedTest extends DatabaseTestSupport {

    @Test
    void seededVaultsOverHttpAreAllPaidTheirAvailableBalance() {
        assertSeededVaultsArePaid(false);
    }

    @Test
    void seededVaultsInProcessAreAllPaidTheirAvailableBalance() {
        assertSeededVaultsArePaid(true);
    }

    private void assertSeededVaultsArePaid(boolean inProcess) {
        try (StripeSandbox sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0))) {
            LicensingApp app = LicensingApp.over(db, Clock.systemUTC());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PayoutSeed.StripeSide stripe = inProcess ? PayoutSeed.inProcess(sandbox)
                    : PayoutSeed.overHttp(sandbox.baseUrl(), "sk_test_seed");

            PayoutSeed.Seeded seeded = PayoutSeed.seed(app, stripe, 3,
                    new PrintStream(log, true, StandardCharsets.UTF_8));

            long expected = PayoutSeed.availableMinor(1) + PayoutSeed.availableMinor(2)
                    + PayoutSeed.availableMinor(3);
            assertThat(seeded.available()).isEqualTo(Money.ofMinor(expected, PayoutSeed.USD));
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("seed: 3 payable vaults");
            assertThat(sandbox.balance().available("usd")).isGreaterThanOrEqualTo(expected);

            PayoutRunner runner = app.payoutRunner(StripeTransferGateway.connect("sk_test_seed", sandbox.baseUrl(),
                    Duration.ofSeconds(5)), PayoutRunner.Settings.DEFAULT);
            PayoutRunner.Report report = runner.run(false, PayoutRunner.Progress.NONE);

            assertThat(report.paid()).isEqualTo(3);
            assertThat(report.skipped()).isEmpty();
            List<Payout> paid = app.database().jdbi().withHandle(h -> PayoutStore.list(h, Optional.empty(),
                    Optional.of(PayoutStatus.PAID), 10));
            assertThat(paid).extracting(p -> p.payeeId() + "=" + p.amount().amountMinor()).containsExactlyInAnyOrder(
                    "bench-000001.sig=" + PayoutSeed.availableMinor(1),
                    "bench-000002.sig=" + PayoutSeed.availableMinor(2),
                    "bench-000003.sig=" + PayoutSeed.availableMinor(3));
        }
    }
}
