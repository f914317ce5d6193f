package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Reconciliation.BalanceTotals;
import ai.mirroros.licensing.payout.Reconciliation.LedgerPayout;
import ai.mirroros.licensing.payout.Reconciliation.Report;
import ai.mirroros.licensing.payout.Reconciliation.StripeTransfer;
import ai.mirroros.licensing.payout.Reconciliation.Window;
import ai.mirroros.licensing.store.Database;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Reads both sides of a reconciliation and hands them to {@link Reconciliation#compare}: the ledger first, in one
 * snapshot, then Stripe. In that order a payout being paid right now shows as "still submitting" (which says what
 * it is) rather than as "paid without a transfer" (which would be a false alarm).
 *
 * <p>A window cuts a payout from its transfer when the two were created on either side of a boundary. So the
 * payouts a transfer in the window names are read even if created before it, and a paid payout in the window
 * whose transfer is not in the listing is looked up by its transfer group before it is called missing.
 */
public final class Reconciler {
    /**
     * Payouts looked up one by one (one request each) when their transfer fell outside the window: boundary cases
     * are a handful; thousands mean the transfers are really missing, and are reported so without more requests.
     */
    public static final int BOUNDARY_LOOKUPS_MAX = 1_000;

    private final Database database;
    private final StripeTransferSource stripe;

    public Reconciler(Database database, StripeTransferSource stripe) {
        this.database = Objects.requireNonNull(database, "database");
        this.stripe = Objects.requireNonNull(stripe, "stripe");
    }

    /** The ledger's snapshot: payouts in the window, their journal movements, the per-currency totals. */
    private record LedgerSide(List<LedgerPayout> payouts, Map<String, Map<CurrencyUnit, Money>> journalByPayout,
                              Map<CurrencyUnit, Money> journalTotals) {
    }

    /**
     * Compares the window; {@code listed} hears how many Stripe objects each request returned (for progress).
     * Throws {@link StripeTransferSource.Unavailable} when Stripe's transfers cannot be listed; when only the balance
     * transactions cannot, the report says so in a warning.
     */
    public Report reconcile(Window window, LongConsumer listed) throws StripeTransferSource.Unavailable {
        LedgerSide ledger = database.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle ->
                new LedgerSide(ReconciliationStore.payoutsCreatedIn(handle, window),
                        ReconciliationStore.connectTransfersByPayout(handle),
                        ReconciliationStore.connectTransfersIn(handle, window)));
        List<String> warnings = new ArrayList<>();
        List<StripeTransfer> transfers = new ArrayList<>(stripe.transfers(window, listed));
        Map<String, LedgerPayout> payouts = new LinkedHashMap<>();
        ledger.payouts().forEach(p -> payouts.put(p.payoutId(), p));

        Set<String> named = new LinkedHashSet<>();
        transfers.forEach(t -> t.payoutId().filter(id -> !payouts.containsKey(id)).ifPresent(named::add));
        if (!named.isEmpty()) {
            database.jdbi().useHandle(handle -> ReconciliationStore.payoutsById(handle, named)
                    .forEach(p -> payouts.put(p.payoutId(), p)));
        }
        if (window.start().isPresent() || window.end().isPresent()) {
            transfers.addAll(lookUpTransfersOutsideWindow(payouts.values(), transfers, listed, warnings));
        }

        BalanceTotals balances;
        try {
            balances = new BalanceTotals.Compared(stripe.transferredOut(window, listed), ledger.journalTotals());
        } catch (StripeTransferSource.Unavailable e) {
            balances = new BalanceTotals.Unavailable(e.getMessage());
        }
        return Reconciliation.compare(new Reconciliation.Inputs(List.copyOf(payouts.values()),
                ledger.journalByPayout(), transfers, balances, warnings));
    }

    private List<StripeTransfer> lookUpTransfersOutsideWindow(Iterable<LedgerPayout> payouts,
            List<StripeTransfer> listedTransfers, LongConsumer listed, List<String> warnings)
            throws StripeTransferSource.Unavailable {
        Set<String> seenPayouts = new HashSet<>();
        Set<String> seenTransfers = new HashSet<>();
        listedTransfers.forEach(t -> {
            t.payoutId().ifPresent(seenPayouts::add);
            seenTransfers.add(t.transferId());
        });
        List<LedgerPayout> unmatched = new ArrayList<>();
        payouts.forEach(p -> {
            if (p.paid() && !seenPayouts.contains(p.payoutId())) {
                unmatched.add(p);
            }
        });
        if (unmatched.size() > BOUNDARY_LOOKUPS_MAX) {
            warnings.add(unmatched.size() + " paid payouts have no transfer in the window; only the first "
                    + BOUNDARY_LOOKUPS_MAX + " were looked up outside it");
        }
        List<StripeTransfer> found = new ArrayList<>();
        for (LedgerPayout payout : unmatched.subList(0, Math.min(unmatched.size(), BOUNDARY_LOOKUPS_MAX))) {
            List<StripeTransfer> ofPayout = stripe.transfersOfPayout(payout.payoutId());
            listed.accept(ofPayout.size());
            ofPayout.stream().filter(t -> seenTransfers.add(t.transferId())).forEach(found::add);
        }
        return found;
    }
}
