package ai.mirroros.licensing.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.money.Allocation;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputePolicy;
import ai.mirroros.licensing.revenue.PaymentAdjustments.PaymentState;
import ai.mirroros.licensing.revenue.PaymentAdjustments.Result;
import ai.mirroros.licensing.split.FeeSource;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.Provenance;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The clawback rule's invariants. The pure ones test {@link PaymentState} directly: cumulative refunds post deltas
 * that add up to the allocation of the final total, no line gives back more than it got, and a converted charge maps
 * to the settled gross exactly and monotonically. The applied ones run random sequences of refunds, disputes and a
 * release through {@link PaymentAdjustments} on one shared embedded database (the dual-database behaviour is covered
 * by {@link PaymentAdjustmentsTest}); each try is a new payment, and its own entries are checked exactly.
 */
class PaymentAdjustmentsProperties {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final long LINE_MINOR_MAX = 1_000_000_000_000L;
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant PAID = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant ADJUSTED = PAID.plus(Duration.ofDays(1));
    /** Past every example vault's holding period (at most 30 days). */
    private static final Instant RELEASED = PAID.plus(Duration.ofDays(30));
    private static final List<String> USD_VAULTS = List.of("enterprise-vault.sig", "agency-fork.sig",
            "startup-vault.sig", "individual-vault.sig");
    private static final AtomicLong PAYMENTS = new AtomicLong();
    /**
     * Stripe allows one dispute per charge, and a payment is one charge. (With two, a dispute closed while nothing
     * could be held leaves no trace, so a later delivery of its open can hold money that is never released.)
     */
    private static final int DISPUTES_PER_PAYMENT = 1;

    private static TestDatabases.TestDatabase database;
    private static LicensingApp app;
    private static PaymentAdjustments adjustments;

    @BeforeContainer
    static void openDatabase() {
        database = TestDatabases.fresh(TestDatabases.Kind.H2);
        app = LicensingApp.over(database.database(), Clock.fixed(PAID, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                REGISTERED);
        adjustments = new PaymentAdjustments(app.ledger(), app.activityLog(), app.database().dialect(),
                DisputePolicy.DEFAULT, app.json());
    }

    @AfterContainer
    static void closeDatabase() {
        database.close();
    }

    // --- the pure rule -----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<SplitResult> splits() {
        Arbitrary<Long> amount = Arbitraries.longs().between(0, LINE_MINOR_MAX)
                .edgeCases(edges -> edges.includeOnly(0L, 1L));
        return Combinators.combine(amount, amount, amount.list().ofMaxSize(3), amount)
                .as(PaymentAdjustmentsProperties::split)
                .filter(split -> split.gross().isPositive());
    }

    @Property(tries = 500)
    void cumulativeRefundsPostDeltasThatAddUpToTheAllocationOfTheFinalTotal(
            @ForAll("splits") SplitResult split,
            @ForAll("fractions") List<Integer> refundedToDateBasisPoints) {
        PaymentState state = stateOf(split);
        long gross = split.gross().amountMinor();
        long[] posted = new long[split.lines().size()];
        long finalTotal = 0;
        for (int basisPoints : refundedToDateBasisPoints) {
            long refunded = Math.min(fraction(gross, basisPoints), gross);
            finalTotal = Math.max(finalTotal, refunded);
            if (refunded <= state.refundedMinor()) {
                continue; // a redelivery or an older total: nothing is posted
            }
            PaymentState after = state.withRefunded(refunded);
            long[] was = state.clawbackPerLine();
            long[] now = after.clawbackPerLine();
            long stepSum = 0;
            for (int i = 0; i < posted.length; i++) {
                posted[i] += now[i] - was[i];
                stepSum += now[i] - was[i];
            }
            assertThat(stepSum).as("one step claws back exactly its increase").isEqualTo(refunded
                    - state.refundedMinor());
            state = after;
        }
        assertThat(posted).isEqualTo(Allocation.allocate(finalTotal, weights(split)));
    }

