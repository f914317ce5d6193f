package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.referral.ReferralExplainer.Earning;
import ai.mirroros.licensing.referral.ReferralExplainer.Explanation;
import ai.mirroros.licensing.referral.ReferralExplainer.Level;
import ai.mirroros.licensing.referral.ReferralExplainer.OtherLine;
import ai.mirroros.licensing.referral.ReferralExplainer.Tally;
import ai.mirroros.licensing.split.ReferrerState;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Prints a {@code referrals explain} answer for a person: one fact per line, every "not paid" with its reason. */
final class ExplanationText {
    private ExplanationText() {
    }

    static void print(Explanation e, PrintWriter out) {
        out.println(e.vaultId() + ", as of " + e.asOf());
        e.signup().ifPresentOrElse(s -> out.printf("signed up with code %s of %s at %s%n", s.code(),
                s.referrerVaultId(), s.signedUpAt()),
                () -> out.println(e.levels().isEmpty() ? "no referrer chain: it did not sign up with a referral code "
                        + "and its registry configuration names no referrers, so its payments pay no commissions"
                        : "referrer chain from its registry configuration (no sign-up with a code)"));
        out.printf("terms in force: maxReferralDepth %d, referrerShare %s; %d payment%s posted%n", e.maxReferralDepth(),
                e.configuredRates().isEmpty() ? "none" : e.configuredRates().stream().map(Percentage::toString)
                        .collect(Collectors.joining(", ")), e.payments(), e.payments() == 1 ? "" : "s");
        for (Level level : e.levels()) {
            printLevel(e, level, out);
        }
        for (OtherLine other : e.otherLines()) {
            out.printf("earlier chain, level %d %s (no longer at this level):%n", other.level(),
                    other.referrerVaultId());
            printTally(other.tally(), out);
        }
        if (e.paymentsBeforeSignup() > 0) {
            out.printf("not paid: %d payment%s before the sign-up at %s paid no referrer (no chain yet)%n",
                    e.paymentsBeforeSignup(), e.paymentsBeforeSignup() == 1 ? "" : "s",
                    e.signup().orElseThrow().signedUpAt());
        }
        printEarnings(e.vaultId(), e.earnedAsReferrer(), out);
    }

    private static void printLevel(Explanation e, Level level, PrintWriter out) {
        out.printf("level %d  %s%n", level.level(), level.referrerVaultId());
        switch (level.standing()) {
            case BEYOND_MAX_DEPTH -> out.printf("  not paid: beyond maxReferralDepth %d%n", e.maxReferralDepth());
            case NO_RATE_CONFIGURED -> out.printf("  not paid: no rate configured for level %d (referrerShare has %s)%n",
                    level.level(), e.configuredRates().size() >= level.level()
                            ? "0% for it" : e.configuredRates().size() + " level"
                            + (e.configuredRates().size() == 1 ? "" : "s"));
            case PROGRAMME_OFF -> out.println("  not paid: the referrer's referral programme is off "
                    + "(monetizationConfig.referralProgram)");
            case PAID -> out.printf("  rate %s%s%n", level.rate(), bonus(level.bonus()));
        }
        printTally(level.tally(), out);
    }

    private static String bonus(ReferrerState bonus) {
        String revenue = "referred revenue " + bonus.referredRevenue() + " over the last " + bonus.windowDays()
                + " days";
        return bonus.volumeBonus().basisPoints() > 0
                ? " + volume bonus " + bonus.volumeBonus() + " (" + revenue + ")"
                : ", no volume bonus (" + revenue + ")";
    }

    private static void printTally(Tally tally, PrintWriter out) {
        out.printf("  paid so far: %d payment%s, %s%n", tally.paidCount(), tally.paidCount() == 1 ? "" : "s",
                tally.paid().isEmpty() ? "nothing" : tally.paid().stream().map(Money::toString)
                        .collect(Collectors.joining(", ")));
        if (tally.cappedCount() > 0) {
            out.printf("  capped: %d payment%s paid less than the rate (or nothing): the master share was "
                    + "exhausted%n", tally.cappedCount(), tally.cappedCount() == 1 ? "" : "s");
        }
        if (tally.programmeOffCount() > 0) {
            out.printf("  not paid: %d payment%s while the referrer's referral programme was off%n",
                    tally.programmeOffCount(), tally.programmeOffCount() == 1 ? "" : "s");
        }
    }

    private static void printEarnings(String vaultId, List<Earning> earnings, PrintWriter out) {
        if (earnings.isEmpty()) {
            out.println("as a referrer: " + vaultId + " has not been credited any commission");
            return;
        }
        out.println("as a referrer, " + vaultId + " was credited:");
        for (Earning earning : earnings) {
            out.printf("  from %s%s: %d payment%s, %s%n", earning.fromVaultId(),
                    earning.viaCode().map(c -> " (signed up with code " + c + ")").orElse(""), earning.payments(),
                    earning.payments() == 1 ? "" : "s", earning.total());
        }
    }
}
