package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.payout.PayableVaults.Vault;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One connected account closed at Stripe among many due payees: Stripe refuses that transfer for good, so that payout
 * fails, its money is available again and the payee goes on hold; everyone else is paid once, in the same run.
 */
class ClosedDestinationAmongManyTest extends DatabaseTestSupport {
    private static final int VAULTS = 120;
    private static final String CLOSED = "closed-0042.sig";
    private static final PayoutRunner.Settings SETTINGS = new PayoutRunner.Settings(50, 16,
            new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), 6, Duration.ofHours(1)),
            Duration.ofSeconds(20));

    private PayoutWorld world;
    private Map<String, Vault> seeded;

    @BeforeEach
    void seedDueVaults() throws Exception {
        world = new PayoutWorld(db);
        seeded = PayableVaults.seed(world.app, world.stripe, "closed", VAULTS);
    }

    @AfterEach
    void closeWorld() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aClosedAccountFailsItsOwnPayoutPutsThePayeeOnHoldAndEveryoneElseIsPaidOnce() throws Exception {
        world.stripe.closeAccount(seeded.get(CLOSED).account());

        PayoutRunner.Report report = world.runner(SETTINGS).run(false, PayoutRunner.Progress.NONE);

        assertThat(report.planned()).hasSize(VAULTS);
        assertThat(report.paid()).isEqualTo(VAULTS - 1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.retrying()).isZero();
        Payout failed = db.jdbi().withHandle(h -> PayoutStore.find(h, "po_20261127_USD_" + CLOSED)).orElseThrow();
        assertThat(failed.status()).isEqualTo(PayoutStatus.FAILED);
        assertThat(failed.attempts()).as("refused for good: not retried").isEqualTo(1);
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains("insufficient_capabilities_for_transfer"));
        Optional<Payee> payee = db.jdbi().withHandle(h -> PayeeStore.find(h, CLOSED));
        assertThat(payee).hasValueSatisfying(p -> assertThat(p.holdReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains(seeded.get(CLOSED).account())));
        PaidOnce.assertEveryPayoutPaidOnce(world.app, world.stripe, seeded, Set.of(CLOSED));

        // The next run pays nobody again, and sends nothing to the closed account while its payee is on hold.
        world.clock.advance(Duration.ofHours(1));
        world.stripe.clearRequests();
        PayoutRunner.Report again = world.runner(SETTINGS).run(false, PayoutRunner.Progress.NONE);

        assertThat(again.planned()).isEmpty();
        assertThat(again.skipped()).filteredOn(s -> s.payeeId().equals(CLOSED)).singleElement()
                .satisfies(s -> assertThat(s.reason()).containsIgnoringCase("hold"));
        assertThat(world.stripe.requests()).filteredOn(r -> r.path().startsWith("/v1/transfers")).isEmpty();
        PaidOnce.assertEveryPayoutPaidOnce(world.app, world.stripe, seeded, Set.of(CLOSED));
    }
}
