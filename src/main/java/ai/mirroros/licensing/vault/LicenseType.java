package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Arrays;
import java.util.Locale;

/**
 * The license tiers a partner can hold: the partner's contractual share of revenue and the monthly revenue minimum
 * the tier commits to, as in the seed's registry.
 */
public enum LicenseType {
    INDIVIDUAL_PARTNER("individual_partner", 7_500, 1_000, false),
    STARTUP_PARTNER("startup_partner", 8_000, 10_000, false),
    ENTERPRISE_PARTNER("enterprise_partner", 8_500, 50_000, false),
    PREMIUM_ENTERPRISE("premium_enterprise", 9_000, 100_000, true);

    private final String wireName;
    private final Percentage partnerShare;
    private final long monthlyMinimumUsd;
    private final boolean whiteLabel;

    LicenseType(String wireName, int partnerShareBasisPoints, long monthlyMinimumUsd, boolean whiteLabel) {
        this.wireName = wireName;
        this.partnerShare = Percentage.ofBasisPoints(partnerShareBasisPoints);
        this.monthlyMinimumUsd = monthlyMinimumUsd;
        this.whiteLabel = whiteLabel;
    }

    /** The name used in JSON and on the CLI, e.g. {@code enterprise_partner}. */
    public String wireName() {
        return wireName;
    }

    /** The tier's standard partner share (75/80/85/90 %). */
    public Percentage partnerShare() {
        return partnerShare;
    }

    /** The monthly revenue minimum the tier commits to, in USD. */
    public Money monthlyRevenueMinimum() {
        return Money.parse(Long.toString(monthlyMinimumUsd), "USD");
    }

    public boolean whiteLabel() {
        return whiteLabel;
    }

    public static LicenseType fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown license type '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(LicenseType::wireName).toList()));
    }
}
