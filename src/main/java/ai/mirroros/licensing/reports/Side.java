package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.ledger.AccountType;

/** The party or pool an account belongs to, which is all a report needs to know about a journal line. */
public enum Side {
    /** The vault's own payables (pending, available, in transit, paid out). */
    PARTNER,
    /** Referrer commission payables. */
    REFERRER,
    /** Platform revenue: the master share plus the fee charged on top. */
    PLATFORM,
    /** What Stripe kept. */
    FEES,
    /** The platform's Stripe balance. */
    CLEARING,
    /** Shares frozen by open disputes. */
    DISPUTES,
    /** Transfers to connected accounts. */
    TRANSFERS,
    /** Payouts in transit from the Stripe balance to the bank. */
    BANK_IN_TRANSIT;

    static Side of(AccountType type) {
        return switch (type) {
            case VAULT_PENDING, VAULT_AVAILABLE, VAULT_IN_TRANSIT, VAULT_PAID_OUT -> PARTNER;
            case REFERRER_PENDING, REFERRER_AVAILABLE, REFERRER_IN_TRANSIT, REFERRER_PAID_OUT -> REFERRER;
            case PLATFORM_REVENUE -> PLATFORM;
            case PROCESSING_FEES -> FEES;
            case STRIPE_CLEARING -> CLEARING;
            case DISPUTES_HELD -> DISPUTES;
            case CONNECT_TRANSFERS -> TRANSFERS;
            case PAYOUTS_IN_TRANSIT -> BANK_IN_TRANSIT;
        };
    }
}
