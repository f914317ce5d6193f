package ai.mirroros.licensing.ledger;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of account in the journal. Partner payables exist once per vault and per referrer (and currency); the
 * platform accounts exist once per currency. The {@linkplain #normalSide() normal side} only decides how a balance
 * is shown; the journal itself stores signed amounts, debit positive.
 */
public enum AccountType {
    /** Partner share earned but still inside the holding period. */
    VAULT_PENDING(Category.LIABILITY, true),
    /** Partner share past the holding period, ready for the next payout. */
    VAULT_AVAILABLE(Category.LIABILITY, true),
    /** Partner share reserved for a payout whose transfer is not confirmed yet. */
    VAULT_IN_TRANSIT(Category.LIABILITY, true),
    /**
     * Partner share transferred to the partner's connected account: a running total of what was paid, kept on the
     * liability side so that pending + available + in transit + paid out = everything credited minus clawbacks.
     * Its counterpart is {@link #CONNECT_TRANSFERS}.
     */
    VAULT_PAID_OUT(Category.LIABILITY, true),
    REFERRER_PENDING(Category.LIABILITY, true),
    REFERRER_AVAILABLE(Category.LIABILITY, true),
    REFERRER_IN_TRANSIT(Category.LIABILITY, true),
    REFERRER_PAID_OUT(Category.LIABILITY, true),
    /** The master share plus the processing fee charged on top. */
    PLATFORM_REVENUE(Category.REVENUE, false),
    /** What Stripe keeps per charge. */
    PROCESSING_FEES(Category.EXPENSE, false),
    /** Money in the platform's Stripe balance: gross minus fee per payment, so it reconciles with Stripe. */
    STRIPE_CLEARING(Category.ASSET, false),
    /** Money that left the Stripe balance for a payout and has not landed yet. */
    PAYOUTS_IN_TRANSIT(Category.ASSET, false),
    /**
     * Money transferred from the platform's Stripe balance to connected accounts: the platform-wide mirror of the
     * owners' paid-out totals, and what reconciliation compares with Stripe's transfers.
     */
    CONNECT_TRANSFERS(Category.ASSET, false),
    /**
     * Shares frozen by an open dispute: taken from the partner, referrers and platform when the dispute opens,
     * given back if it is won, handed to Stripe if it is lost.
     */
    DISPUTES_HELD(Category.LIABILITY, false);

    /** The accounting class of an account, which fixes its normal side. */
    public enum Category {
        ASSET(NormalSide.DEBIT),
        EXPENSE(NormalSide.DEBIT),
        LIABILITY(NormalSide.CREDIT),
        REVENUE(NormalSide.CREDIT);

        private final NormalSide normalSide;

        Category(NormalSide normalSide) {
            this.normalSide = normalSide;
        }

        public NormalSide normalSide() {
            return normalSide;
        }
    }

    /** The side on which an account's balance normally grows. */
    public enum NormalSide { DEBIT, CREDIT }

    private final Category category;
    private final boolean perOwner;

    AccountType(Category category, boolean perOwner) {
        this.category = category;
        this.perOwner = perOwner;
    }

    public Category category() {
        return category;
    }

    public NormalSide normalSide() {
        return category.normalSide();
    }

    /** True for vault and referrer accounts (one per owner id), false for platform-wide accounts. */
    public boolean perOwner() {
        return perOwner;
    }

    /** True for the accounts whose balance waits for a holding period. */
    public boolean isPending() {
        return this == VAULT_PENDING || this == REFERRER_PENDING;
    }

    /** Where a pending balance goes when its holding period ends; empty for accounts that are not pending. */
    public Optional<AccountType> releasedTo() {
        return switch (this) {
            case VAULT_PENDING -> Optional.of(VAULT_AVAILABLE);
            case REFERRER_PENDING -> Optional.of(REFERRER_AVAILABLE);
            default -> Optional.empty();
        };
    }

    /** The lower-case name used in account keys, e.g. {@code vault_pending}. */
    public String keyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a key name such as {@code vault_pending}; throws {@link IllegalArgumentException} if unknown. */
    public static AccountType fromKeyName(String keyName) {
        for (AccountType type : values()) {
            if (type.keyName().equals(keyName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown account type '" + keyName + "'");
    }
}
