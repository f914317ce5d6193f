package ai.mirroros.licensing.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.money.Allocation;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments.Adjustment;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputeClosed;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputeOpened;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputePolicy;
import ai.mirroros.licensing.revenue.PaymentAdjustments.Refund;
import ai.mirroros.licensing.revenue.PaymentAdjustments.Result;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refunds and disputes claw back the original split of a payment exactly, on H2 and PostgreSQL. Amounts are read on
 * each account's normal side, as a statement shows them: a vault's payable of 1013.90 reads 1013.90, Stripe clearing
 * (an asset) reads what the Stripe balance holds. After every scenario the journal balances per currency and the
 * activity chain verifies.
 */
class PaymentAdjustmentsTest extends DatabaseTestSupport {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant PAID = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant ADJUSTED = PAID.plus(Duration.ofDays(2));
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final CurrencyUnit EUR = CurrencyUnit.EUR;
    /** 85/15, fee shared (2.9 % + 0.00), no referrers, 7-day hold: the seed example's vault. */
    private static final String ENTERPRISE = "enterprise-vault.sig";
    /** 85/15, fee shared (2.9 % + 0.30), referred by startup-vault.sig then individual-vault.sig, 14-day hold. */
    private static final String AGENCY = "agency-fork.sig";
    private static final String STARTUP = "startup-vault.sig";
    private static final String INDIVIDUAL = "individual-vault.sig";

    private static final AccountRef PLATFORM_REVENUE = AccountRef.platformRevenue(USD);
    private static final AccountRef PROCESSING_FEES = AccountRef.processingFees(USD);
    private static final AccountRef STRIPE_CLEARING = AccountRef.stripeClearing(USD);
    private static final AccountRef DISPUTES_HELD = AccountRef.disputesHeld(USD);

    private Books books;

    @BeforeEach
    void openBooks() {
        books = new Books(db);
    }

    @AfterEach
    void everyScenarioLeavesBalancedBooksAndAVerifiedActivityChain() {
        books.assertBalancedAndVerified();
    }

    // --- refunds -----------------------------------------------------------------------------------------------

    @Test
    void fullRefundOfTheSeedPaymentReturnsVaultAndPlatformToZeroWhileStripeKeepsItsFee() {
        books.paySeed();
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("1013.90"));

        Result result = books.apply(refund("1228.45", "ch_1"));

