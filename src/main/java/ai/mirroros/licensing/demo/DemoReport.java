package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.ingest.Inbox;
import ai.mirroros.licensing.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a seed did.
 *
 * @param salesByProduct   payments made in the sandbox, by {@code product_type}
 * @param invoices         the hosted platforms' subscription invoices among them (first months and renewals)
 * @param eventsDelivered  sandbox events signed, posted and acknowledged by the endpoint
 * @param inbox            the inbox afterwards: everything processed or ignored, nothing pending or parked
 * @param stripeBalance    the platform's balance in the sandbox at the end (available plus pending)
 * @param elapsed          wall-clock time of the seed (reporting only; never in the data)
 */
public record DemoReport(DemoSettings settings, Instant start, Map<String, Integer> salesByProduct, int invoices,
                         int refunds, int disputes, int payoutRuns, int payoutsPaid, long eventsDelivered,
                         Inbox.Stats inbox, Money stripeBalance, Duration elapsed) {
    public DemoReport {
        salesByProduct = Map.copyOf(salesByProduct);
    }

    public int sales() {
        return salesByProduct.values().stream().mapToInt(Integer::intValue).sum();
    }
}
