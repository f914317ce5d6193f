package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One transfer to one payee for one due date and currency: {@code vaultPart} of its own share plus
 * {@code referrerPart} of referrer commissions (either may be negative after clawbacks; the amount is positive).
 */
public record Payout(
        String payoutId,
        String payeeId,
        LocalDate dueDate,
        Money vaultPart,
        Money referrerPart,
        String stripeAccount,
        String idempotencyKey,
        PayoutStatus status,
        int attempts,
        Optional<Instant> nextAttemptAt,
        Optional<String> transferId,
        Money reversed,
        Optional<String> lastError,
        Instant createdAt,
        Instant updatedAt) {

    public Payout {
        Objects.requireNonNull(payoutId, "payoutId");
        Objects.requireNonNull(payeeId, "payeeId");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(vaultPart, "vaultPart");
        Objects.requireNonNull(referrerPart, "referrerPart");
        vaultPart.requireSameCurrency(referrerPart);
        Objects.requireNonNull(stripeAccount, "stripeAccount");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(reversed, "reversed");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!vaultPart.plus(referrerPart).isPositive()) {
            throw new IllegalArgumentException("payout " + payoutId + " must be positive: " + vaultPart + " + "
                    + referrerPart);
        }
    }

    public Money amount() {
        return vaultPart.plus(referrerPart);
    }

    /** {@code po_<due date>_<currency>_<payee>}: readable, and the same for the same payee, currency and due date. */
    public static String idFor(String payeeId, String currency, LocalDate dueDate) {
        return "po_" + dueDate.toString().replace("-", "") + "_" + currency + "_" + payeeId;
    }

    /**
     * The first Idempotency-Key of a payout's transfer, sent with every attempt whose outcome is unknown. Stripe
     * saves a request's answer under its key, a refusal included, so after a definite refusal that made nothing
     * (a platform balance too small) the retry needs the next key: {@link #nextIdempotencyKey}.
     */
    public static String firstIdempotencyKey(String payoutId) {
        return "payout-" + payoutId;
    }

    /** {@code payout-<id>}, then {@code payout-<id>-2}, {@code -3}, …: the key after this one. */
    public String nextIdempotencyKey() {
        String first = firstIdempotencyKey(payoutId);
        int generation = idempotencyKey.equals(first) ? 1
                : Integer.parseInt(idempotencyKey.substring(first.length() + 1));
        return first + "-" + (generation + 1);
    }
}