    @Property(tries = 1_000)
    void noLineGivesBackMoreThanItGotAndTheLinesSumToTheReversedAmount(
            @ForAll("splits") SplitResult split, @ForAll @LongRange(min = 0, max = 10_000) long basisPoints) {
        long reversed = fraction(split.gross().amountMinor(), (int) basisPoints);

        long[] clawback = stateOf(split).withRefunded(reversed).clawbackPerLine();

        long sum = 0;
        for (int i = 0; i < clawback.length; i++) {
            assertThat(clawback[i]).as("line %d", i).isBetween(0L, split.lines().get(i).amount().amountMinor());
            sum += clawback[i];
        }
        assertThat(sum).isEqualTo(reversed);
    }

    @Property(tries = 300)
    void aFullReversalClawsBackEveryLineExactly(@ForAll("splits") SplitResult split) {
        PaymentState state = stateOf(split);

        assertThat(state.withRefunded(split.gross().amountMinor()).clawbackPerLine()).isEqualTo(weights(split));
        assertThat(state.withHeld(split.gross().amountMinor()).clawbackPerLine())
                .as("a dispute holding everything, too").isEqualTo(weights(split));
    }

    @Property(tries = 1_000)
    void theWholeChargeConvertsToTheSettledGrossAndNoMore(
            @ForAll @LongRange(min = 1, max = LINE_MINOR_MAX) long grossMinor,
            @ForAll @LongRange(min = 1, max = LINE_MINOR_MAX) long chargeMinor,
            @ForAll @LongRange(min = 0, max = 1_000) long aboveMinor) {
        PaymentState converted = convertedState(grossMinor, chargeMinor);

        assertThat(converted.toSettlement(Money.ofMinor(chargeMinor, CurrencyUnit.EUR))).isEqualTo(grossMinor);
        assertThat(converted.toSettlement(Money.ofMinor(chargeMinor + aboveMinor, CurrencyUnit.EUR)))
                .isEqualTo(grossMinor);
        assertThat(converted.toSettlement(Money.zero(CurrencyUnit.EUR))).isZero();
    }

    @Property(tries = 1_000)
    void conversionIsMonotoneAndTheNearestMinorUnitOfTheChargeProportion(
            @ForAll @LongRange(min = 1, max = LINE_MINOR_MAX) long grossMinor,
            @ForAll @LongRange(min = 1, max = LINE_MINOR_MAX) long chargeMinor,
            @ForAll @LongRange(min = 0, max = 10_000) long firstBasisPoints,
            @ForAll @LongRange(min = 0, max = 10_000) long secondBasisPoints) {
        PaymentState converted = convertedState(grossMinor, chargeMinor);
        long smaller = fraction(chargeMinor, (int) Math.min(firstBasisPoints, secondBasisPoints));
        long larger = fraction(chargeMinor, (int) Math.max(firstBasisPoints, secondBasisPoints));

        long settledSmaller = converted.toSettlement(Money.ofMinor(smaller, CurrencyUnit.EUR));
        long settledLarger = converted.toSettlement(Money.ofMinor(larger, CurrencyUnit.EUR));

        assertThat(settledSmaller).isLessThanOrEqualTo(settledLarger).isBetween(0L, grossMinor);
        // |settled × charge − gross × amount| ≤ charge / 2: the exact proportion, rounded to the nearest minor unit.
        BigInteger error = BigInteger.valueOf(settledLarger).multiply(BigInteger.valueOf(chargeMinor))
                .subtract(BigInteger.valueOf(grossMinor).multiply(BigInteger.valueOf(larger))).abs();
        assertThat(error.shiftLeft(1)).isLessThanOrEqualTo(BigInteger.valueOf(chargeMinor));
    }

