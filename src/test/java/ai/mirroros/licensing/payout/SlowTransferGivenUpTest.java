package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transfer request that Stripe is still working on when the run runs out of attempts: a lookup by transfer group
 * right then finds nothing, but the transfer is about to exist, and releasing the money would pay it twice later.
 * So a payout out of attempts keeps its money reserved, waits until any request must have finished, and is then
 * decided by lookup alone.
 */
class SlowTransferGivenUpTest extends DatabaseTestSupport {
    private PayoutWorld world;

    @BeforeEach
    void openWorld() throws Exception {
        world = new PayoutWorld(db);
    }

    @AfterEach
    void closeWorld() {
        world.close();
    }

    @Test
    void aTransferStillInFlightAtStripeKeepsItsMoneyReserved() throws Exception {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        // Stripe takes 4 s over this transfer; the client waits 1 s, and its retries find the key in flight (409).
        world.stripe.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", 1, Duration.ofSeconds(4)));
        TransferGateway impatient = StripeTransferGateway.connect(PayoutProcess.API_KEY, world.stripe.baseUrl(),
                Duration.ofSeconds(1));
        PayoutRunner.Settings fewAttempts = new PayoutRunner.Settings(50, 8,
                new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 3, Duration.ofHours(1)),
                Duration.ofSeconds(1));

        world.app.payoutRunner(impatient, fewAttempts).run(false, PayoutRunner.Progress.NONE);
        await("Stripe finishes the slow request").atMost(Duration.ofSeconds(30))
                .until(() -> PaidOnce.transfers(world.stripe).size() == 1);

        Payout payout = db.jdbi().withHandle(h -> PayoutStore.find(h, "po_20261127_USD_" + ENTERPRISE))
                .orElseThrow();
        List<PayoutStore.Event> history = db.jdbi().withHandle(h -> PayoutStore.events(h, payout.payoutId()));
        assertThat(payout.status()).as("a payout whose transfer exists is not failed; history: %s", history)
                .isNotEqualTo(PayoutStatus.FAILED);
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, CurrencyUnit.USD)))
                .as("money transferred at Stripe must not be available to pay again")
                .isEqualTo(Money.parse("0.00", CurrencyUnit.USD));

        world.clock.advance(RetryPolicy.SETTLE_DEFAULT.plusMinutes(1));
        PayoutRunner.Report settled = world.app.payoutRunner(impatient, fewAttempts)
                .run(false, PayoutRunner.Progress.NONE);

        assertThat(settled.paid()).isEqualTo(1);
        assertThat(PaidOnce.transfers(world.stripe)).hasSize(1);
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, CurrencyUnit.USD)))
                .isEqualTo(Money.parse("250.00", CurrencyUnit.USD));
    }

    @Test
    void aPayoutOutOfAttemptsWithNoTransferAtStripeGetsItsMoneyBackAfterSettling() throws Exception {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.stripe.faults().add(Fault.respond("POST", "/v1/transfers", 3, 503));
        PayoutRunner.Settings fewAttempts = new PayoutRunner.Settings(50, 8,
                new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 3, Duration.ofHours(1)),
                Duration.ofSeconds(1));

        PayoutRunner.Report first = world.runner(fewAttempts).run(false, PayoutRunner.Progress.NONE);

        assertThat(first.failed()).isZero();
        assertThat(first.retrying()).isEqualTo(1);
        assertThat(world.owed(AccountRef.vaultInTransit(ENTERPRISE, CurrencyUnit.USD)))
                .isEqualTo(Money.parse("250.00", CurrencyUnit.USD));

        world.clock.advance(RetryPolicy.SETTLE_DEFAULT.plusMinutes(1));
        PayoutRunner.Report settled = world.runner(fewAttempts).run(false, PayoutRunner.Progress.NONE);

        assertThat(settled.failed()).isEqualTo(1);
        assertThat(PaidOnce.transfers(world.stripe)).isEmpty();
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, CurrencyUnit.USD)))
                .isEqualTo(Money.parse("250.00", CurrencyUnit.USD));
        long sent = world.stripe.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/transfers")).count();
        assertThat(sent).as("settling asks, it does not send").isEqualTo(3);
    }
}
