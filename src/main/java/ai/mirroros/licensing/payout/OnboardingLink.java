package ai.mirroros.licensing.payout;

import java.time.Instant;
import java.util.Objects;

/**
 * A Stripe account link for a payee to finish (or update) onboarding. Single use, and it expires within minutes:
 * {@code partners onboard} again makes a fresh one.
 */
public record OnboardingLink(String stripeAccount, String url, Instant expiresAt) {
    public OnboardingLink {
        Objects.requireNonNull(stripeAccount, "stripeAccount");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
