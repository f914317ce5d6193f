package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.LicensingException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a payee's tax forms need: the legal name, the TIN, the postal address and, optionally, the bank account.
 * The sensitive parts print masked from {@link #toString()}; read {@link Tin#formatted()} and
 * {@link PostalAddress#lines()} only where the form itself is produced.
 *
 * @param payeeId   the vault id (as in {@code payee.payee_id})
 * @param legalName the name on the form; not secret
 */
public record TaxProfile(String payeeId, String legalName, TinType tinType, Tin tin, PostalAddress address,
                         Optional<BankAccount> bank) {
    public static final int MAX_LEGAL_NAME_LENGTH = 200;

    public TaxProfile {
        Objects.requireNonNull(payeeId, "payeeId");
        Objects.requireNonNull(tinType, "tinType");
        Objects.requireNonNull(tin, "tin");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bank, "bank");
        legalName = legalName == null ? "" : legalName.strip();
        if (legalName.isEmpty() || legalName.length() > MAX_LEGAL_NAME_LENGTH) {
            throw new LicensingException("invalid_legal_name", "the legal name is required, at most "
                    + MAX_LEGAL_NAME_LENGTH + " characters");
        }
        if (tin.type() != tinType) {
            throw new LicensingException("invalid_tin", "the TIN is of type " + tin.type().wireName()
                    + " but the profile says " + tinType.wireName());
        }
    }

    /** A profile without bank details. */
    public TaxProfile(String payeeId, String legalName, Tin tin, PostalAddress address) {
        this(payeeId, legalName, tin.type(), tin, address, Optional.empty());
    }

    /** The ISO 3166-1 alpha-2 country of the address (also stored in clear, to pick the form without opening). */
    public String country() {
        return address.country();
    }

    /**
     * Whether the payee gave a US TIN (SSN, EIN, ITIN), i.e. filed a W-9 as a US person: the 1099-K goes to them.
     * Not derived from the address: US persons abroad keep their SSN, and no rule here second-guesses that.
     */
    public boolean usPerson() {
        return tinType.us();
    }

    public TaxProfile withBank(BankAccount account) {
        return new TaxProfile(payeeId, legalName, tinType, tin, address, Optional.of(account));
    }
}