        assertThat(result).isInstanceOf(Result.Applied.class);
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(STRIPE_CLEARING)).as("Stripe keeps its 35.63 fee on a refund").isEqualTo(usd("-35.63"));
        assertThat(books.shown(PROCESSING_FEES)).isEqualTo(usd("35.63"));
        assertThat(books.paymentTotals("evt_seed")).isEqualTo(new Totals(122_845, 0, 0));
    }

    @Test
    void fullRefundReturnsEveryReferrerLineToZero() {
        PostedPayment paid = books.pay("evt_agency", AGENCY, usd("1000.00"), "pi_2", "ch_2");
        assertThat(paid.split().referrerLines()).extracting(SplitLine::partyId).containsExactly(STARTUP, INDIVIDUAL);
        assertThat(books.shown(referrerPending(STARTUP))).isGreaterThan(usd("0.00"));
        assertThat(books.shown(referrerPending(INDIVIDUAL))).isGreaterThan(usd("0.00"));

        books.apply(refund("1000.00", "pi_2"));

        assertThat(books.shown(referrerPending(STARTUP))).isEqualTo(usd("0.00"));
        assertThat(books.shown(referrerPending(INDIVIDUAL))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultPending(AGENCY))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(STRIPE_CLEARING)).isEqualTo(paid.split().fee().negate());
    }

    @Test
    void partialRefundsOfThirtyThenAHundredPercentAddUpToExactlyTheFullClawbackPerLine() {
        books.paySeed();

        assertThat(books.apply(refund("368.54", "ch_1"))).isInstanceOf(Result.Applied.class);
        // 368.54 over fee 35.63 / partner 1013.90 / master 178.92 by largest remainder: 10.69 / 304.17 / 53.68.
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("709.73"));
        assertThat(books.shown(PLATFORM_REVENUE)).as("214.55 − 10.69 − 53.68").isEqualTo(usd("150.18"));
        assertThat(books.shown(STRIPE_CLEARING)).as("1192.82 − 368.54").isEqualTo(usd("824.28"));

        assertThat(books.apply(refund("1228.45", "ch_1"))).isInstanceOf(Result.Applied.class);
        assertThat(books.adjustmentTotals()).as("what the two refunds moved, per account, debit positive")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        vaultPending(ENTERPRISE).key(), 101_390L,
                        PLATFORM_REVENUE.key(), 3_563L + 17_892L,
                        STRIPE_CLEARING.key(), -122_845L));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(STRIPE_CLEARING)).isEqualTo(usd("-35.63"));
    }

    @Test
    void partialRefundsWithReferrersClawBackEachLineByLargestRemainder() {
        PostedPayment paid = books.pay("evt_agency", AGENCY, usd("1234.57"), "ch_2");

        books.apply(refund("370.37", "ch_2"));

        long[] clawed = Allocation.allocate(37_037, weights(paid.split()));
        List<SplitLine> lines = paid.split().lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).party() instanceof Party.Referrer referrer) {
                assertThat(books.shown(referrerPending(referrer.id()))).as(referrer.id())
                        .isEqualTo(lines.get(i).amount().minus(Money.ofMinor(clawed[i], USD)));
            }
        }
        books.apply(refund("1234.57", "ch_2"));
        assertThat(books.shown(referrerPending(STARTUP))).isEqualTo(usd("0.00"));
        assertThat(books.shown(referrerPending(INDIVIDUAL))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultPending(AGENCY))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
    }

    @Test
    void redeliveredOrOlderCumulativeRefundsChangeNothing() {
        books.paySeed();
        books.apply(refund("368.54", "ch_1"));
        List<AccountBalance> afterThirty = books.ledger();
        long headAfterThirty = books.activityHead();

        assertThat(books.apply(refund("368.54", "ch_1"))).isInstanceOf(Result.NoChange.class);
        assertThat(books.apply(refund("100.00", "pi_1"))).isInstanceOf(Result.NoChange.class);
        assertThat(books.ledger()).isEqualTo(afterThirty);
        assertThat(books.activityHead()).isEqualTo(headAfterThirty);

        books.apply(refund("1228.45", "ch_1"));
        List<AccountBalance> afterAll = books.ledger();
        long headAfterAll = books.activityHead();

        assertThat(books.apply(refund("1228.45", "ch_1"))).isInstanceOf(Result.NoChange.class);
        assertThat(books.apply(refund("368.54", "ch_1"))).isInstanceOf(Result.NoChange.class);
        assertThat(books.ledger()).isEqualTo(afterAll);
        assertThat(books.activityHead()).isEqualTo(headAfterAll);
        assertThat(books.paymentTotals("evt_seed")).isEqualTo(new Totals(122_845, 0, 0));
    }

    @Test
    void refundsDeliveredOutOfOrderEndInTheSameLedgerAsInOrder() {
        books.pay("evt_agency", AGENCY, usd("1234.57"), "ch_2");
        assertThat(books.apply(refund("1234.57", "ch_2"))).isInstanceOf(Result.Applied.class);
        assertThat(books.apply(refund("370.37", "ch_2"))).isInstanceOf(Result.NoChange.class);

        List<AccountBalance> inOrder = ledgerAfter(other -> {
            other.pay("evt_agency", AGENCY, usd("1234.57"), "ch_2");
            other.apply(refund("370.37", "ch_2"));
            other.apply(refund("1234.57", "ch_2"));
        });
        assertThat(books.ledger()).isEqualTo(inOrder);
    }

    @Test
    void concurrentDeliveriesOfOneRefundClawBackOnce() throws Exception {
        books.paySeed();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Result> results = new ArrayList<>();
        try {
            List<Callable<Result>> engines = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                engines.add(() -> books.apply(refund("368.54", "ch_1")));
            }
            for (Future<Result> f : pool.invokeAll(engines)) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).filteredOn(r -> r instanceof Result.Applied).hasSize(1);
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("709.73"));
        assertThat(books.shown(STRIPE_CLEARING)).isEqualTo(usd("824.28"));
    }

    @Test
    void aRefundForAPaymentNotYetPostedAwaitsThePaymentAndPostsNothing() {
        long head = books.activityHead();

        assertThat(books.apply(refund("1228.45", "ch_1"))).isEqualTo(new Result.AwaitingPayment("ch_1"));
        assertThat(books.ledger()).isEmpty();
        assertThat(books.activityHead()).isEqualTo(head);

        books.paySeed();
        assertThat(books.apply(refund("1228.45", "ch_1"))).isInstanceOf(Result.Applied.class);
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
    }

    @Test
    void aRefundBeforeTheReleaseHitsPendingAndTheReleaseMovesOnlyWhatIsLeft() {
        books.paySeed();
        books.apply(refund("368.54", "ch_1"));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("709.73"));
        assertThat(books.shown(vaultAvailable(ENTERPRISE))).isEqualTo(usd("0.00"));

        books.app.ledger().releaseMatured(PAID.plus(Duration.ofDays(7)));

        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultAvailable(ENTERPRISE))).as("1013.90 − 304.17").isEqualTo(usd("709.73"));
    }

    @Test
    void aRefundAfterTheReleaseHitsAvailableWhichGoesNegativeOnceItWasPaidOut() {
        PostedPayment paid = books.pay("evt_agency", AGENCY, usd("1000.00"), "ch_2");
        Money partner = paid.split().partnerPayout();
        books.app.ledger().releaseMatured(PAID.plus(Duration.ofDays(14)));
        assertThat(books.shown(vaultAvailable(AGENCY))).isEqualTo(partner);
        books.payOut(AGENCY, partner);
        assertThat(books.shown(vaultAvailable(AGENCY))).isEqualTo(usd("0.00"));

        books.apply(new Refund(List.of("ch_2"), usd("1000.00"), PAID.plus(Duration.ofDays(20))));

        assertThat(books.shown(vaultAvailable(AGENCY))).as("the vault owes back what it was paid; the next payout "
                + "nets it").isEqualTo(partner.negate());
        assertThat(books.shown(vaultPending(AGENCY))).isEqualTo(usd("0.00"));
        for (String referrer : List.of(STARTUP, INDIVIDUAL)) {
            assertThat(books.shown(referrerAvailable(referrer))).as(referrer).isEqualTo(usd("0.00"));
            assertThat(books.shown(referrerPending(referrer))).as(referrer).isEqualTo(usd("0.00"));
        }
    }

    @Test
    void aRefundSplitAcrossTheReleaseLeavesTheVaultNothingPendingAndNothingAvailable() {
        books.paySeed();
        books.apply(refund("368.54", "ch_1"));
        books.app.ledger().releaseMatured(PAID.plus(Duration.ofDays(7)));

        books.apply(new Refund(List.of("ch_1"), usd("1228.45"), PAID.plus(Duration.ofDays(8))));

        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultAvailable(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(STRIPE_CLEARING)).isEqualTo(usd("-35.63"));
    }

    @Test
    void aRefundAndALostDisputeTogetherNeverClawBackMoreThanThePayment() {
        books.paySeed();
        books.apply(refund("368.54", "ch_1"));

        books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("1228.45"), ADJUSTED));
        assertThat(books.shown(DISPUTES_HELD)).as("only what was not refunded").isEqualTo(usd("859.91"));
        books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("1228.45"), false, ADJUSTED));
        assertThat(books.apply(refund("1228.45", "ch_1"))).isInstanceOf(Result.NoChange.class);

        assertThat(books.paymentTotals("evt_seed")).isEqualTo(new Totals(36_854, 0, 85_991));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultPending(ENTERPRISE))).as("the partner pays the 15.00 dispute fee")
                .isEqualTo(usd("-15.00"));
        assertThat(books.shown(STRIPE_CLEARING)).as("1192.82 − 368.54 − 859.91 − 15.00").isEqualTo(usd("-50.63"));
    }

    // --- disputes ----------------------------------------------------------------------------------------------

    @Test
    void anOpenDisputeHoldsEachPartysProportionalShare() {
        PostedPayment paid = books.pay("evt_agency", AGENCY, usd("1000.00"), "ch_2");
        Money clearing = books.shown(STRIPE_CLEARING);

        assertThat(books.apply(new DisputeOpened("dp_1", List.of("ch_2"), usd("500.00"), ADJUSTED)))
                .isInstanceOf(Result.Applied.class);

        long[] held = Allocation.allocate(50_000, weights(paid.split()));
        long platformHeld = 0;
        List<SplitLine> lines = paid.split().lines();
        for (int i = 0; i < lines.size(); i++) {
            Money left = lines.get(i).amount().minus(Money.ofMinor(held[i], USD));
            switch (lines.get(i).party()) {
                case Party.Partner p -> assertThat(books.shown(vaultPending(p.id()))).isEqualTo(left);
                case Party.Referrer r -> assertThat(books.shown(referrerPending(r.id()))).as(r.id()).isEqualTo(left);
                case Party.Master m -> platformHeld += held[i];
                case Party.ProcessingFee f -> platformHeld += held[i];
            }
        }
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(paid.split().masterPayout().plus(paid.split().fee())
                .minus(Money.ofMinor(platformHeld, USD)));
        assertThat(books.shown(DISPUTES_HELD)).isEqualTo(usd("500.00"));
        assertThat(books.shown(STRIPE_CLEARING)).as("Stripe has not taken anything yet").isEqualTo(clearing);
        assertThat(books.paymentTotals("evt_agency")).isEqualTo(new Totals(0, 50_000, 0));
    }

    @Test
    void aWonDisputeGivesEveryPartyBackExactlyWhatWasHeld() {
        books.pay("evt_agency", AGENCY, usd("1000.00"), "ch_2");
        List<AccountBalance> beforeDispute = books.ledger();
        books.apply(new DisputeOpened("dp_1", List.of("ch_2"), usd("500.00"), ADJUSTED));
        assertThat(books.ledger()).isNotEqualTo(beforeDispute);

        assertThat(books.apply(new DisputeClosed("dp_1", List.of("ch_2"), usd("500.00"), true, ADJUSTED)))
                .isInstanceOf(Result.Applied.class);

        assertThat(books.ledger()).isEqualTo(beforeDispute);
        assertThat(books.paymentTotals("evt_agency")).isEqualTo(new Totals(0, 0, 0));
    }

    @Test
    void aDisputeHeldBeforeTheReleaseAndWonAfterItGivesTheVaultBackItsWholeShareAsAvailable() {
        books.paySeed();
        books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("600.00"), ADJUSTED));
        // 600.00 over fee 35.63 / partner 1013.90 / master 178.92 by largest remainder: 17.40 / 495.21 / 87.39.
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("518.69"));

        books.app.ledger().releaseMatured(PAID.plus(Duration.ofDays(7)));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultAvailable(ENTERPRISE))).as("only what the dispute left").isEqualTo(usd("518.69"));

        books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("600.00"), true, PAID.plus(Duration.ofDays(9))));

        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultAvailable(ENTERPRISE))).isEqualTo(usd("1013.90"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("214.55"));
        assertThat(books.shown(DISPUTES_HELD)).isEqualTo(usd("0.00"));
    }

    @Test
    void aLostDisputeHandsTheHeldAmountToStripeAndThePartnerPaysTheDisputeFee() {
        books.paySeed();
        books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("1228.45"), ADJUSTED));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(DISPUTES_HELD)).isEqualTo(usd("1228.45"));

        books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("1228.45"), false, ADJUSTED));

        assertThat(books.shown(DISPUTES_HELD)).isEqualTo(usd("0.00"));
        assertThat(books.shown(STRIPE_CLEARING)).as("1192.82 − 1228.45 − 15.00 dispute fee").isEqualTo(usd("-50.63"));
        assertThat(books.shown(vaultPending(ENTERPRISE))).as("DEFAULT: the partner bears the fee")
                .isEqualTo(usd("-15.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(PROCESSING_FEES)).isEqualTo(usd("35.63"));
        assertThat(books.paymentTotals("evt_seed")).isEqualTo(new Totals(0, 0, 122_845));

        books.app.ledger().releaseMatured(PAID.plus(Duration.ofDays(7)));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(vaultAvailable(ENTERPRISE))).isEqualTo(usd("-15.00"));
    }

    @Test
    void underAPlatformBornePolicyTheLostDisputeFeeComesOutOfPlatformRevenue() {
        books.usePolicy(new DisputePolicy("15.00", DisputePolicy.Bearer.PLATFORM));
        books.paySeed();
        books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("1228.45"), ADJUSTED));

        books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("1228.45"), false, ADJUSTED));

        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("-15.00"));
        assertThat(books.shown(STRIPE_CLEARING)).isEqualTo(usd("-50.63"));
        assertThat(books.shown(DISPUTES_HELD)).isEqualTo(usd("0.00"));
    }

    @Test
    void aLostCloseThatOvertakesItsOpenEndsInTheSameLedgerAsOpenThenClose() {
        books.paySeed();
        Result closed = books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("600.00"), false, ADJUSTED));
        assertThat(closed).isInstanceOfSatisfying(Result.Applied.class, applied -> assertThat(applied.journalSources())
                .containsExactly("dispute-hold:dp_1", "dispute-lost:dp_1"));
        assertThat(books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("600.00"), ADJUSTED)))
                .isInstanceOf(Result.NoChange.class);

        List<AccountBalance> inOrder = ledgerAfter(other -> {
            other.paySeed();
            other.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("600.00"), ADJUSTED));
            other.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("600.00"), false, ADJUSTED));
        });
        assertThat(books.ledger()).isEqualTo(inOrder);
        assertThat(books.paymentTotals("evt_seed")).isEqualTo(new Totals(0, 0, 60_000));
    }

    @Test
    void aWonCloseThatOvertakesItsOpenEndsInTheSameLedgerAsOpenThenClose() {
        books.pay("evt_agency", AGENCY, usd("1000.00"), "ch_2");
        List<AccountBalance> beforeDispute = books.ledger();

        books.apply(new DisputeClosed("dp_1", List.of("ch_2"), usd("333.33"), true, ADJUSTED));
        assertThat(books.apply(new DisputeOpened("dp_1", List.of("ch_2"), usd("333.33"), ADJUSTED)))
                .isInstanceOf(Result.NoChange.class);

        List<AccountBalance> inOrder = ledgerAfter(other -> {
            other.pay("evt_agency", AGENCY, usd("1000.00"), "ch_2");
            other.apply(new DisputeOpened("dp_1", List.of("ch_2"), usd("333.33"), ADJUSTED));
            other.apply(new DisputeClosed("dp_1", List.of("ch_2"), usd("333.33"), true, ADJUSTED));
        });
        assertThat(books.ledger()).isEqualTo(inOrder).isEqualTo(beforeDispute);
    }

    @Test
    void redeliveredDisputeEventsChangeNothing() {
        books.paySeed();
        books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("600.00"), ADJUSTED));
        List<AccountBalance> held = books.ledger();
        long headHeld = books.activityHead();

        assertThat(books.apply(new DisputeOpened("dp_1", List.of("pi_1"), usd("600.00"), ADJUSTED)))
                .isInstanceOf(Result.NoChange.class);
        assertThat(books.ledger()).isEqualTo(held);
        assertThat(books.activityHead()).isEqualTo(headHeld);

        books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("600.00"), false, ADJUSTED));
        List<AccountBalance> lost = books.ledger();
        long headLost = books.activityHead();

        assertThat(books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("600.00"), false, ADJUSTED)))
                .isInstanceOf(Result.NoChange.class);
        assertThat(books.apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("600.00"), true, ADJUSTED)))
                .as("a contradicting late close").isInstanceOf(Result.NoChange.class);
        assertThat(books.apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("600.00"), ADJUSTED)))
                .isInstanceOf(Result.NoChange.class);
        assertThat(books.ledger()).isEqualTo(lost);
        assertThat(books.activityHead()).isEqualTo(headLost);
    }

    // --- converted charges -------------------------------------------------------------------------------------

    @Test
    void aFullRefundOfAConvertedChargeClawsBackExactlyTheSettledGross() {
        books.payConverted();

        books.apply(new Refund(List.of("ch_eur"), eur("100.00"), ADJUSTED));

        assertThat(books.paymentTotals("evt_eur")).isEqualTo(new Totals(10_842, 0, 0));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
        assertThat(books.shown(PLATFORM_REVENUE)).isEqualTo(usd("0.00"));
        assertThat(books.shown(STRIPE_CLEARING)).as("105.28 − 108.42: Stripe keeps the 3.14 fee")
                .isEqualTo(usd("-3.14"));
    }

    @Test
    void aPartialRefundOfAConvertedChargeIsProportionalAtTheOriginalRate() {
        books.payConverted();

        books.apply(new Refund(List.of("ch_eur"), eur("30.00"), ADJUSTED));

        assertThat(books.paymentTotals("evt_eur")).as("30 % of 108.42 = 32.526").isEqualTo(new Totals(3_253, 0, 0));
        assertThat(books.shown(STRIPE_CLEARING)).as("105.28 − 32.53").isEqualTo(usd("72.75"));

        books.apply(new Refund(List.of("ch_eur"), eur("100.00"), ADJUSTED));
        assertThat(books.paymentTotals("evt_eur")).isEqualTo(new Totals(10_842, 0, 0));
        assertThat(books.shown(STRIPE_CLEARING)).isEqualTo(usd("-3.14"));
        assertThat(books.shown(vaultPending(ENTERPRISE))).isEqualTo(usd("0.00"));
    }

    @Test
    void aRefundInAnotherCurrencyThanTheChargeIsRefusedAndPostsNothing() {
        books.payConverted();
        List<AccountBalance> before = books.ledger();

        assertThatThrownBy(() -> books.apply(new Refund(List.of("ch_eur"), usd("108.42"), ADJUSTED)))
                .isInstanceOfSatisfying(LicensingException.class, e -> assertThat(e.code())
                        .isEqualTo("currency_mismatch"));
        assertThat(books.ledger()).isEqualTo(before);
        assertThat(books.paymentTotals("evt_eur")).isEqualTo(new Totals(0, 0, 0));
    }

    // --- fixtures ----------------------------------------------------------------------------------------------

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    private static Money eur(String amount) {
        return Money.parse(amount, EUR);
    }

    private static Refund refund(String refundedToDate, String stripeRef) {
        return new Refund(List.of(stripeRef), usd(refundedToDate), ADJUSTED);
    }

    private static AccountRef vaultPending(String vault) {
        return AccountRef.vaultPending(vault, USD);
    }

    private static AccountRef vaultAvailable(String vault) {
        return AccountRef.vaultAvailable(vault, USD);
    }

    private static AccountRef referrerPending(String referrer) {
        return AccountRef.referrerPending(referrer, USD);
    }

    private static AccountRef referrerAvailable(String referrer) {
        return AccountRef.referrerAvailable(referrer, USD);
    }

    private static long[] weights(SplitResult split) {
        return split.lines().stream().mapToLong(line -> line.amount().amountMinor()).toArray();
    }

    /** The same scenario on a fresh database of the same kind; its ledger afterwards. */
    private List<AccountBalance> ledgerAfter(Consumer<Books> scenario) {
        try (TestDatabases.TestDatabase other = TestDatabases.fresh(kind)) {
            Books otherBooks = new Books(other.database());
            scenario.accept(otherBooks);
            otherBooks.assertBalancedAndVerified();
            return otherBooks.ledger();
        }
    }

    /** A payment's cumulative adjustment totals as its row records them, in settlement minor units. */
    record Totals(long refundedMinor, long heldMinor, long lostMinor) {
    }

    /** One database with the example vaults registered, and the services that post payments and adjustments. */
    private static final class Books {
        final LicensingApp app;
        private PaymentAdjustments adjustments;

        Books(Database database) {
            this.app = LicensingApp.over(database, Clock.fixed(PAID, ZoneOffset.UTC));
            usePolicy(DisputePolicy.DEFAULT);
            app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                    REGISTERED);
        }

        void usePolicy(DisputePolicy policy) {
            adjustments = new PaymentAdjustments(app.ledger(), app.activityLog(), app.database().dialect(), policy,
                    app.json());
        }

        PostedPayment pay(String sourceId, String vault, Money gross, String... stripeIds) {
            return pay(new PaymentEvent(sourceId, vault, gross, Optional.empty(), PAID, new PaymentOrigin(
                    List.of(stripeIds), Optional.empty(), Map.of(), Optional.empty(), Optional.empty())));
        }

        /** The seed example: 1228.45 USD to enterprise-vault.sig → fee 35.63, partner 1013.90, master 178.92. */
        PostedPayment paySeed() {
            PostedPayment paid = pay("evt_seed", ENTERPRISE, usd("1228.45"), "pi_1", "ch_1");
            assertThat(paid.split().fee()).isEqualTo(usd("35.63"));
            assertThat(paid.split().partnerPayout()).isEqualTo(usd("1013.90"));
            assertThat(paid.split().masterPayout()).isEqualTo(usd("178.92"));
            return paid;
        }

        /** Charged 100.00 EUR, settled 108.42 USD: fee 3.14, net 105.28. */
        PostedPayment payConverted() {
            PaymentOrigin origin = new PaymentOrigin(List.of("pi_eur", "ch_eur"), Optional.empty(), Map.of(),
                    Optional.of(new PaymentOrigin.Conversion(eur("100.00"), new BigDecimal("1.0842"), "txn_eur")),
                    Optional.empty());
            PostedPayment paid = pay(new PaymentEvent("evt_eur", ENTERPRISE, usd("108.42"), Optional.empty(), PAID,
                    origin));
            assertThat(paid.split().net()).isEqualTo(usd("105.28"));
            return paid;
        }

        private PostedPayment pay(PaymentEvent payment) {
            List<PostedPayment> posted = app.payments().postBatch(List.of(payment));
            assertThat(posted.getFirst().alreadyPosted()).isFalse();
            return posted.getFirst();
        }

        Result apply(Adjustment adjustment) {
            return app.database().jdbi().inTransaction(handle -> adjustments.apply(handle, adjustment));
        }

        /** Simulates a payout run: the vault's available balance leaves for the bank. */
        void payOut(String vault, Money amount) {
            app.ledger().post(JournalEntry.builder("payout:" + vault, "payout", PAID.plus(Duration.ofDays(15)))
                    .description("payout to " + vault)
                    .debit(AccountRef.vaultAvailable(vault, USD), amount)
                    .credit(AccountRef.payoutsInTransit(USD), amount)
                    .build());
        }

        /** The balance on the account's normal side: what a statement shows. */
        Money shown(AccountRef account) {
            return new AccountBalance(account, app.ledger().balance(account)).normalBalance();
        }

        /** The non-zero balances: an account that went to a dispute hold and back is "as before". */
        List<AccountBalance> ledger() {
            return app.ledger().balances(Optional.empty(), Optional.empty()).stream()
                    .filter(balance -> !balance.balance().isZero()).toList();
        }

        long activityHead() {
            return app.activityLog().head().lastSeq();
        }

        Totals paymentTotals(String sourceId) {
            return app.database().jdbi().withHandle(h -> h.createQuery("""
                            SELECT refunded_minor, disputed_held_minor, dispute_lost_minor FROM payment
                            WHERE source_id = :sourceId""")
                    .bind("sourceId", sourceId)
                    .map((rs, ctx) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                    .one());
        }

        /** What all adjustment entries moved, per account key, debit positive. */
        Map<String, Long> adjustmentTotals() {
            return app.database().jdbi().withHandle(h -> h.createQuery("""
                            SELECT l.account_key, SUM(l.amount_minor) AS total FROM journal_line l
                            JOIN journal_entry e ON e.entry_id = l.entry_id
                            WHERE e.kind = :kind GROUP BY l.account_key""")
                    .bind("kind", JournalEntry.KIND_ADJUSTMENT)
                    .reduceRows(new java.util.TreeMap<String, Long>(), (map, row) -> {
                        map.put(row.getColumn("account_key", String.class), row.getColumn("total", Long.class));
                        return map;
                    }));
        }

        /** Every entry and the whole journal sum to zero per currency; the activity chain verifies. */
        void assertBalancedAndVerified() {
            List<String> unbalanced = app.database().jdbi().withHandle(h -> h.createQuery("""
                            SELECT CONCAT(CAST(entry_id AS VARCHAR(20)), ' ', currency) FROM journal_line
                            GROUP BY entry_id, currency HAVING SUM(amount_minor) <> 0""")
                    .mapTo(String.class).list());
            assertThat(unbalanced).as("unbalanced entries").isEmpty();
            List<String> totals = app.database().jdbi().withHandle(h -> h.createQuery("""
                            SELECT CONCAT(currency, ' ', CAST(SUM(amount_minor) AS VARCHAR(30))) FROM journal_line
                            GROUP BY currency""")
                    .mapTo(String.class).list());
            assertThat(totals).as("journal total per currency").allSatisfy(total -> assertThat(total).endsWith(" 0"));
            assertThat(app.activityLog().verify().ok()).as("activity chain verifies").isTrue();
        }
    }
}
