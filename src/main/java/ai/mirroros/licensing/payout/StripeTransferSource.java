package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.MoneyException;
import ai.mirroros.licensing.payout.Reconciliation.StripeTransfer;
import ai.mirroros.licensing.payout.Reconciliation.Window;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.StripeCollection;
import com.stripe.model.Transfer;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.TransferListParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Stripe's side of a reconciliation, read through stripe-java: the platform's transfers (every page), the
 * transfers of one payout, and the balance transactions of transfers and their reversals.
 */
public final class StripeTransferSource {
    /** Stripe's largest page: the fewest requests for a long history. */
    static final int PAGE_SIZE_MAX = 100;
    /**
     * A reconciliation holds every listed transfer in memory (a few hundred bytes each); past this many, a narrower
     * --from/--to is the answer, not a bigger heap.
     */
    public static final int OBJECTS_MAX = 1_000_000;
    /** Balance transactions of a transfer to a connected account, and of a reversal of one. */
    static final List<String> TRANSFER_BALANCE_TYPES = List.of("transfer", "transfer_refund");

    /** Stripe could not be read: the HTTP status and Stripe's message, or the network failure. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        public Unavailable(String message) {
            super(message);
        }
    }

    private final StripeClient client;
    private final int pageSize;

    public StripeTransferSource(StripeClient client, int pageSize) {
        this.client = Objects.requireNonNull(client, "client");
        if (pageSize < 1 || pageSize > PAGE_SIZE_MAX) {
            throw new IllegalArgumentException("pageSize must be 1 to " + PAGE_SIZE_MAX + ", got " + pageSize);
        }
        this.pageSize = pageSize;
    }

    public StripeTransferSource(StripeClient client) {
        this(client, PAGE_SIZE_MAX);
    }

    /** Every transfer created in the window, newest first; {@code listed} hears of each page. */
    public List<StripeTransfer> transfers(Window window, LongConsumer listed) throws Unavailable {
        TransferListParams.Created.Builder created = TransferListParams.Created.builder();
        window.start().ifPresent(start -> created.setGte(start.getEpochSecond()));
        window.end().ifPresent(end -> created.setLte(end.getEpochSecond() - 1));
        List<StripeTransfer> transfers = new ArrayList<>();
        Optional<String> after = Optional.empty();
        boolean more = true;
        while (more) {
            TransferListParams.Builder params = TransferListParams.builder().setLimit((long) pageSize);
            if (window.start().isPresent() || window.end().isPresent()) {
                params.setCreated(created.build());
            }
            after.ifPresent(params::setStartingAfter);
            StripeCollection<Transfer> page = call("list transfers", () -> client.v1().transfers()
                    .list(params.build()));
            for (Transfer transfer : page.getData()) {
                StripeTransfer read = read(transfer);
                // Filtered here too: the window is the contract, whatever the server did with created[...].
                if (window.contains(read.created())) {
                    transfers.add(read);
                }
            }
            requireBounded(transfers.size(), "transfers");
            listed.accept(page.getData().size());
            more = Boolean.TRUE.equals(page.getHasMore()) && !page.getData().isEmpty();
            after = page.getData().isEmpty() ? after : Optional.of(page.getData().getLast().getId());
        }
        return transfers;
    }

    /** The transfers whose {@code transfer_group} is {@code payoutId}, whenever they were created. */
    public List<StripeTransfer> transfersOfPayout(String payoutId) throws Unavailable {
        StripeCollection<Transfer> page = call("list the transfers of payout " + payoutId, () -> client.v1()
                .transfers().list(TransferListParams.builder().setTransferGroup(payoutId)
                        .setLimit((long) PAGE_SIZE_MAX).build()));
        List<StripeTransfer> transfers = new ArrayList<>();
        for (Transfer transfer : page.getData()) {
            transfers.add(read(transfer));
        }
        return transfers;
    }

