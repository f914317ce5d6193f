package ai.mirroros.licensing.payout;

import java.util.Objects;

/**
 * What {@code partners onboard} did to the payee: the payee as stored, and whether its connected account was created
 * now (false: the vault was onboarded before, and is left as it was).
 */
public record OnboardingResult(Payee payee, boolean accountCreated) {
    public OnboardingResult {
        Objects.requireNonNull(payee, "payee");
        if (payee.stripeAccount().isEmpty()) {
            throw new IllegalArgumentException("an onboarded payee has a connected account: " + payee.payeeId());
        }
    }

    public String stripeAccount() {
        return payee.stripeAccount().orElseThrow();
    }
}
