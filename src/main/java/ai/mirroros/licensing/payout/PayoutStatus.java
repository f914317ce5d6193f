package ai.mirroros.licensing.payout;

import java.util.Locale;

/**
 * A payout's state. planned: amount reserved, no transfer attempted; submitting: a transfer request is (or was, if
 * the process died) in flight; retrying: the last attempt failed in a way worth retrying at {@code next_attempt_at};
 * paid: the transfer exists at Stripe; failed: refused for good, funds back to available.
 */
public enum PayoutStatus {
    PLANNED, SUBMITTING, RETRYING, PAID, FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayoutStatus fromDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == PAID || this == FAILED;
    }
}