    /**
     * Per currency, what left the platform's balance for connected accounts in the window: minus the sum of the
     * {@code transfer} and {@code transfer_refund} balance transactions created in it.
     */
    public Map<CurrencyUnit, Money> transferredOut(Window window, LongConsumer listed) throws Unavailable {
        Map<CurrencyUnit, Money> out = new LinkedHashMap<>();
        long count = 0;
        for (String type : TRANSFER_BALANCE_TYPES) {
            Optional<String> after = Optional.empty();
            boolean more = true;
            while (more) {
                BalanceTransactionListParams params = balanceParams(type, window, after);
                StripeCollection<BalanceTransaction> page = call("list " + type + " balance transactions",
                        () -> client.v1().balanceTransactions().list(params));
                for (BalanceTransaction bt : page.getData()) {
                    if (window.contains(Instant.ofEpochSecond(bt.getCreated()))) {
                        Money amount = Money.ofMinor(bt.getAmount(), currency(bt.getCurrency(), bt.getId()));
                        out.merge(amount.currency(), amount.negate(), Money::plus);
                    }
                }
                count += page.getData().size();
                requireBounded(count, "balance transactions");
                listed.accept(page.getData().size());
                more = Boolean.TRUE.equals(page.getHasMore()) && !page.getData().isEmpty();
                after = page.getData().isEmpty() ? after : Optional.of(page.getData().getLast().getId());
            }
        }
        return out;
    }

    private BalanceTransactionListParams balanceParams(String type, Window window, Optional<String> after) {
        BalanceTransactionListParams.Builder params = BalanceTransactionListParams.builder().setType(type)
                .setLimit((long) pageSize);
        if (window.start().isPresent() || window.end().isPresent()) {
            BalanceTransactionListParams.Created.Builder created = BalanceTransactionListParams.Created.builder();
            window.start().ifPresent(start -> created.setGte(start.getEpochSecond()));
            window.end().ifPresent(end -> created.setLte(end.getEpochSecond() - 1));
            params.setCreated(created.build());
        }
        after.ifPresent(params::setStartingAfter);
        return params.build();
    }

    /** The payout id is the transfer group; metadata[payout_id] stands in for transfers made without one. */
    static StripeTransfer read(Transfer transfer) throws Unavailable {
        Optional<String> payoutId = Optional.ofNullable(transfer.getTransferGroup()).filter(g -> !g.isBlank())
                .or(() -> Optional.ofNullable(transfer.getMetadata()).map(m -> m.get("payout_id"))
                        .filter(id -> !id.isBlank()));
        CurrencyUnit currency = currency(transfer.getCurrency(), transfer.getId());
        long reversed = transfer.getAmountReversed() == null ? 0 : transfer.getAmountReversed();
        return new StripeTransfer(transfer.getId(), payoutId, Money.ofMinor(transfer.getAmount(), currency),
                Money.ofMinor(reversed, currency), Objects.requireNonNullElse(transfer.getDestination(), ""),
                Instant.ofEpochSecond(transfer.getCreated()));
    }

    private static CurrencyUnit currency(String code, String objectId) throws Unavailable {
        try {
            return CurrencyUnit.of(code);
        } catch (MoneyException e) {
            throw new Unavailable("Stripe's " + objectId + " has currency '" + code + "', which the ledger cannot "
                    + "hold: " + e.getMessage());
        }
    }

    private static void requireBounded(long count, String what) throws Unavailable {
        if (count > OBJECTS_MAX) {
            throw new Unavailable("more than " + OBJECTS_MAX + " " + what + " in the window; reconcile a shorter "
                    + "period with --from/--to");
        }
    }

    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) throws Unavailable {
        try {
            return call.call();
        } catch (StripeException e) {
            throw new Unavailable("could not " + what + " at Stripe: "
                    + (e.getStatusCode() == null ? "" : "HTTP " + e.getStatusCode() + " ") + e.getMessage(), e);
        }
    }
}
