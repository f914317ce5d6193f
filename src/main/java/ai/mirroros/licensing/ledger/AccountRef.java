package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.CurrencyUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One account of the journal: its type, its owner (a vault or referrer id; {@code ""} for platform accounts) and
 * its currency. An account holds exactly one currency. {@link #key()} is the stable string stored with every line,
 * e.g. {@code vault_pending:enterprise-vault.sig:USD} or {@code platform_revenue::USD}.
 */
public record AccountRef(AccountType type, String owner, CurrencyUnit currency) {
    /** Vault and referrer ids are short identifiers; the limit keeps the stored key within its column. */
    public static final int MAX_OWNER_LENGTH = 200;

    public AccountRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(currency, "currency");
        if (type.perOwner()) {
            if (owner.isBlank() || !owner.strip().equals(owner)) {
                throw new IllegalArgumentException(type.keyName() + " needs a vault or referrer id without "
                        + "surrounding spaces, got '" + owner + "'");
            }
        } else if (!owner.isEmpty()) {
            throw new IllegalArgumentException(type.keyName() + " is a platform account and has no owner, got '"
                    + owner + "'");
        }
        if (owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("owner id longer than " + MAX_OWNER_LENGTH + " characters: '"
                    + owner.substring(0, 40) + "…'");
        }
        if (owner.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("owner id contains control characters");
        }
    }

    public static AccountRef of(AccountType type, String owner, CurrencyUnit currency) {
        return new AccountRef(type, owner, currency);
    }

    /** A platform-wide account (no owner). */
    public static AccountRef platform(AccountType type, CurrencyUnit currency) {
        return new AccountRef(type, "", currency);
    }

    public static AccountRef vaultPending(String vaultId, CurrencyUnit currency) {
        return new AccountRef(AccountType.VAULT_PENDING, vaultId, currency);
    }

    public static AccountRef vaultAvailable(String vaultId, CurrencyUnit currency) {
        return new AccountRef(AccountType.VAULT_AVAILABLE, vaultId, currency);
    }

    public static AccountRef vaultPaidOut(String vaultId, CurrencyUnit currency) {
        return new AccountRef(AccountType.VAULT_PAID_OUT, vaultId, currency);
    }

    public static AccountRef vaultInTransit(String vaultId, CurrencyUnit currency) {
        return new AccountRef(AccountType.VAULT_IN_TRANSIT, vaultId, currency);
    }

    public static AccountRef referrerInTransit(String referrerId, CurrencyUnit currency) {
        return new AccountRef(AccountType.REFERRER_IN_TRANSIT, referrerId, currency);
    }

    public static AccountRef connectTransfers(CurrencyUnit currency) {
        return platform(AccountType.CONNECT_TRANSFERS, currency);
    }

    public static AccountRef referrerPending(String referrerId, CurrencyUnit currency) {
        return new AccountRef(AccountType.REFERRER_PENDING, referrerId, currency);
    }

    public static AccountRef referrerAvailable(String referrerId, CurrencyUnit currency) {
        return new AccountRef(AccountType.REFERRER_AVAILABLE, referrerId, currency);
    }

    public static AccountRef referrerPaidOut(String referrerId, CurrencyUnit currency) {
        return new AccountRef(AccountType.REFERRER_PAID_OUT, referrerId, currency);
    }

    public static AccountRef platformRevenue(CurrencyUnit currency) {
        return platform(AccountType.PLATFORM_REVENUE, currency);
    }

    public static AccountRef processingFees(CurrencyUnit currency) {
        return platform(AccountType.PROCESSING_FEES, currency);
    }

    public static AccountRef stripeClearing(CurrencyUnit currency) {
        return platform(AccountType.STRIPE_CLEARING, currency);
    }

    public static AccountRef disputesHeld(CurrencyUnit currency) {
        return platform(AccountType.DISPUTES_HELD, currency);
    }

    public static AccountRef payoutsInTransit(CurrencyUnit currency) {
        return platform(AccountType.PAYOUTS_IN_TRANSIT, currency);
    }

    /** {@code <type>:<owner>:<currency>}; the owner may itself contain colons, type and currency never do. */
    public String key() {
        return type.keyName() + ":" + owner + ":" + currency.code();
    }

    /** The inverse of {@link #key()}; throws {@link IllegalArgumentException} for anything else. */
    public static AccountRef parseKey(String key) {
        int first = key.indexOf(':');
        int last = key.lastIndexOf(':');
        if (first < 0 || first == last) {
            throw new IllegalArgumentException("account key '" + key + "' is not <type>:<owner>:<currency>");
        }
        AccountRef ref = new AccountRef(AccountType.fromKeyName(key.substring(0, first)),
                key.substring(first + 1, last), CurrencyUnit.of(key.substring(last + 1)));
        if (!ref.key().equals(key)) {
            throw new IllegalArgumentException("account key '" + key + "' is not in canonical form ('" + ref.key()
                    + "')");
        }
        return ref;
    }

    /** The pending account's counterpart after the holding period; empty when this account is not pending. */
    public Optional<AccountRef> releasedTo() {
        return type.releasedTo().map(target -> new AccountRef(target, owner, currency));
    }

    @Override
    public String toString() {
        return key();
    }
}
