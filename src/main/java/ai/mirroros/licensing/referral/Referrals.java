package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.LicensingApp;
import java.security.SecureRandom;

/**
 * The referral programme's services over one app, for the edges (CLI, HTTP).
 *
 * @param codes     create, list, revoke codes
 * @param signups   sign a vault up with a code
 * @param funnel    share and visit counters
 * @param stats     funnel and earnings per code
 * @param explainer {@code referrals explain}
 */
public record Referrals(ReferralCodes codes, ReferralSignups signups, FunnelCounts funnel, ReferralStats stats,
                        ReferralExplainer explainer) {

    public static Referrals of(LicensingApp app) {
        return new Referrals(
                new ReferralCodes(app.database(), app.vaults(), app.activityLog(), app.clock(), new SecureRandom()),
                new ReferralSignups(app.database(), app.vaults(), app.activityLog()),
                new FunnelCounts(app.database(), app.clock()),
                new ReferralStats(app.database()),
                new ReferralExplainer(app.database(), app.vaults(), app.platformTerms(), app.json()));
    }
}
