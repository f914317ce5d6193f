package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one template sold over a period.
 *
 * @param sales      payments naming the template (and made to its vault), refunded or not
 * @param views      listing views counted over the period's days
 * @param conversion sales / views, HALF_UP to 0.01 %; empty without views (a sale needs no listing view: a direct
 *                   checkout link skips it, so conversion can exceed 100 %)
 * @param revenue    one entry per settlement currency the sales were booked in; a template without sales has a single
 *                   zero entry in its own currency
 */
public record TemplateStats(AgentTemplate template, long sales, long views, Optional<Percentage> conversion,
                            List<Revenue> revenue) {
    public TemplateStats {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(conversion, "conversion");
        revenue = List.copyOf(revenue);
        if (revenue.isEmpty()) {
            throw new IllegalArgumentException("stats carry at least one revenue entry");
        }
    }

    /**
     * Revenue in one currency, as the ledger booked it.
     *
     * @param gross        what customers paid, in the settlement currency
     * @param reversed     refunded, held by open disputes and lost to disputes (Stripe's dispute fee is not included:
     *                     it is a separate charge)
     * @param net          gross − reversed
     * @param partnerShare the vault's share of the sales, less what refunds and disputes clawed back from it: what
     *                     the ledger credits the vault for these payments
     */
    public record Revenue(Money gross, Money reversed, Money net, Money partnerShare) {
        public Revenue {
            Objects.requireNonNull(gross, "gross");
            Objects.requireNonNull(reversed, "reversed");
            Objects.requireNonNull(partnerShare, "partnerShare");
            if (!net.equals(gross.minus(reversed))) {
                throw new IllegalArgumentException("net " + net + " is not " + gross + " - " + reversed);
            }
        }

        static Revenue zero(Money zero) {
            return new Revenue(zero, zero, zero, zero);
        }

        Revenue plus(Revenue other) {
            return new Revenue(gross.plus(other.gross), reversed.plus(other.reversed), net.plus(other.net),
                    partnerShare.plus(other.partnerShare));
        }
    }
}
