package ai.mirroros.licensing.payout;

import java.util.Objects;

/**
 * An operator's compliance record applied to a payee (tax form, payout-account verification, hold, release): the
 * payee before and after. {@code changed} is false when the record said what was already on file; then nothing
 * was written or logged.
 */
public record OnboardingChange(Payee before, Payee after, boolean changed) {
    public OnboardingChange {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (!before.payeeId().equals(after.payeeId())) {
            throw new IllegalArgumentException("before and after are different payees: " + before.payeeId() + ", "
                    + after.payeeId());
        }
    }
}
