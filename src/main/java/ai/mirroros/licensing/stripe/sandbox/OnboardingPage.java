package ai.mirroros.licensing.stripe.sandbox;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The page an account link opens ({@code GET /_sandbox/onboarding/<account>?link=…}): a person clicking a link from
 * the README sees that onboarding is complete and can continue to the platform's {@code return_url}. A used or
 * expired link redirects to its {@code refresh_url}, as Stripe's do. Errors are short HTML pages too.
 */
final class OnboardingPage {
    private OnboardingPage() {
    }

    static void serve(Context ctx, AccountLinks links) {
        String account = ctx.pathParam("id");
        AccountLinks.Visit visit;
        try {
            visit = links.visit(account, Optional.ofNullable(ctx.queryParam("link")).filter(l -> !l.isBlank()));
        } catch (StripeApiError e) {
            page(ctx, e.status() == 400 && e.code().filter("resource_missing"::equals).isPresent() ? 404
                    : e.status(), "Onboarding not possible", e.getMessage(), Optional.empty());
            return;
        }
        switch (visit) {
            case AccountLinks.Completed done -> page(ctx, 200, "Onboarding complete",
                    "Account " + done.account() + " has finished onboarding: nothing is due, transfers are active "
                            + "and payouts are enabled.", done.returnUrl());
            case AccountLinks.Stale stale when stale.refreshUrl().isPresent() ->
                    ctx.redirect(stale.refreshUrl().get());
            case AccountLinks.Stale stale -> page(ctx, 410, "Link expired", "This onboarding link for "
                    + stale.account() + " was already used, has expired or is unknown. Create a new account link.",
                    Optional.empty());
        }
    }

    private static void page(Context ctx, int status, String title, String message, Optional<String> next) {
        String link = next.map(url -> "<p><a href=\"" + escape(url) + "\">Return to the platform</a></p>")
                .orElse("<p>You can close this window.</p>");
        ctx.status(status).contentType("text/html; charset=utf-8").result("<!doctype html>\n<html><head>"
                + "<meta charset=\"utf-8\"><title>" + escape(title) + " · Stripe sandbox</title></head><body>"
                + "<h1>" + escape(title) + "</h1><p>" + escape(message) + "</p>" + link
                + "<p><small>Stripe sandbox: this page stands in for Stripe's hosted onboarding.</small></p>"
                + "</body></html>\n");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
