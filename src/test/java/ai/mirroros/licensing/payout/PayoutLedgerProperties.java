package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.FakeStripe.Answer;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputePolicy;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jdbi.v3.core.Handle;

/**
 * The payout money invariants under any sequence of payments, refunds, disputes, holding-period releases, payout
 * runs against a Stripe that fails in every way it can, and transfer reversals: per owner and currency, what the
 * owner is owed in every state (pending + available + in transit + paid out) is exactly what payments credited minus
 * what refunds and disputes clawed back; the payout rows, the ledger and Stripe's transfers agree; nothing that may
 * not go negative does.
 *
 * <p>Each try runs on its own fresh embedded database (PostgreSQL behaviour of the same code is covered by
 * {@link PayoutRunnerTest} and the revenue tests): a fresh database keeps payout ids (payee, currency, due date) and
 * the activity chain, which is verified after every action, private to the try. The runner claims one payout per
 * batch and Stripe's retry-after fixes every retry time, so a try is deterministic and its counterexample replays.
 */
class PayoutLedgerProperties {
    static final String ENTERPRISE = "enterprise-vault.sig";
    /** Referred by startup-vault.sig (level 1) and individual-vault.sig (level 2). */
    static final String AGENCY = "agency-fork.sig";
    /** Referred by individual-vault.sig. */
    static final String STARTUP = "startup-vault.sig";
    /** Automatic payouts off: it only accumulates, as a referrer and as a vault. */
    static final String INDIVIDUAL = "individual-vault.sig";
    /** Settles in EUR, referred by enterprise-vault.sig, which so earns EUR commissions too. */
    static final String PREMIUM = "premium-enterprise-vault.sig";
    static final List<String> SELLERS = List.of(ENTERPRISE, AGENCY, STARTUP, PREMIUM);
    static final List<String> PAYEES = List.of(ENTERPRISE, AGENCY, STARTUP, INDIVIDUAL, PREMIUM);

