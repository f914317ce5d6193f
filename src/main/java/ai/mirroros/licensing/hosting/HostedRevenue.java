package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * What a hosted platform's paid invoices in one currency amounted to, as posted to the ledger.
 *
 * @param monthsBilled  invoices paid (one per month of the subscription)
 * @param gross         what the client paid
 * @param refunded      what was refunded of it
 * @param partnerShare  the vault's share of the splits
 */
public record HostedRevenue(long monthsBilled, Money gross, Money refunded, Money partnerShare, Instant firstBilledAt,
                            Instant lastBilledAt) {
    public HostedRevenue {
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(refunded, "refunded");
        Objects.requireNonNull(partnerShare, "partnerShare");
        Objects.requireNonNull(firstBilledAt, "firstBilledAt");
        Objects.requireNonNull(lastBilledAt, "lastBilledAt");
    }

    /** Gross less refunds. */
    public Money net() {
        return gross.minus(refunded);
    }
}