    @Property(tries = 300)
    void anUnconvertedChargeSettlesAsIsUpToTheGross(@ForAll("splits") SplitResult split,
                                                   @ForAll @LongRange(min = 0, max = LINE_MINOR_MAX) long amount) {
        long settled = stateOf(split).toSettlement(Money.ofMinor(amount, USD));

        assertThat(settled).isEqualTo(Math.min(amount, split.gross().amountMinor()));
    }

    // --- applied to the ledger ---------------------------------------------------------------------------------

    /** One event of a payment's life after it was posted. */
    sealed interface Step permits RefundStep, OpenStep, CloseStep, ReleaseStep {
    }

    /**
     * A dispute as Stripe keeps it: its amount (a fraction of the gross, in basis points) is fixed when it is created
     * and its outcome when it closes, so every delivery about it carries the same ones.
     */
    record Dispute(int basisPoints, boolean won) {
    }

    /** Stripe's amount_refunded as a fraction of the gross, in basis points. */
    record RefundStep(int basisPoints) implements Step {
    }

    record OpenStep(int dispute) implements Step {
    }

    record CloseStep(int dispute) implements Step {
    }

    /** The holding period ends and the release runs. */
    record ReleaseStep() implements Step {
    }

    @Provide
    Arbitrary<List<Integer>> fractions() {
        return Arbitraries.integers().between(0, 10_000).edgeCases(edges -> edges.includeOnly(0, 10_000))
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Step>> refundSteps() {
        Arbitrary<Step> refund = Arbitraries.integers().between(0, 10_000).map(RefundStep::new);
        return Arbitraries.frequencyOf(Tuple.of(6, refund), Tuple.of(1, Arbitraries.<Step>just(new ReleaseStep())))
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Step>> mixedSteps() {
        Arbitrary<Integer> fraction = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Integer> dispute = Arbitraries.integers().between(1, DISPUTES_PER_PAYMENT);
        Arbitrary<Step> refund = fraction.map(RefundStep::new);
        Arbitrary<Step> open = dispute.map(OpenStep::new);
        Arbitrary<Step> close = dispute.map(CloseStep::new);
        return Arbitraries.frequencyOf(Tuple.of(3, refund), Tuple.of(3, open), Tuple.of(3, close),
                Tuple.of(1, Arbitraries.<Step>just(new ReleaseStep()))).list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 40)
    void refundsInAnyOrderClawBackTheAllocationOfTheLargestTotal(
            @ForAll("grossMinor") long grossMinor, @ForAll("usdVaults") String vault,
            @ForAll("refundSteps") List<Step> steps) {
        Payment payment = Payment.post(vault, grossMinor, List.of());
        Model model = new Model(grossMinor, List.of());
        for (Step step : steps) {
            Result result = payment.apply(step);
            boolean changed = model.apply(step);
            assertThat(result instanceof Result.Applied).as("%s → %s", step, result).isEqualTo(changed);
        }
        payment.assertMatches(model);
    }

    @Property(tries = 80)
    void refundsAndDisputesInAnyOrderKeepEveryPartyAtTheAllocationOfTheReversedTotal(
            @ForAll("grossMinor") long grossMinor, @ForAll("usdVaults") String vault,
            @ForAll("disputes") List<Dispute> disputes,
            @ForAll("mixedSteps") List<Step> steps) {
        Payment payment = Payment.post(vault, grossMinor, disputes);
        Model model = new Model(grossMinor, disputes);
        for (Step step : steps) {
            Result result = payment.apply(step);
            boolean changed = model.apply(step);
            assertThat(result instanceof Result.Applied).as("%s → %s", step, result).isEqualTo(changed);
        }
        payment.assertMatches(model);
    }

    @Provide
    Arbitrary<List<Dispute>> disputes() {
        Arbitrary<Integer> basisPoints = Arbitraries.integers().between(0, 10_000)
                .edgeCases(edges -> edges.includeOnly(10_000));
        return Combinators.combine(basisPoints, Arbitraries.of(true, false)).as(Dispute::new)
                .list().ofSize(DISPUTES_PER_PAYMENT);
    }

    @Provide
    Arbitrary<Long> grossMinor() {
        return Arbitraries.longs().between(1, 10_000_000L).edgeCases(edges -> edges.includeOnly(1L, 122_845L));
    }

    @Provide
    Arbitrary<String> usdVaults() {
        return Arbitraries.of(USD_VAULTS);
    }

    /**
     * What the payment row must say after the steps: the refund, hold and loss rules restated from the class
     * Javadoc, independent of the journal.
     */
    static final class Model {
        final long gross;
        final List<Dispute> disputes;
        long refunded;
        long lost;
        int disputesLost;
        boolean released;
        final Map<Integer, Long> held = new HashMap<>();
        final Set<Integer> closed = new HashSet<>();

        Model(long gross, List<Dispute> disputes) {
            this.gross = gross;
            this.disputes = disputes;
        }

        boolean won(CloseStep close) {
            return disputes.get(close.dispute() - 1).won();
        }

        long heldTotal() {
            return held.values().stream().mapToLong(Long::longValue).sum();
        }

        /** True when the step posts something. */
        boolean apply(Step step) {
            return switch (step) {
                case RefundStep refund -> {
                    long target = Math.min(fraction(gross, refund.basisPoints()), gross - heldTotal() - lost);
                    if (target <= refunded) {
                        yield false;
                    }
                    refunded = target;
                    yield true;
                }
                case OpenStep open -> open(open.dispute());
                case CloseStep close -> {
                    boolean heldNow = !held.containsKey(close.dispute()) && open(close.dispute());
                    if (closed.contains(close.dispute())) {
                        yield heldNow;
                    }
                    long amount = held.getOrDefault(close.dispute(), 0L);
                    // A closed dispute is over: it never holds again, whatever arrives later.
                    held.put(close.dispute(), 0L);
                    closed.add(close.dispute());
                    if (amount == 0 && won(close)) {
                        yield heldNow; // nothing held, nothing to give back: nothing to post
                    }
                    if (!won(close)) {
                        lost += amount;
                        disputesLost++;
                    }
                    yield true;
                }
                case ReleaseStep release -> {
                    released = true;
                    yield false; // releases move what is pending; they are no adjustment
                }
            };
        }

        private boolean open(int dispute) {
            if (held.containsKey(dispute)) {
                return false;
            }
            long room = gross - refunded - heldTotal() - lost;
            long amount = Math.min(fraction(gross, disputes.get(dispute - 1).basisPoints()), room);
            if (amount <= 0) {
                return false;
            }
            held.put(dispute, amount);
            return true;
        }
    }

    /** One posted payment of the shared database, named uniquely per try. */
    record Payment(String sourceId, String chargeId, PostedPayment posted, List<Dispute> disputes) {
        static Payment post(String vault, long grossMinor, List<Dispute> disputes) {
            long n = PAYMENTS.incrementAndGet();
            String sourceId = "evt_prop_" + n;
            String chargeId = "ch_prop_" + n;
            PaymentEvent event = new PaymentEvent(sourceId, vault, Money.ofMinor(grossMinor, USD), Optional.empty(),
                    PAID, new PaymentOrigin(List.of("pi_prop_" + n, chargeId), Optional.empty(), Map.of(),
                    Optional.empty(), Optional.empty()));
            return new Payment(sourceId, chargeId, app.payments().postBatch(List.of(event)).getFirst(),
                    disputes);
        }

        long gross() {
            return posted.split().gross().amountMinor();
        }

        /** A dispute's amount is fixed when it is created: its open and close events carry the same one. */
        Money disputed(int dispute) {
            return Money.ofMinor(fraction(gross(), disputes.get(dispute - 1).basisPoints()), USD);
        }

        boolean won(CloseStep close) {
            return disputes.get(close.dispute() - 1).won();
        }

        String disputeId(int dispute) {
            return "dp_" + sourceId + "_" + dispute;
        }

        Result apply(Step step) {
            List<String> refs = List.of(chargeId);
            PaymentAdjustments.Adjustment adjustment = switch (step) {
                case RefundStep refund -> new PaymentAdjustments.Refund(refs,
                        Money.ofMinor(fraction(gross(), refund.basisPoints()), USD), ADJUSTED);
                case OpenStep open -> new PaymentAdjustments.DisputeOpened(disputeId(open.dispute()), refs,
                        disputed(open.dispute()), ADJUSTED);
                case CloseStep close -> new PaymentAdjustments.DisputeClosed(disputeId(close.dispute()), refs,
                        disputed(close.dispute()), won(close), ADJUSTED);
                case ReleaseStep release -> null;
            };
            if (adjustment == null) {
                app.ledger().releaseMatured(RELEASED);
                return new Result.NoChange(sourceId, "release");
            }
            return app.database().jdbi().inTransaction(handle -> adjustments.apply(handle, adjustment));
        }

        /**
         * The row says what the model says, and this payment's entries (its posting, its adjustments and their
         * releases) leave every party exactly its line minus the clawback of the reversed total.
         */
        void assertMatches(Model model) {
            long[] row = app.database().jdbi().withHandle(h -> h.createQuery("""
                            SELECT refunded_minor, disputed_held_minor, dispute_lost_minor FROM payment
                            WHERE source_id = :sourceId""")
                    .bind("sourceId", sourceId)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                    .one());
            assertThat(row).as("refunded, held, lost").containsExactly(model.refunded, model.heldTotal(), model.lost);
            long reversed = model.refunded + model.heldTotal() + model.lost;
            assertThat(reversed).isLessThanOrEqualTo(gross());

            Map<AccountRef, Long> net = netOfThisPayment();
            long[] clawback = Allocation.allocate(reversed, weights(posted.split()));
            long disputeFees = model.disputesLost * DisputePolicy.DEFAULT.fee(USD).amountMinor();
            Map<AccountRef, Long> expected = new HashMap<>();
            List<SplitLine> lines = posted.split().lines();
            for (int i = 0; i < lines.size(); i++) {
                long left = clawback[i] - lines.get(i).amount().amountMinor(); // debit positive: what is still owed
                AccountRef owed = switch (lines.get(i).party()) {
                    case Party.Partner partner -> AccountRef.vaultAvailable(partner.id(), USD);
                    case Party.Referrer referrer -> AccountRef.referrerAvailable(referrer.id(), USD);
                    case Party.Master master -> AccountRef.platformRevenue(USD);
                    case Party.ProcessingFee fee -> AccountRef.platformRevenue(USD);
                };
                expected.merge(owed, left, Long::sum);
            }
            expected.merge(AccountRef.vaultAvailable(posted.vaultId(), USD), disputeFees, Long::sum);
            expected.put(AccountRef.stripeClearing(USD), posted.split().net().amountMinor() - model.refunded
                    - model.lost - disputeFees);
            expected.put(AccountRef.processingFees(USD), posted.split().fee().amountMinor());
            expected.put(AccountRef.disputesHeld(USD), -model.heldTotal());

            Map<AccountRef, Long> owedOnEitherSide = new HashMap<>();
            net.forEach((account, amount) -> owedOnEitherSide.merge(
                    account.type().isPending() ? account.releasedTo().orElseThrow() : account, amount, Long::sum));
            expected.values().removeIf(v -> v == 0);
            owedOnEitherSide.values().removeIf(v -> v == 0);
            assertThat(owedOnEitherSide).isEqualTo(expected);

            // Until the payment's release, its corrections wait on the pending accounts with it; after it (or when
            // the payment left nothing pending, e.g. a fee as large as the gross) they hit the available ones.
            boolean waitsForRelease = !model.released && posted.split().lines().stream().anyMatch(line ->
                    (line.party() instanceof Party.Partner || line.party() instanceof Party.Referrer)
                            && line.amount().isPositive());
            net.forEach((account, amount) -> {
                boolean available = account.type() == AccountType.VAULT_AVAILABLE
                        || account.type() == AccountType.REFERRER_AVAILABLE;
                boolean untouched = waitsForRelease ? available : account.type().isPending();
                assertThat(untouched ? amount : 0L).as("%s (waits for release: %s)", account, waitsForRelease)
                        .isZero();
            });
        }

        /** Per account, what this payment's posting, adjustments and their releases moved (debit positive). */
        private Map<AccountRef, Long> netOfThisPayment() {
            List<String> own = new ArrayList<>(List.of(sourceId));
            for (int dispute = 1; dispute <= DISPUTES_PER_PAYMENT; dispute++) {
                for (String prefix : List.of("dispute-hold:", "dispute-won:", "dispute-lost:")) {
                    own.add(prefix + disputeId(dispute));
                }
            }
            Map<AccountRef, Long> net = new HashMap<>();
            app.database().jdbi().useHandle(h -> h.createQuery("""
                            SELECT l.account_key, SUM(l.amount_minor) FROM journal_line l
                            JOIN journal_entry e ON e.entry_id = l.entry_id
                            WHERE e.source_id IN (<own>) OR e.source_id LIKE :refunds
                               OR e.source_id IN (SELECT CONCAT('release:', CAST(o.entry_id AS VARCHAR(20)))
                                    FROM journal_entry o WHERE o.source_id IN (<own>) OR o.source_id LIKE :refunds)
                            GROUP BY l.account_key""")
                    .bindList("own", own)
                    .bind("refunds", "refund:" + sourceId + ":%")
                    .map((rs, ctx) -> Map.entry(AccountRef.parseKey(rs.getString(1)), rs.getLong(2)))
                    .forEach(e -> net.put(e.getKey(), e.getValue())));
            return net;
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static SplitResult split(long fee, long partner, List<Long> referrers, long master) {
        List<SplitLine> lines = new ArrayList<>();
        lines.add(line(Party.ProcessingFee.STRIPE, fee));
        lines.add(line(new Party.Partner("partner.sig"), partner));
        for (int level = 1; level <= referrers.size(); level++) {
            lines.add(line(new Party.Referrer(level, "referrer-" + level + ".sig"), referrers.get(level - 1)));
        }
        lines.add(line(Party.Master.PLATFORM, master));
        long gross = lines.stream().mapToLong(l -> l.amount().amountMinor()).sum();
        return new SplitResult(Money.ofMinor(gross, USD), Money.ofMinor(fee, USD), Money.ofMinor(gross - fee, USD),
                FeeSource.SCHEDULE, lines);
    }

    private static SplitLine line(Party party, long amountMinor) {
        return new SplitLine(party, Money.ofMinor(amountMinor, USD), new Provenance("property", Percentage.ZERO,
                Money.zero(USD), ""));
    }

    private static PaymentState stateOf(SplitResult split) {
        return new PaymentState("evt_pure", "partner.sig", USD, split.gross().amountMinor(), Optional.empty(), 0,
                1, split, 0, 0, 0);
    }

    /** Charged {@code chargeMinor} EUR cents, settled {@code grossMinor} USD cents, all to the partner. */
    private static PaymentState convertedState(long grossMinor, long chargeMinor) {
        SplitResult split = split(0, grossMinor, List.of(), 0);
        return new PaymentState("evt_pure", "partner.sig", USD, grossMinor, Optional.of(CurrencyUnit.EUR),
                chargeMinor, 1, split, 0, 0, 0);
    }

    private static long[] weights(SplitResult split) {
        return split.lines().stream().mapToLong(l -> l.amount().amountMinor()).toArray();
    }

    /** {@code basisPoints} of {@code wholeMinor}, rounded down (exact for any long). */
    static long fraction(long wholeMinor, int basisPoints) {
        return BigInteger.valueOf(wholeMinor).multiply(BigInteger.valueOf(basisPoints))
                .divide(BigInteger.valueOf(10_000)).longValueExact();
    }
}
