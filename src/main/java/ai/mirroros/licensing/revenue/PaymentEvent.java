package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer payment to post.
 *
 * @param sourceId   the idempotency key: a Stripe event or payment id, or a CLI {@code --source-id}
 * @param vaultId    the selling vault
 * @param gross      what the customer paid, in the vault's settlement currency
 * @param actualFee  the processing fee Stripe charged, when known
 * @param occurredAt when the payment happened; selects the vault terms in force and starts the holding period
 * @param origin     the Stripe objects and metadata behind it; {@link PaymentOrigin#MANUAL} for CLI postings
 */
public record PaymentEvent(String sourceId, String vaultId, Money gross, Optional<Money> actualFee,
                           Instant occurredAt, PaymentOrigin origin) {
    /** Stripe's own ids are well under this; a bound keeps the unique index small and errors clear. */
    public static final int SOURCE_ID_CHARS_MAX = 255;

    public PaymentEvent {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(actualFee, "actualFee");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(origin, "origin");
    }

    /** A payment posted by hand (CLI, tests): no Stripe objects behind it. */
    public PaymentEvent(String sourceId, String vaultId, Money gross, Optional<Money> actualFee, Instant occurredAt) {
        this(sourceId, vaultId, gross, actualFee, occurredAt, PaymentOrigin.MANUAL);
    }
}
