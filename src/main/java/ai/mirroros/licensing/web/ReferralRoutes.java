package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.referral.FunnelCounts;
import ai.mirroros.licensing.referral.ReferralCode;
import ai.mirroros.licensing.referral.Referrals;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The public share-link endpoints of the referral programme: {@code GET /r/{code}} counts a visit and sends the
 * visitor to sign up ({@code 302} to the platform's sign-up URL with {@code ?ref=<code>}); {@code POST
 * /r/{code}/share} counts a share. An unknown or revoked code is a 404 problem and counts nothing.
 */
final class ReferralRoutes {
    private ReferralRoutes() {
    }

    static void register(RoutesConfig routes, LicensingApp app) {
        Referrals referrals = Referrals.of(app);
        PlatformTerms terms = app.platformTerms();
        routes.get("/r/{code}", ctx -> activeCode(referrals, ctx).ifPresent(code -> {
            referrals.funnel().increment(FunnelCounts.REFERRAL_VISIT, code.code());
            // A redirect a browser or proxy kept would skip the next visit's count.
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(signupUrl(terms, code), HttpStatus.FOUND);
        }));
        routes.post("/r/{code}/share", ctx -> activeCode(referrals, ctx).ifPresent(code -> {
            referrals.funnel().increment(FunnelCounts.REFERRAL_SHARE, code.code());
            ctx.status(HttpStatus.NO_CONTENT);
        }));
    }

    private static Optional<ReferralCode> activeCode(Referrals referrals, Context ctx) {
        String input = ctx.pathParam("code");
        Optional<ReferralCode> code = referrals.codes().findActive(input);
        if (code.isEmpty()) {
            String shown = input.length() > 40 ? input.substring(0, 40) + "…" : input;
            WebServer.problem(ctx, HttpStatus.NOT_FOUND, "unknown_referral_code",
                    "no active referral code '" + shown + "'; it may have been revoked");
        }
        return code;
    }

    /** {@code <signupUrl>?ref=<code>}, keeping any query the sign-up URL already has. */
    static String signupUrl(PlatformTerms terms, ReferralCode code) {
        URI signup = terms.signupUrl();
        String separator = signup.getRawQuery() == null ? "?" : "&";
        return signup + separator + "ref=" + URLEncoder.encode(code.code(), StandardCharsets.UTF_8);
    }
}
