package ai.mirroros.licensing.platform;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.PricingConfiguration;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Terms the platform sets for every vault.
 *
 * @param defaultPricing      export fees and template markup charged when a vault has {@code enableCustomExportFees}
 *                            off, in USD
 * @param downgradePolicy     whether a vault whose monthly revenue falls below its tier's threshold is moved down
 * @param referrerBonusSteps  extra commission points for high-volume referrers, by the revenue their referred vaults
 *                            brought in over the last {@code referrerBonusWindowDays}; highest step reached applies
 * @param referrerBonusWindowDays the window the referred revenue is summed over
 * @param shareLinkBase       the public address share links are built on: {@code <base>/r/<code>}
 * @param signupUrl           where a visited share link sends the visitor; the code is added as {@code ?ref=}
 */
public record PlatformTerms(
        PricingConfiguration defaultPricing,
        DowngradePolicy downgradePolicy,
        List<ReferrerBonusStep> referrerBonusSteps,
        int referrerBonusWindowDays,
        URI shareLinkBase,
        URI signupUrl) {

    public PlatformTerms {
        Objects.requireNonNull(defaultPricing, "defaultPricing");
        Objects.requireNonNull(downgradePolicy, "downgradePolicy");
        referrerBonusSteps = referrerBonusSteps.stream()
                .sorted(Comparator.comparing(step -> step.referredRevenue().amountMinor())).toList();
        if (referrerBonusWindowDays < 1) {
            throw new IllegalArgumentException("referrerBonusWindowDays must be at least 1");
        }
        Objects.requireNonNull(shareLinkBase, "shareLinkBase");
        Objects.requireNonNull(signupUrl, "signupUrl");
    }

    /** The platform's standard terms, used unless a terms file replaces them. */
    public static PlatformTerms defaults() {
        return new PlatformTerms(
                new PricingConfiguration(usd("99.00"), usd("299.00"), usd("2500.00"), Percentage.ofPercent(100)),
                DowngradePolicy.NEVER,
                List.of(new ReferrerBonusStep(usd("10000.00"), Percentage.ofPercent(1)),
                        new ReferrerBonusStep(usd("50000.00"), Percentage.ofPercent(2)),
                        new ReferrerBonusStep(usd("100000.00"), Percentage.ofPercent(3))),
                30,
                URI.create("http://localhost:8080"),
                URI.create("https://mirroros.ai/signup"));
    }

    /**
     * The monthly revenue at which a vault moves up to {@code tier}: the tier's committed monthly minimum
     * ($10k startup, $50k enterprise, $100k premium enterprise).
     */
    public Money upgradeThreshold(LicenseType tier) {
        return tier.monthlyRevenueMinimum();
    }

    /** The extra level-1..n commission points a referrer earns with {@code referredRevenue} in the window. */
    public Percentage referrerBonus(Money referredRevenue) {
        Percentage bonus = Percentage.ZERO;
        for (ReferrerBonusStep step : referrerBonusSteps) {
            if (referredRevenue.currency().equals(step.referredRevenue().currency())
                    && referredRevenue.amountMinor() >= step.referredRevenue().amountMinor()) {
                bonus = step.extraRate();
            }
        }
        return bonus;
    }

    /** When a vault may move down a tier. */
    public enum DowngradePolicy {
        /** Tiers only go up automatically; a downgrade is an operator's registry change. */
        NEVER,
        /** At the start of a month, a vault whose last full month stayed below its tier's threshold moves down one. */
        AFTER_MONTH_BELOW_THRESHOLD
    }

    /**
     * One step of the referrer volume bonus.
     *
     * @param referredRevenue the referred revenue (gross, in the window) at which the step starts
     * @param extraRate       commission points added to each level's rate from that step on
     */
    public record ReferrerBonusStep(Money referredRevenue, Percentage extraRate) {
        public ReferrerBonusStep {
            Objects.requireNonNull(referredRevenue, "referredRevenue");
            Objects.requireNonNull(extraRate, "extraRate");
        }
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD");
    }
}
