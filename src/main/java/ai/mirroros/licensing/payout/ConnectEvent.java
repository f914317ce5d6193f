package ai.mirroros.licensing.payout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A Stripe Connect event the payout side acts on, decoded from the webhook payload alone. */
public sealed interface ConnectEvent {
    Instant occurredAt();

    /**
     * {@code account.updated}: the connected account's verification state.
     *
     * @param disabledReason Stripe's {@code requirements.disabled_reason}, e.g. {@code requirements.past_due} or
     *     {@code rejected.fraud}
     */
    record AccountUpdated(String stripeAccount, List<String> currentlyDue, Optional<String> disabledReason,
                          boolean payoutsEnabled, Instant occurredAt) implements ConnectEvent {
        public AccountUpdated {
            Objects.requireNonNull(stripeAccount, "stripeAccount");
            currentlyDue = List.copyOf(currentlyDue);
            Objects.requireNonNull(disabledReason, "disabledReason");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /**
     * {@code transfer.reversed}: {@code amountReversedMinor} is the transfer's cumulative {@code amount_reversed},
     * so a redelivered or reordered event posts nothing twice.
     */
    record TransferReversed(String transferId, Optional<String> payoutId, long amountReversedMinor, String currency,
                            Instant occurredAt) implements ConnectEvent {
        public TransferReversed {
            Objects.requireNonNull(transferId, "transferId");
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** {@code payout.failed} on a connected account: the bank payout of money already transferred to it failed. */
    record BankPayoutFailed(String stripeAccount, String stripePayoutId, long amountMinor, String currency,
                            Optional<String> failureCode, Optional<String> failureMessage, Instant occurredAt)
            implements ConnectEvent {
        public BankPayoutFailed {
            Objects.requireNonNull(stripeAccount, "stripeAccount");
            Objects.requireNonNull(stripePayoutId, "stripePayoutId");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(failureCode, "failureCode");
            Objects.requireNonNull(failureMessage, "failureMessage");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }
}
