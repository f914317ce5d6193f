package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.Money;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The two Stripe calls a payout needs: make its transfer, and find out whether it was made. */
public interface TransferGateway {

    /** Creates the transfer for {@code payout}, sending its idempotency key; never throws for Stripe's answers. */
    Attempt transfer(Payout payout);

    /**
     * The transfers whose {@code transfer_group} is {@code payoutId}: how a payout left in flight by a crash learns
     * whether its transfer was made. Throws {@link Unavailable} when Stripe cannot be asked.
     */
    List<FoundTransfer> findByGroup(String payoutId) throws Unavailable;

    /** A transfer seen at Stripe. */
    record FoundTransfer(String transferId, Money amount, String destination, Money reversed) {
        public FoundTransfer {
            Objects.requireNonNull(transferId, "transferId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(reversed, "reversed");
        }
    }

    /** What one attempt came to. */
    sealed interface Attempt {
        /** The transfer exists (made now, or earlier under the same idempotency key). */
        record Made(FoundTransfer transfer) implements Attempt {
        }

        /**
         * Nothing is known to have happened, or it may have (a timeout, a reset, a 5xx, a 429): retry with the same
         * key. {@code retryAfter} is Stripe's Retry-After, when it sent one.
         */
        record Transient(String reason, Optional<Duration> retryAfter) implements Attempt {
        }

        /** The platform balance cannot cover it yet: wait for settlement, then retry. */
        record InsufficientFunds(String reason) implements Attempt {
        }

        /**
         * Refused for good: nothing was made; do not retry. {@code destinationUnusable} when the connected account
         * cannot receive transfers (closed, invalid, missing capability): the payee goes on hold until fixed.
         */
        record Refused(String code, String reason, boolean destinationUnusable) implements Attempt {
        }
    }

    /** Stripe could not be asked. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
