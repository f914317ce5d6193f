package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.ENTERPRISE;
import static ai.mirroros.licensing.payout.PayoutWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import com.stripe.StripeClient;
import com.stripe.model.Transfer;
import com.stripe.param.TransferListParams;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PayoutRunnerTest extends DatabaseTestSupport {
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
    void aDuePayeeIsPaidItsAvailableBalanceOnceWithTheLedgerFollowing() {
        String account = world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.creditReferrer(ENTERPRISE, "12.34");

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        String payoutId = "po_20261127_USD_" + ENTERPRISE;
        assertThat(report.paid()).isEqualTo(1);
        assertThat(report.planned()).extracting(PayoutRunner.Planned::payoutId).containsExactly(payoutId);
        List<Transfer> transfers = transfers();
        assertThat(transfers).singleElement().satisfies(t -> {
            assertThat(t.getAmount()).isEqualTo(26_234L);
            assertThat(t.getDestination()).isEqualTo(account);
            assertThat(t.getTransferGroup()).isEqualTo(payoutId);
            assertThat(t.getMetadata()).containsEntry("payout_id", payoutId);
        });
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("0.00"));
        assertThat(world.owed(AccountRef.referrerAvailable(ENTERPRISE, USD))).isEqualTo(usd("0.00"));
        assertThat(world.owed(AccountRef.vaultInTransit(ENTERPRISE, USD))).isEqualTo(usd("0.00"));
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
        assertThat(world.owed(AccountRef.referrerPaidOut(ENTERPRISE, USD))).isEqualTo(usd("12.34"));
        assertThat(world.app.ledger().balance(AccountRef.connectTransfers(USD))).isEqualTo(usd("262.34"));
        Payout payout = payout(payoutId);
        assertThat(payout.status()).isEqualTo(PayoutStatus.PAID);
        assertThat(payout.transferId()).contains(transfers.getFirst().getId());
        assertThat(payout.dueDate()).isEqualTo(LocalDate.of(2026, 11, 27));

        world.creditAvailable(ENTERPRISE, "500.00");
        PayoutRunner.Report again = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(again.planned()).isEmpty();
        assertThat(again.skipReasons()).containsKey(
                "already has a payout for due date 2026-11-27 (next due date not reached)");
        assertThat(transfers()).hasSize(1);
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("500.00"));
    }

    @Test
    void theNextDueDatePaysWhatAccumulatedSince() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.runner().run(false, PayoutRunner.Progress.NONE);
        world.creditAvailable(ENTERPRISE, "120.00");

        world.clock.advance(Duration.ofDays(7));
        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.planned()).extracting(PayoutRunner.Planned::payoutId)
                .containsExactly("po_20261204_USD_" + ENTERPRISE);
        assertThat(transfers()).extracting(Transfer::getAmount).containsExactlyInAnyOrder(25_000L, 12_000L);
    }

    @Test
    void payeesThatMayNotBePaidAreSkippedWithTheReason() {
        world.creditAvailable("startup-vault.sig", "500.00");           // not onboarded
        world.creditAvailable("individual-vault.sig", "500.00");    // automatic payouts off
        world.onboardVerified("individual-vault.sig");
        world.creditAvailable("agency-fork.sig", "500.00");
        world.savePayee("agency-fork.sig", world.stripe.createExpressAccount("US", java.util.Map.of()),
                KycStatus.PENDING, TaxDocument.MISSING, false, Optional.empty());
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "99.99");                     // below the 100.00 minimum
        world.creditAvailable("no-such-vault", "500.00");

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.planned()).isEmpty();
        assertThat(transfers()).isEmpty();
        assertThat(report.skipped()).extracting(PayoutStore.Skip::payeeId, PayoutStore.Skip::reason)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("startup-vault.sig",
                                "not onboarded (run: licensing partners onboard startup-vault.sig)"),
                        org.assertj.core.groups.Tuple.tuple("agency-fork.sig",
                                "KYC pending; no tax form on file (W-9 or W-8BEN); payout account not verified"),
                        org.assertj.core.groups.Tuple.tuple("individual-vault.sig",
                                "automatic payouts are off for this vault"),
                        org.assertj.core.groups.Tuple.tuple(ENTERPRISE, "below the minimum of 100.00 USD"),
                        org.assertj.core.groups.Tuple.tuple("no-such-vault", "not a registered vault"));
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("99.99"));
    }

    @Test
    void aDryRunReportsThePlanAndChangesNothing() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");

        PayoutRunner.Report report = world.runner().run(true, PayoutRunner.Progress.NONE);

        assertThat(report.planned()).extracting(PayoutRunner.Planned::amount).containsExactly(usd("250.00"));
        assertThat(transfers()).isEmpty();
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
        long payouts = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payout").mapTo(Long.class).one());
        assertThat(payouts).isZero();
    }

    @Test
    void transientFailuresAreRetriedWithTheSameIdempotencyKey() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.stripe.faults().add(Fault.respond("POST", "/v1/transfers", 2, 503));

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.paid()).isEqualTo(1);
        assertThat(transfers()).hasSize(1);
        Payout payout = payout("po_20261127_USD_" + ENTERPRISE);
        assertThat(payout.attempts()).isEqualTo(3);
        assertThat(transferRequestKeys()).hasSize(3).containsOnly(payout.idempotencyKey());
    }

    @Test
    void aResponseLostAfterTheTransferWasMadeYieldsOneTransfer() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.stripe.faults().add(Fault.failAfterCommit("POST", "/v1/transfers", 1));

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.paid()).isEqualTo(1);
        assertThat(transfers()).hasSize(1);
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
    }

    @Test
    void anInsufficientPlatformBalanceKeepsTheMoneyReservedAndRetriesAfterSettlement() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        drainPlatformBalance();

        PayoutRunner.Report first = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(first.paid()).isZero();
        assertThat(first.retrying()).isEqualTo(1);
        assertThat(world.owed(AccountRef.vaultInTransit(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("0.00"));

        world.fundPlatform(100_000L);
        world.clock.advance(Duration.ofHours(2));
        PayoutRunner.Report second = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(second.paid()).isEqualTo(1);
        assertThat(transfers()).hasSize(1);
        assertThat(transferRequestKeys()).containsExactly("payout-po_20261127_USD_" + ENTERPRISE,
                "payout-po_20261127_USD_" + ENTERPRISE + "-2");
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
    }

    @Test
    void aPayoutLeftInFlightByACrashIsRecordedFromStripeBeforeAnythingElse() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        // The crash: planned and claimed, the transfer made, the answer never recorded.
        PayoutRunner runner = world.runner();
        List<Payout> planned = runner.plan(PayoutWorld.FRIDAY, false, PayoutRunner.Progress.NONE).candidates();
        runner.reserve(planned, PayoutRunner.Progress.NONE);
        Payout claimed = db.jdbi().inTransaction(h -> new PayoutStore(db.dialect()).claimDue(h,
                world.clock.instant(), 10)).getFirst();
        assertThat(world.gateway.transfer(claimed)).isInstanceOf(TransferGateway.Attempt.Made.class);

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.recovered()).isEqualTo(1);
        assertThat(transfers()).hasSize(1);
        assertThat(payout(claimed.payoutId()).status()).isEqualTo(PayoutStatus.PAID);
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
        assertThat(world.owed(AccountRef.vaultInTransit(ENTERPRISE, USD))).isEqualTo(usd("0.00"));
    }

    @Test
    void aPayoutPlannedButNeverSubmittedIsSubmittedByTheNextRun() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        PayoutRunner runner = world.runner();
        runner.reserve(runner.plan(PayoutWorld.FRIDAY, false, PayoutRunner.Progress.NONE).candidates(),
                PayoutRunner.Progress.NONE);

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.paid()).isEqualTo(1);
        assertThat(report.planned()).isEmpty();
        assertThat(transfers()).hasSize(1);
    }

    @Test
    void aPayeePutOnHoldAfterItsPayoutWasPlannedIsNotPaidAndGetsItsMoneyBack() {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        PayoutRunner runner = world.runner();
        runner.reserve(runner.plan(PayoutWorld.FRIDAY, false, PayoutRunner.Progress.NONE).candidates(),
                PayoutRunner.Progress.NONE);
        db.jdbi().useHandle(h -> PayeeStore.hold(h, ENTERPRISE, "fraud review", world.clock.instant()));

        PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(transfers()).isEmpty();
        Payout payout = payout("po_20261127_USD_" + ENTERPRISE);
        assertThat(payout.status()).isEqualTo(PayoutStatus.FAILED);
        assertThat(payout.lastError()).hasValueSatisfying(e -> assertThat(e).contains("on hold: fraud review"));
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
        assertThat(world.owed(AccountRef.vaultInTransit(ENTERPRISE, USD))).isEqualTo(usd("0.00"));
    }

    private void drainPlatformBalance() {
        long available = world.stripe.balance().available("usd");
        String sink = world.stripe.createExpressAccount("US", java.util.Map.of());
        world.stripe.completeOnboarding(sink);
        try {
            client().v1().transfers().create(com.stripe.param.TransferCreateParams.builder().setAmount(available)
                    .setCurrency("usd").setDestination(sink).build());
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
    }

    private List<Transfer> transfers() {
        List<Transfer> all = new ArrayList<>();
        try {
            for (Transfer t : client().v1().transfers().list(TransferListParams.builder().setLimit(100L).build())
                    .autoPagingIterable()) {
                if (t.getTransferGroup() != null) {
                    all.add(t);
                }
            }
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
        return all;
    }

    private List<String> transferRequestKeys() {
        return world.stripe.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/transfers"))
                .map(r -> r.idempotencyKey().orElse(""))
                .filter(key -> key.startsWith("payout-")) // not the test's own transfers
                .toList();
    }

    private StripeClient client() {
        return StripeClient.builder().setApiKey("sk_test_payouts").setApiBase(world.stripe.baseUrl()).build();
    }

    private Payout payout(String id) {
        return db.jdbi().withHandle(h -> PayoutStore.find(h, id)).orElseThrow();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }
}
