package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.LoyaltyBonus;
import ai.mirroros.licensing.vault.RevenueSharing;
import ai.mirroros.licensing.vault.VolumeBonus;

/**
 * The partner's rate for one split: the contractual share plus the volume and loyalty bonuses earned, the bonuses
 * capped at the vault's bonus ceiling and the rate at 100 %. Bonus points come out of the master share, which is
 * simply what the partner rate leaves.
 *
 * @param basisPoints the partner rate to allocate the base with, 0..10,000
 * @param note        the share, each bonus earned or not and why, and any cap hit, for the partner line's provenance
 */
record PartnerRate(int basisPoints, String note) {

    /** Rates are validated to 0..100 % before this runs, so the int sums below cannot overflow. */
    static PartnerRate of(RevenueSharing sharing, BonusState state) {
        int share = sharing.partnerShare().basisPoints();
        StringBuilder note = new StringBuilder(128).append("partner share ");
        Notes.appendPercent(note, share);
        int bonus = 0;
        if (sharing.volumeBonus().isPresent()) {
            bonus += volumeBonus(sharing.volumeBonus().get(), state.revenueInWindow(), note);
        }
        if (sharing.loyaltyBonus().isPresent()) {
            bonus += loyaltyBonus(sharing.loyaltyBonus().get(), state.monthsLicensed(), note);
        }
        int ceiling = sharing.bonusCeiling().basisPoints();
        if (bonus > ceiling) {
            Notes.appendPercent(note.append("; bonuses capped at the "), ceiling).append(" ceiling (earned ");
            Notes.appendPercent(note, bonus).append(')');
            bonus = ceiling;
        }
        int rate = share + bonus;
        if (rate > Percentage.FULL_BASIS_POINTS) {
            Notes.appendPercent(note.append("; partner rate capped at 100% (uncapped "), rate).append(')');
            rate = Percentage.FULL_BASIS_POINTS;
        }
        return new PartnerRate(rate, note.toString());
    }

    private static int volumeBonus(VolumeBonus bonus, Money revenue, StringBuilder note) {
        Money threshold = bonus.threshold();
        if (!threshold.currency().equals(revenue.currency())) {
            // Comparing across currencies would need an exchange rate this pure function does not have.
            note.append("; volume bonus not applied: window revenue is in ").append(revenue.currency().code())
                    .append(" but the threshold is in ").append(threshold.currency().code());
            return 0;
        }
        int points = bonus.bonusPercentage().basisPoints();
        if (revenue.amountMinor() >= threshold.amountMinor()) {
            Notes.appendPercent(note.append("; volume bonus +"), points).append(" (window revenue ");
            Notes.appendAmount(note, revenue.amountMinor(), revenue.currency()).append(" >= threshold ");
            Notes.appendAmount(note, threshold.amountMinor(), threshold.currency()).append(')');
            return points;
        }
        Notes.appendAmount(note.append("; volume bonus not earned (window revenue "), revenue.amountMinor(),
                revenue.currency()).append(" < threshold ");
        Notes.appendAmount(note, threshold.amountMinor(), threshold.currency()).append(')');
        return 0;
    }

    private static int loyaltyBonus(LoyaltyBonus bonus, int monthsLicensed, StringBuilder note) {
        int points = bonus.bonusPercentage().basisPoints();
        if (monthsLicensed >= bonus.monthsRequired()) {
            Notes.appendPercent(note.append("; loyalty bonus +"), points).append(" (licensed ").append(monthsLicensed)
                    .append(" months >= ").append(bonus.monthsRequired()).append(')');
            return points;
        }
        note.append("; loyalty bonus not earned (licensed ").append(monthsLicensed).append(" of ")
                .append(bonus.monthsRequired()).append(" months)");
        return 0;
    }
}