    /** A Friday: enterprise-vault.sig's weekly due day. */
    static final Instant START = Instant.parse("2026-11-27T12:00:00Z");
    static final Instant REGISTERED = Instant.parse("2025-01-01T00:00:00Z");
    /** Longer than the holding period of every vault that pays out (at most 14 days). */
    static final Duration MATURED_AGO = Duration.ofDays(15);
    /**
     * One payout per batch and concurrency one, so the fake's script is consumed in the runner's claim order; no
     * waiting inside a run (retries fall due in later runs, after the clock moved). The back-off is shorter than the
     * fake's one-hour Retry-After, which therefore fixes every retry time: no jitter, the same run every replay.
     */
    static final PayoutRunner.Settings SETTINGS = new PayoutRunner.Settings(1, 1,
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ofHours(1)), Duration.ZERO);

    // ---- the property -----------------------------------------------------------------------------------------

    /**
     * Checked after the start, after every action, and after a final settling run. Shrinking is unbounded: a try
     * opens its own database (about a quarter of a second), so jqwik's default ten-second bound stops after a few
     * dozen steps with a twenty-action counterexample; unbounded, a failure takes minutes to shrink (jqwik then
     * replays the shrunk sample first) and ends at the three to five actions that matter. Edge cases are off: they
     * are one-action lists that reach no payout.
     */
    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void ownersAreOwedExactlyWhatPaymentsCreditedMinusClawbacksWhateverPayoutsAndStripeDo(
            @ForAll("payees") Set<String> onboardedFirst, @ForAll("maturedPayments") List<Pay> maturedPayments,
            @ForAll("actions") List<Action> actions) {
        try (Trial trial = new Trial()) {
            trial.start(onboardedFirst, maturedPayments);
            trial.checkInvariants();
            for (int i = 0; i < actions.size(); i++) {
                String outcome = trial.apply(actions.get(i));
                trial.history.add("#" + i + " " + actions.get(i) + " -> " + outcome);
                trial.checkInvariants();
            }
            trial.settle();
            trial.checkInvariants();
            trial.checkSettledWithStripe();
            trial.collectStatistics();
            Statistics.label("actions, by tens").collect(actions.size() / 10 * 10);
        }
    }

    // ---- actions ----------------------------------------------------------------------------------------------

    /** One thing that happens in the world; {@code toString} is what a counterexample prints. */
    sealed interface Action permits Pay, Refund, OpenDispute, CloseDispute, Advance, Onboard, RunPayouts, Reverse {
    }

    /** A customer pays {@code grossMinor} to {@code vault} in the vault's settlement currency. */
    record Pay(String vault, long grossMinor) implements Action {
        @Override
        public String toString() {
            return "pay " + Money.ofMinor(grossMinor, currencyOf(vault)) + " to " + vault;
        }
    }

    /** Stripe reports {@code percent} of payment number {@code payment} refunded in all (nothing if not made yet). */
    record Refund(int payment, int percent) implements Action {
        @Override
        public String toString() {
            return "refund " + percent + "% of payment #" + payment + " in all";
        }
    }

    /** The customer disputes {@code percent} of payment number {@code payment} (one dispute per payment). */
    record OpenDispute(int payment, int percent) implements Action {
        @Override
        public String toString() {
            return "dispute " + percent + "% of payment #" + payment;
        }
    }

    record CloseDispute(int payment, boolean won) implements Action {
        @Override
        public String toString() {
            return "close the dispute on payment #" + payment + (won ? ": won" : ": lost");
        }
    }

    /** Time passes; then the ledger moves the pending balances that matured meanwhile to available. */
    record Advance(Duration by) implements Action {
        @Override
        public String toString() {
            return "advance " + (by.toDays() > 0 ? by.toDays() + " days" : by.toMinutes() + " min")
                    + " and release matured";
        }
    }

    /** The payee row is saved: verified and payable (an operator also clears a hold), or with KYC pending. */
    record Onboard(String payee, boolean verified) implements Action {
        @Override
        public String toString() {
            return "onboard " + payee + (verified ? " (verified)" : " (KYC pending, no tax form)");
        }
    }

    /** A payout run; Stripe answers its transfer requests as {@code answers} say (then OK). */
    record RunPayouts(List<Answer> answers, boolean lookupsDown) implements Action {
        @Override
        public String toString() {
            return "run payouts, Stripe answers " + answers + (lookupsDown ? ", transfer lookups down" : "");
        }
    }

    /** Stripe reverses transfer number {@code transfer} up to {@code percent} of it in all (nothing if none). */
    record Reverse(int transfer, int percent) implements Action {
        @Override
        public String toString() {
            return "reverse transfer #" + transfer + " to " + percent + "% in all";
        }
    }

    static CurrencyUnit currencyOf(String vault) {
        return vault.equals(PREMIUM) ? CurrencyUnit.EUR : CurrencyUnit.USD;
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> percent = Arbitraries.integers().between(1, 100);
        Arbitrary<Integer> payment = Arbitraries.integers().between(0, 3);
        Arbitrary<Action> pay = pays().map(Action.class::cast);
        Arbitrary<Action> refund = Combinators.combine(payment, percent).as(Refund::new);
        Arbitrary<Action> open = Combinators.combine(payment, percent).as(OpenDispute::new);
        Arbitrary<Action> close = Combinators.combine(payment, Arbitraries.of(true, false)).as(CloseDispute::new);
        Arbitrary<Action> advance = Arbitraries.frequency(
                Tuple.of(1, Duration.ofMinutes(30)),
                Tuple.of(2, Duration.ofHours(2)),
                Tuple.of(2, Duration.ofDays(1)),
                Tuple.of(2, Duration.ofDays(3)),
                Tuple.of(3, Duration.ofDays(7)),
                Tuple.of(3, Duration.ofDays(15))).map(Advance::new);
        Arbitrary<Action> onboard = Combinators.combine(Arbitraries.of(PAYEES),
                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false))).as(Onboard::new);
        Arbitrary<Answer> answer = Arbitraries.frequency(
                Tuple.of(6, Answer.OK),
                Tuple.of(3, Answer.TRANSIENT),
                Tuple.of(3, Answer.LOST_RESPONSE),
                Tuple.of(1, Answer.REFUSED_DESTINATION),
                Tuple.of(1, Answer.DECLINED),
                Tuple.of(2, Answer.INSUFFICIENT_FUNDS),
                Tuple.of(1, Answer.CRASH_BEFORE_REQUEST),
                Tuple.of(2, Answer.CRASH_AFTER_TRANSFER));
        Arbitrary<Action> run = Combinators.combine(answer.list().ofMaxSize(4),
                Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true))).as(RunPayouts::new);
        Arbitrary<Action> reverse = Combinators.combine(Arbitraries.integers().between(0, 2), percent)
                .as(Reverse::new);
        return Arbitraries.frequencyOf(
                Tuple.of(6, pay),
                Tuple.of(2, refund),
                Tuple.of(1, open),
                Tuple.of(1, close),
                Tuple.of(5, advance),
                Tuple.of(2, onboard),
                Tuple.of(6, run),
                Tuple.of(3, reverse)).list().ofMinSize(1).ofMaxSize(30)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    /** Payees onboarded and verified before the first action (more can be onboarded, or blocked, by actions). */
    @Provide
    Arbitrary<Set<String>> payees() {
        return Arbitraries.subsetOf(PAYEES);
    }

    /**
     * Payments made before the holding periods that end at the start (so available when the actions begin; they are
     * payments #0, #1, … and can be refunded or disputed like the others): payouts and their failures are then
     * reachable in a few actions, which keeps counterexamples short.
     */
    @Provide
    Arbitrary<List<Pay>> maturedPayments() {
        return pays().list().ofMaxSize(3);
    }

    private static Arbitrary<Pay> pays() {
        return Combinators.combine(Arbitraries.of(SELLERS),
                Arbitraries.longs().between(1_000, 300_000).withDistribution(RandomDistribution.uniform()))
                .as(Pay::new);
    }

    // ---- one try's world --------------------------------------------------------------------------------------

    /** A payment the try made, as the model remembers it. */
    record Made(String sourceId, String stripeRef, Money gross, PostedPayment posted) {
    }

    /** An owner's accounts of one family (its own share, or its referrer commissions) in one currency. */
    record Owed(String owner, CurrencyUnit currency, boolean referrer) implements Comparable<Owed> {
        static Owed of(AccountRef account) {
            return new Owed(account.owner(), account.currency(), account.type().name().startsWith("REFERRER_"));
        }

        @Override
        public int compareTo(Owed other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return owner + " " + currency.code() + (referrer ? " referrer commissions" : " own share");
        }
    }

    static final class Trial implements AutoCloseable {
        final TestDatabases.TestDatabase database = TestDatabases.fresh(TestDatabases.Kind.H2);
        final ManualClock clock = new ManualClock(START);
        final LicensingApp app = LicensingApp.over(database.database(), clock);
        final PaymentAdjustments adjustments = app.adjustments(DisputePolicy.DEFAULT);
        final PayoutEvents payoutEvents = new PayoutEvents(app.ledger(), app.activityLog(), clock);
        final FakeStripe stripe = new FakeStripe();
        final List<Made> payments = new ArrayList<>();
        final Map<Integer, Money> disputed = new HashMap<>();
        /** Reversal events Stripe sent that could not apply yet (payout not recorded paid): the inbox retries them. */
        final List<ConnectEvent.TransferReversed> waiting = new ArrayList<>();
        /** Per transfer id, the cumulative reversal the engine has been told about (applied without NotYet). */
        final Map<String, Long> delivered = new HashMap<>();
        final List<String> history = new ArrayList<>();
        int crashes;
        int notYet;

        Trial() {
            app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                    REGISTERED);
        }

        /** Onboards {@code payees}, and makes {@code matured} long enough before now that they are available. */
        void start(Set<String> payees, List<Pay> matured) {
            new TreeSet<>(payees).forEach(payee -> onboard(new Onboard(payee, true)));
            clock.advance(MATURED_AGO.negated());
            matured.forEach(this::pay);
            clock.advance(MATURED_AGO);
            app.ledger().releaseMatured(clock.instant());
            history.add("onboarded first: " + new TreeSet<>(payees) + "; paid " + MATURED_AGO.toDays()
                    + " days before: " + matured);
        }

        String apply(Action action) {
            String outcome = switch (action) {
                case Pay pay -> pay(pay);
                case Refund refund -> adjust(refund.payment(), made -> new PaymentAdjustments.Refund(
                        List.of(made.stripeRef()), made.gross().percentOf(refund.percent() * 100L), clock.instant()));
                case OpenDispute open -> adjust(open.payment(), made -> {
                    Money amount = made.gross().percentOf(open.percent() * 100L);
                    disputed.putIfAbsent(open.payment(), amount);
                    return new PaymentAdjustments.DisputeOpened(disputeId(made), List.of(made.stripeRef()),
                            disputed.get(open.payment()), clock.instant());
                });
                case CloseDispute close -> adjust(close.payment(), made -> new PaymentAdjustments.DisputeClosed(
                        disputeId(made), List.of(made.stripeRef()),
                        disputed.getOrDefault(close.payment(), made.gross()), close.won(), clock.instant()));
                case Advance advance -> {
                    clock.advance(advance.by());
                    yield "now " + clock.instant() + ", released "
                            + app.ledger().releaseMatured(clock.instant()).entriesReleased() + " entries";
                }
                case Onboard onboard -> onboard(onboard);
                case RunPayouts run -> run(run);
                case Reverse reverse -> reverse(reverse);
            };
            String retried = deliverWaiting();
            return retried.isEmpty() ? outcome : outcome + "; " + retried;
        }

        private String pay(Pay pay) {
            int n = payments.size();
            String sourceId = "pay_" + n;
            String ref = "pi_" + n;
            Money gross = Money.ofMinor(pay.grossMinor(), currencyOf(pay.vault()));
            PostedPayment posted = app.payments().post(new PaymentEvent(sourceId, pay.vault(), gross,
                    Optional.empty(), clock.instant(), new PaymentOrigin(List.of(ref), Optional.empty(), Map.of(),
                    Optional.empty(), Optional.empty())));
            assertThat(posted.alreadyPosted()).as("a new payment is posted").isFalse();
            payments.add(new Made(sourceId, ref, gross, posted));
            return "payment #" + n + " split " + posted.split().lines().stream()
                    .map(l -> l.partyId() + " " + l.amount().toDecimalString()).toList();
        }

        private static String disputeId(Made made) {
            return "dp_" + made.sourceId();
        }

        private String adjust(int payment, java.util.function.Function<Made, PaymentAdjustments.Adjustment> event) {
            if (payment >= payments.size()) {
                return "no payment #" + payment + " yet: nothing happens";
            }
            PaymentAdjustments.Adjustment adjustment = event.apply(payments.get(payment));
            return app.database().jdbi().inTransaction(h -> adjustments.apply(h, adjustment)).toString();
        }

        private String onboard(Onboard onboard) {
            app.database().jdbi().useHandle(h -> PayeeStore.save(h, new Payee(onboard.payee(),
                    Optional.of("acct_" + onboard.payee().replace(".", "_")), Optional.of("US"),
                    Optional.of(onboard.payee() + "@example.com"), Optional.of("company"),
                    onboard.verified() ? KycStatus.VERIFIED : KycStatus.PENDING, Optional.empty(),
                    onboard.verified(), onboard.verified() ? TaxDocument.W9 : TaxDocument.MISSING, true,
                    Optional.empty(), clock.instant())));
            return "saved";
        }

        private String run(RunPayouts run) {
            stripe.script(run.answers(), run.lookupsDown());
            try {
                PayoutRunner.Report report = app.payoutRunner(stripe, SETTINGS).run(false,
                        PayoutRunner.Progress.NONE);
                return "planned " + report.planned().size() + ", paid " + report.paid() + ", failed "
                        + report.failed() + ", retrying " + report.retrying() + ", recovered " + report.recovered()
                        + (report.skipped().isEmpty() ? "" : ", skipped " + report.skipped().stream()
                                .map(skip -> skip.payeeId() + " " + skip.currency() + ": " + skip.reason()).toList())
                        + (report.problems().isEmpty() ? "" : ", problems " + report.problems());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof FakeStripe.SimulatedCrash crash)) {
                    throw e;
                }
                crashes++;
                return "the process died: " + crash.getMessage();
            } finally {
                stripe.script(List.of(), false);
            }
        }

        private String reverse(Reverse reverse) {
            List<FakeStripe.Transfer> transfers = stripe.transfers();
            if (reverse.transfer() >= transfers.size()) {
                return "no transfer #" + reverse.transfer() + " yet: nothing happens";
            }
            FakeStripe.Transfer transfer = transfers.get(reverse.transfer());
            long before = transfer.reversedMinor;
            long target = Math.max(1, transfer.amount.amountMinor() * reverse.percent() / 100);
            long cumulative = stripe.reverse(transfer, target);
            if (cumulative == before) {
                return transfer.id + " already reversed by " + before + ": no event";
            }
            waiting.add(new ConnectEvent.TransferReversed(transfer.id, Optional.of(transfer.group), cumulative,
                    transfer.amount.currency().code().toLowerCase(java.util.Locale.ROOT), clock.instant()));
            return transfer.id + " reversed to " + cumulative + " at Stripe";
        }

        /**
         * Delivers the reversal events waiting, oldest first, as the inbox would retry them. Each that applies is
         * delivered a second time, which must change nothing (redeliveries are normal for webhooks).
         */
        String deliverWaiting() {
            List<String> done = new ArrayList<>();
            for (ConnectEvent.TransferReversed event : List.copyOf(waiting)) {
                PayoutEvents.Result result;
                try {
                    result = app.database().jdbi().inTransaction(h -> payoutEvents.apply(h, event));
                } catch (PayoutEvents.NotYet e) {
                    notYet++;
                    continue;
                }
                waiting.remove(event);
                delivered.merge(event.transferId(), event.amountReversedMinor(), Math::max);
                PayoutEvents.Result again = app.database().jdbi().inTransaction(h -> payoutEvents.apply(h, event));
                assertThat(again.acted()).as("a redelivered reversal posts nothing: %s", again.summary()).isFalse();
                done.add(result.summary());
            }
            return done.isEmpty() ? "" : "reversals delivered: " + done;
        }

        /**
         * Lets everything in flight finish: waiting events are delivered, the clock passes every retry time, and
         * runs against a healthy Stripe record whatever was made and pay what is due. Two rounds: a payout that
         * stopped sending in the first (its payee blocked after an earlier attempt) is decided by lookup in the
         * second, once {@link RetryPolicy#settle()} has passed.
         */
        void settle() {
            for (int round = 1; round <= 2; round++) {
                clock.advance(Duration.ofHours(2));
                history.add("settle " + round + " -> " + run(new RunPayouts(List.of(), false)) + "; "
                        + deliverWaiting());
            }
        }

        // ---- invariants ---------------------------------------------------------------------------------------

        void checkInvariants() {
            try {
                app.database().jdbi().useHandle(this::checkInvariants);
                assertThat(app.activityLog().verify().ok()).as("the activity chain verifies").isTrue();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + context(), e);
            }
        }

        private String context() {
            return "history:\n  " + String.join("\n  ", history) + "\nStripe transfers: " + stripe.transfers()
                    + "\nStripe requests: " + stripe.requests() + "\nwaiting reversals: " + waiting;
        }

        private void checkInvariants(Handle h) {
            Map<AccountRef, Long> balances = sums(h, Optional.empty());
            List<Payout> payouts = PayoutStore.list(h, Optional.empty(), Optional.empty(),
                    PayoutStore.LIST_LIMIT_MAX);
            Set<String> payoutEntries = new HashSet<>(h.createQuery(
                            "SELECT source_id FROM journal_entry WHERE kind = :kind")
                    .bind("kind", PayoutLedger.KIND).mapTo(String.class).list());

            journalBalances(h);
            ownersAreOwedWhatWasCreditedMinusClawbacks(h, balances);
            inTransitAndPaidOutFollowThePayouts(balances, payouts);
            payoutStatusesMatchTheirEntries(payouts, payoutEntries);
            stripeAgreesWithTheLedger(balances, payouts);
            for (CurrencyUnit ccy : List.of(CurrencyUnit.USD, CurrencyUnit.EUR)) {
                assertThat(owed(balances, AccountRef.disputesHeld(ccy))).as("disputes held %s is never negative",
                        ccy.code()).isGreaterThanOrEqualTo(0L);
            }
        }

        /** Every entry, and so the whole journal, sums to zero per currency. */
        private static void journalBalances(Handle h) {
            List<String> unbalanced = h.createQuery("SELECT CONCAT(CAST(entry_id AS VARCHAR(20)), ' ', currency) "
                    + "FROM journal_line GROUP BY entry_id, currency HAVING SUM(amount_minor) <> 0")
                    .mapTo(String.class).list();
            assertThat(unbalanced).as("unbalanced journal entries").isEmpty();
            List<String> totals = h.createQuery("SELECT CONCAT(currency, ' ', CAST(SUM(amount_minor) AS VARCHAR(30)))"
                    + " FROM journal_line GROUP BY currency").mapTo(String.class).list();
            assertThat(totals).as("journal total per currency").allSatisfy(t -> assertThat(t).endsWith(" 0"));
        }

        /**
         * pending + available + in transit + paid out (credit positive) = credited − clawed back, per owner,
         * currency and family (own share, referrer commissions). The credited side comes from the model: the split
         * each posting returned, summed here independently of the journal (and the journal's payment entries must
         * say the same). The clawed-back side is read from the journal's adjustment entries: how a refund or dispute
         * is allocated over the split is PaymentAdjustments' rule, tested by its own properties. Every other entry
         * (holding-period releases, the payout's reserve / paid / released / reversed) must therefore move money
         * only between an owner's own accounts of one family.
         */
        private void ownersAreOwedWhatWasCreditedMinusClawbacks(Handle h, Map<AccountRef, Long> balances) {
            Map<Owed, Long> credited = new TreeMap<>();
            for (Made made : payments) {
                for (SplitLine line : made.posted().split().lines()) {
                    switch (line.party()) {
                        case Party.Partner p -> credited.merge(new Owed(p.id(), line.amount().currency(), false),
                                line.amount().amountMinor(), Long::sum);
                        case Party.Referrer r -> credited.merge(new Owed(r.id(), line.amount().currency(), true),
                                line.amount().amountMinor(), Long::sum);
                        default -> { }
                    }
                }
            }
            assertThat(byOwner(sums(h, Optional.of("payment")), -1)).as("the journal's payment credits per owner")
                    .isEqualTo(credited);
            Map<Owed, Long> clawedBack = byOwner(sums(h, Optional.of("adjustment")), 1);
            Map<Owed, Long> owed = byOwner(balances, -1);
            Set<Owed> owners = new TreeSet<>(credited.keySet());
            owners.addAll(clawedBack.keySet());
            owners.addAll(owed.keySet());
            for (Owed owner : owners) {
                assertThat(owed.getOrDefault(owner, 0L))
                        .as("%s: pending + available + in transit + paid out (%s) = credited %s - clawed back %s",
                                owner, accountsOf(owner, balances), credited.getOrDefault(owner, 0L),
                                clawedBack.getOrDefault(owner, 0L))
                        .isEqualTo(credited.getOrDefault(owner, 0L) - clawedBack.getOrDefault(owner, 0L));
            }
        }

        /**
         * Per payee and currency: in transit is exactly the parts of its payouts still open (planned, submitting,
         * retrying), paid out exactly its paid payouts less what Stripe reversed of them; neither is ever negative.
         * Available and pending may be negative: a clawback after the money was paid out leaves a debt that the next
         * payout nets.
         */
        private static void inTransitAndPaidOutFollowThePayouts(Map<AccountRef, Long> balances,
                                                                List<Payout> payouts) {
            Map<String, long[]> expected = new TreeMap<>(); // payee:ccy -> vault in transit, referrer in transit, paid
            Set<String> keys = new TreeSet<>();
            for (AccountRef account : balances.keySet()) {
                if (account.type().perOwner()) {
                    keys.add(account.owner() + ":" + account.currency().code());
                }
            }
            for (Payout p : payouts) {
                long[] e = expected.computeIfAbsent(p.payeeId() + ":" + p.amount().currency().code(),
                        k -> new long[3]);
                if (!p.status().isFinal()) {
                    e[0] += p.vaultPart().amountMinor();
                    e[1] += p.referrerPart().amountMinor();
                } else if (p.status() == PayoutStatus.PAID) {
                    e[2] += p.amount().amountMinor() - p.reversed().amountMinor();
                }
            }
            keys.addAll(expected.keySet());
            for (String key : keys) {
                String owner = key.substring(0, key.lastIndexOf(':'));
                CurrencyUnit ccy = CurrencyUnit.of(key.substring(key.lastIndexOf(':') + 1));
                long[] e = expected.getOrDefault(key, new long[3]);
                long vaultInTransit = owed(balances, AccountRef.vaultInTransit(owner, ccy));
                long referrerInTransit = owed(balances, AccountRef.referrerInTransit(owner, ccy));
                long paidOut = owed(balances, AccountRef.vaultPaidOut(owner, ccy))
                        + owed(balances, AccountRef.referrerPaidOut(owner, ccy));
                assertThat(new long[] {vaultInTransit, referrerInTransit, paidOut})
                        .as("%s: own share in transit, commissions in transit, paid out = open payouts' parts, "
                                + "paid payouts less reversals", key)
                        .containsExactly(e);
                assertThat(vaultInTransit + referrerInTransit).as("%s: in transit is never negative", key)
                        .isGreaterThanOrEqualTo(0L);
                assertThat(paidOut).as("%s: paid out is never negative", key).isGreaterThanOrEqualTo(0L);
            }
        }

        /** paid ⇒ a paid entry; failed ⇒ a released entry; open ⇒ neither; every payout was reserved. */
        private static void payoutStatusesMatchTheirEntries(List<Payout> payouts, Set<String> entries) {
            Set<String> explained = new HashSet<>();
            for (Payout p : payouts) {
                String id = p.payoutId();
                boolean paid = entries.contains(PayoutLedger.paidSource(id));
                boolean released = entries.contains(PayoutLedger.releasedSource(id));
                assertThat(entries).as("payout %s has its reserve entry", id)
                        .contains(PayoutLedger.reserveSource(id));
                assertThat(new boolean[] {paid, released}).as("payout %s is %s: its paid and released entries", id,
                        p.status().dbName()).containsExactly(p.status() == PayoutStatus.PAID,
                        p.status() == PayoutStatus.FAILED);
                assertThat(p.transferId().isPresent()).as("payout %s is %s: its transfer id", id,
                        p.status().dbName()).isEqualTo(p.status() == PayoutStatus.PAID);
                explained.add(PayoutLedger.reserveSource(id));
                explained.add(PayoutLedger.paidSource(id));
                explained.add(PayoutLedger.releasedSource(id));
                entries.stream().filter(s -> s.startsWith("payout:" + id + ":reversed:")).forEach(s -> {
                    assertThat(p.status()).as("reversal %s of a payout that is not paid", s)
                            .isEqualTo(PayoutStatus.PAID);
                    explained.add(s);
                });
            }
            assertThat(entries).as("payout entries of no payout row").isSubsetOf(explained);
        }

        /**
         * Stripe and the ledger tell the same story. Each transfer belongs to one payout (its group), has its
         * amount and destination, and Stripe never holds two for one payout. The ledger may lag Stripe only while
         * the engine cannot know yet: a transfer whose payout is still submitting or retrying (its answer was lost,
         * the process died), and a reversal whose event waits for that. connect_transfers is what the recorded
         * transfers moved, less the reversals the engine was told about.
         */
        private void stripeAgreesWithTheLedger(Map<AccountRef, Long> balances, List<Payout> payouts) {
            assertThat(stripe.violations()).as("idempotency keys reused with other parameters").isEmpty();
            Map<String, Payout> byId = new HashMap<>();
            payouts.forEach(p -> byId.put(p.payoutId(), p));
            Map<String, List<String>> groups = new TreeMap<>();
            Map<CurrencyUnit, Long> recorded = new HashMap<>();
            for (FakeStripe.Transfer t : stripe.transfers()) {
                groups.computeIfAbsent(t.group, g -> new ArrayList<>()).add(t.id);
                Payout p = byId.get(t.group);
                assertThat(p).as("transfer %s belongs to a payout", t).isNotNull();
                assertThat(p.amount()).as("transfer %s has its payout's amount", t).isEqualTo(t.amount);
                assertThat(p.stripeAccount()).as("transfer %s goes to the payee's account", t).isEqualTo(t.destination);
                assertThat(p.status()).as("payout of transfer %s (made at Stripe) is paid or still open", t)
                        .isIn(PayoutStatus.PAID, PayoutStatus.SUBMITTING, PayoutStatus.RETRYING);
                if (p.status() == PayoutStatus.PAID) {
                    assertThat(p.transferId()).as("paid payout %s names its transfer", p.payoutId()).contains(t.id);
                    assertThat(p.reversed().amountMinor()).as("payout %s: reversed as told by Stripe", p.payoutId())
                            .isEqualTo(delivered.getOrDefault(t.id, 0L));
                    recorded.merge(t.amount.currency(), t.amount.amountMinor() - delivered.getOrDefault(t.id, 0L),
                            Long::sum);
                } else {
                    assertThat(delivered).as("a reversal of %s applied before its payout was paid", t)
                            .doesNotContainKey(t.id);
                }
            }
            assertThat(groups.values()).as("transfers per payout").allSatisfy(ids -> assertThat(ids).hasSize(1));
            for (Payout p : payouts) {
                if (p.status() == PayoutStatus.PAID) {
                    assertThat(groups).as("paid payout %s has its transfer at Stripe", p.payoutId())
                            .containsKey(p.payoutId());
                }
            }
            for (CurrencyUnit ccy : List.of(CurrencyUnit.USD, CurrencyUnit.EUR)) {
                long connect = balances.getOrDefault(AccountRef.connectTransfers(ccy), 0L);
                assertThat(connect).as("connect_transfers %s = recorded transfers less reversals told", ccy.code())
                        .isEqualTo(recorded.getOrDefault(ccy, 0L));
                assertThat(connect).as("connect_transfers %s is never negative", ccy.code())
                        .isGreaterThanOrEqualTo(0L);
            }
        }

        /** After {@link #settle}: nothing open, no event waiting, and the ledger says exactly what Stripe says. */
        void checkSettledWithStripe() {
            try {
                List<Payout> open = app.database().jdbi().withHandle(h -> PayoutStore.list(h, Optional.empty(),
                        Optional.empty(), PayoutStore.LIST_LIMIT_MAX)).stream().filter(p -> !p.status().isFinal())
                        .toList();
                assertThat(open).as("payouts still open after a healthy run").isEmpty();
                assertThat(waiting).as("reversal events still waiting after settling").isEmpty();
                Map<CurrencyUnit, Long> atStripe = new HashMap<>();
                stripe.transfers().forEach(t -> atStripe.merge(t.amount.currency(),
                        t.amount.amountMinor() - t.reversedMinor, Long::sum));
                for (CurrencyUnit ccy : List.of(CurrencyUnit.USD, CurrencyUnit.EUR)) {
                    assertThat(app.ledger().balance(AccountRef.connectTransfers(ccy)).amountMinor())
                            .as("connect_transfers %s = Stripe's transfers less reversals", ccy.code())
                            .isEqualTo(atStripe.getOrDefault(ccy, 0L));
                }
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + context(), e);
            }
        }

        void collectStatistics() {
            Map<PayoutStatus, Long> counts = app.database().jdbi().withHandle(PayoutStore::countByStatus);
            Statistics.label("a payout was paid").collect(counts.getOrDefault(PayoutStatus.PAID, 0L) > 0);
            Statistics.label("a payout failed").collect(counts.getOrDefault(PayoutStatus.FAILED, 0L) > 0);
            Statistics.label("a reversal was applied").collect(!delivered.isEmpty());
            Statistics.label("a reversal had to wait").collect(notYet > 0);
            Statistics.label("a run died").collect(crashes > 0);
            Statistics.label("an available balance ended below zero (clawed back after payout)").collect(
                    app.ledger().balances(Optional.empty(), Optional.empty()).stream().anyMatch(b ->
                            (b.account().type() == AccountType.VAULT_AVAILABLE
                                    || b.account().type() == AccountType.REFERRER_AVAILABLE)
                                    && b.balance().isPositive()));
        }

        /** Per account, the sum of its lines (debit positive), over all entries or those of one kind. */
        private static Map<AccountRef, Long> sums(Handle h, Optional<String> kind) {
            String sql = kind.isEmpty()
                    ? "SELECT account_key, SUM(amount_minor) AS total FROM journal_line GROUP BY account_key"
                    : "SELECT l.account_key, SUM(l.amount_minor) AS total FROM journal_line l JOIN journal_entry e "
                            + "ON e.entry_id = l.entry_id WHERE e.kind = :kind GROUP BY l.account_key";
            var query = h.createQuery(sql);
            kind.ifPresent(k -> query.bind("kind", k));
            Map<AccountRef, Long> sums = new HashMap<>();
            query.map((rs, ctx) -> sums.put(AccountRef.parseKey(rs.getString("account_key")), rs.getLong("total")))
                    .list();
            return sums;
        }

        /** The per-owner accounts summed by owner, currency and family, times {@code sign}; zeros left out. */
        private static Map<Owed, Long> byOwner(Map<AccountRef, Long> sums, int sign) {
            Map<Owed, Long> byOwner = new TreeMap<>();
            sums.forEach((account, total) -> {
                if (account.type().perOwner()) {
                    byOwner.merge(Owed.of(account), sign * total, Long::sum);
                }
            });
            byOwner.values().removeIf(v -> v == 0);
            return byOwner;
        }

        private static String accountsOf(Owed owner, Map<AccountRef, Long> balances) {
            Map<String, Long> accounts = new TreeMap<>();
            balances.forEach((account, total) -> {
                if (account.type().perOwner() && Owed.of(account).equals(owner)) {
                    accounts.put(account.type().keyName(), -total);
                }
            });
            return accounts.toString();
        }

        private static long owed(Map<AccountRef, Long> balances, AccountRef account) {
            return -balances.getOrDefault(account, 0L);
        }

        @Override
        public void close() {
            database.close();
        }
    }

}
