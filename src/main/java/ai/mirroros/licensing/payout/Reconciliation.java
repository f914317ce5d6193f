package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Discrepancy.TransferRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The comparison of the ledger's payouts with Stripe's transfers, to the cent: a pure function from what each side
 * says ({@link Inputs}) to every {@link Discrepancy} between them ({@link Report}). Reading the two sides is
 * {@link Reconciler}'s job.
 */
public final class Reconciliation {
    /** The payout status that means "the transfer exists at Stripe and the journal has {@code payout:P:paid}". */
    public static final String PAID = "paid";

    private Reconciliation() {
    }

    /**
     * The dates to reconcile, inclusive and in UTC; either end may be open. A payout is in the window by its
     * {@code created_at}, a transfer or balance transaction by its {@code created}, a journal entry by its
     * {@code occurred_at}.
     */
    public record Window(Optional<LocalDate> from, Optional<LocalDate> to) {
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
                throw new IllegalArgumentException("from " + from.get() + " is after to " + to.get());
            }
        }

        public static Window everything() {
            return new Window(Optional.empty(), Optional.empty());
        }

        /** The first instant in the window. */
        public Optional<Instant> start() {
            return from.map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        /** The first instant after the window: midnight UTC after the {@code to} date. */
        public Optional<Instant> end() {
            return to.map(d -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        public boolean contains(Instant at) {
            return start().map(s -> !at.isBefore(s)).orElse(true) && end().map(at::isBefore).orElse(true);
        }
    }

    /** A row of the {@code payout} table, as reconciliation needs it. */
    public record LedgerPayout(String payoutId, String payeeId, Money amount, String status,
                               Optional<String> transferId, Money reversed, String stripeAccount, Instant createdAt) {
        public LedgerPayout {
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(payeeId, "payeeId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(transferId, "transferId");
            Objects.requireNonNull(stripeAccount, "stripeAccount");
            Objects.requireNonNull(createdAt, "createdAt");
            amount.requireSameCurrency(reversed);
        }

        boolean paid() {
            return status.equals(PAID);
        }
    }

    /**
     * A transfer at Stripe. {@code payoutId} is its {@code transfer_group}, or else its {@code metadata[payout_id]};
     * empty when it has neither.
     */
    public record StripeTransfer(String transferId, Optional<String> payoutId, Money amount, Money reversed,
                                 String destination, Instant created) {
        public StripeTransfer {
            Objects.requireNonNull(transferId, "transferId");
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(created, "created");
            amount.requireSameCurrency(reversed);
        }

        TransferRef ref() {
            return new TransferRef(transferId, amount, destination);
        }
    }

    /**
     * The per-currency cross-check over the window: Stripe's balance transactions of its transfers and their
     * reversals, against the journal's {@code connect_transfers} movements.
     */
    public sealed interface BalanceTotals {
        /**
         * @param stripeOut per currency, what left the platform balance for connected accounts: minus the sum of
         *                  the {@code transfer} and {@code transfer_refund} balance transactions
         * @param journal   per currency, the sum of the {@code connect_transfers::C} lines (debit positive)
         */
        record Compared(Map<CurrencyUnit, Money> stripeOut, Map<CurrencyUnit, Money> journal)
                implements BalanceTotals {
            public Compared {
                stripeOut = Map.copyOf(stripeOut);
                journal = Map.copyOf(journal);
            }
        }

        /** Stripe's balance transactions could not be listed; the check is skipped with a warning. */
        record Unavailable(String reason) implements BalanceTotals {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Everything compared.
     *
     * @param payouts        the payouts in the window, plus any outside it that a transfer in the window names
     * @param journalByPayout per payout id, the sum of its entries' {@code connect_transfers} lines, per currency
     * @param transfers      the transfers in the window, plus any outside it of a paid payout in the window
     * @param warnings       what the reader of the report must know that is not a difference (e.g. a check skipped)
     */
    public record Inputs(List<LedgerPayout> payouts, Map<String, Map<CurrencyUnit, Money>> journalByPayout,
                         List<StripeTransfer> transfers, BalanceTotals balances, List<String> warnings) {
        public Inputs {
            payouts = List.copyOf(payouts);
            journalByPayout = Map.copyOf(journalByPayout);
            transfers = List.copyOf(transfers);
            Objects.requireNonNull(balances, "balances");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The outcome: every difference, most urgent first (double payments lead), and what was looked at.
     *
     * @param transferred per currency, the sum of the transfers' amounts at Stripe (before reversals)
     */
    public record Report(List<Discrepancy> differences, int payouts, int transfers,
                         Map<CurrencyUnit, Money> transferred, List<String> warnings) {
        public Report {
            differences = List.copyOf(differences);
            transferred = Map.copyOf(transferred);
            warnings = List.copyOf(warnings);
        }

        public boolean clean() {
            return differences.isEmpty();
        }

        /** e.g. {@code 0 differences: 1,234 payouts, 1,234 transfers, USD 12,345.67 transferred}. */
        public String summary() {
            long doubles = differences.stream().filter(d -> d instanceof Discrepancy.DuplicateTransfers).count();
            String transferredText = transferred.isEmpty() ? "nothing transferred"
                    : String.join(", ", byCurrency(transferred.values()).stream().map(Discrepancy::show).toList())
                    + " transferred";
            return String.format(Locale.ROOT, "%,d difference%s%s: %,d payout%s, %,d transfer%s, %s",
                    differences.size(), differences.size() == 1 ? "" : "s",
                    doubles == 0 ? "" : " (" + doubles + " DOUBLE PAYMENT" + (doubles == 1 ? "" : "S") + ")",
                    payouts, payouts == 1 ? "" : "s", transfers, transfers == 1 ? "" : "s", transferredText);
        }
    }

    /** Compares the two sides; see {@link Discrepancy} for what each difference means. */
    public static Report compare(Inputs inputs) {
        List<Discrepancy> found = new ArrayList<>();
        Map<String, LedgerPayout> payouts = new LinkedHashMap<>();
        inputs.payouts().forEach(p -> payouts.put(p.payoutId(), p));
        Map<String, List<StripeTransfer>> transfersByPayout = new LinkedHashMap<>();
        Map<CurrencyUnit, Money> transferred = new LinkedHashMap<>();
        for (StripeTransfer transfer : inputs.transfers()) {
            transferred.merge(transfer.amount().currency(), transfer.amount(), Money::plus);
            if (transfer.payoutId().isEmpty()) {
                found.add(new Discrepancy.TransferWithoutPaidPayout(transfer.ref(), Optional.empty(),
                        Optional.empty()));
            } else {
                transfersByPayout.computeIfAbsent(transfer.payoutId().get(), id -> new ArrayList<>()).add(transfer);
            }
        }
        transfersByPayout.forEach((payoutId, transfers) ->
                compareTransfers(payoutId, transfers, Optional.ofNullable(payouts.get(payoutId)), found));
        for (LedgerPayout payout : payouts.values()) {
            if (payout.paid() && !transfersByPayout.containsKey(payout.payoutId())) {
                found.add(new Discrepancy.TransferMissing(payout.payoutId(), payout.amount(), payout.transferId()));
            }
            compareJournal(payout, inputs.journalByPayout().getOrDefault(payout.payoutId(), Map.of()), found);
        }
        List<String> warnings = new ArrayList<>(inputs.warnings());
        switch (inputs.balances()) {
            case BalanceTotals.Compared compared -> compareTotals(compared, found);
            case BalanceTotals.Unavailable unavailable ->
                    warnings.add("balance transactions unavailable: " + unavailable.reason());
        }
        found.sort(Comparator.comparingInt(Discrepancy::urgency)
                .thenComparing(d -> d.payoutId().orElse(""))
                .thenComparing(d -> String.join(",", d.transferIds())));
        return new Report(found, payouts.size(), inputs.transfers().size(), transferred, warnings);
    }

    private static void compareTransfers(String payoutId, List<StripeTransfer> transfers,
                                         Optional<LedgerPayout> payout, List<Discrepancy> found) {
        if (transfers.size() > 1) {
            found.add(new Discrepancy.DuplicateTransfers(payoutId, transfers.stream()
                    .sorted(Comparator.comparing(StripeTransfer::created).thenComparing(StripeTransfer::transferId))
                    .map(StripeTransfer::ref).toList()));
        }
        if (payout.isEmpty() || !payout.get().paid()) {
            for (StripeTransfer transfer : transfers) {
                found.add(new Discrepancy.TransferWithoutPaidPayout(transfer.ref(), Optional.of(payoutId),
                        payout.map(LedgerPayout::status)));
            }
            return;
        }
        // With several transfers the one the payout row names is compared in detail; the others are the duplicate.
        LedgerPayout paid = payout.get();
        StripeTransfer transfer = transfers.stream()
                .filter(t -> paid.transferId().equals(Optional.of(t.transferId())))
                .findFirst()
                .orElseGet(() -> transfers.stream().min(Comparator.comparing(StripeTransfer::created)).orElseThrow());
        compareFields(paid, transfer, found);
    }

    private static void compareFields(LedgerPayout payout, StripeTransfer transfer, List<Discrepancy> found) {
        String id = payout.payoutId();
        String transferId = transfer.transferId();
        if (payout.transferId().isPresent() && !payout.transferId().get().equals(transferId)) {
            found.add(new Discrepancy.TransferIdMismatch(id, payout.transferId().get(), transferId));
        }
        if (!payout.amount().currency().equals(transfer.amount().currency())) {
            // Amounts in different currencies are not comparable; the currency is the difference.
            found.add(new Discrepancy.CurrencyMismatch(id, transferId, payout.amount(), transfer.amount()));
        } else {
            if (!payout.amount().equals(transfer.amount())) {
                found.add(new Discrepancy.AmountMismatch(id, transferId, payout.amount(), transfer.amount()));
            }
            if (!payout.reversed().equals(transfer.reversed())) {
                found.add(new Discrepancy.ReversedMismatch(id, transferId, payout.reversed(), transfer.reversed()));
            }
        }
        if (!payout.stripeAccount().equals(transfer.destination())) {
            found.add(new Discrepancy.DestinationMismatch(id, transferId, payout.stripeAccount(),
                    transfer.destination()));
        }
    }

    /** A paid payout moved amount − reversed through connect_transfers; any other payout moved nothing. */
    private static void compareJournal(LedgerPayout payout, Map<CurrencyUnit, Money> journal,
                                       List<Discrepancy> found) {
        CurrencyUnit currency = payout.amount().currency();
        Money expected = payout.paid() ? payout.amount().minus(payout.reversed()) : Money.zero(currency);
        Money moved = journal.getOrDefault(currency, Money.zero(currency));
        if (!moved.equals(expected)) {
            found.add(new Discrepancy.LedgerTransfersMismatch(payout.payoutId(), payout.status(), expected, moved));
        }
        for (Money other : byCurrency(journal.values())) {
            if (!other.currency().equals(currency) && !other.isZero()) {
                found.add(new Discrepancy.LedgerTransfersMismatch(payout.payoutId(), payout.status(),
                        Money.zero(other.currency()), other));
            }
        }
    }

    private static void compareTotals(BalanceTotals.Compared totals, List<Discrepancy> found) {
        TreeSet<CurrencyUnit> currencies = new TreeSet<>(Comparator.comparing(CurrencyUnit::code));
        currencies.addAll(totals.stripeOut().keySet());
        currencies.addAll(totals.journal().keySet());
        for (CurrencyUnit currency : currencies) {
            Money stripe = totals.stripeOut().getOrDefault(currency, Money.zero(currency));
            Money journal = totals.journal().getOrDefault(currency, Money.zero(currency));
            if (!stripe.equals(journal)) {
                found.add(new Discrepancy.CurrencyTotalMismatch(currency, stripe, journal));
            }
        }
    }

    /** Amounts in alphabetical order of their currency codes, so reports read the same every time. */
    public static List<Money> byCurrency(Collection<Money> amounts) {
        return amounts.stream().sorted(Comparator.comparing(m -> m.currency().code())).toList();
    }
}
