package ai.mirroros.licensing.reports;

import java.util.Map;
import java.util.Optional;

/**
 * Where reports find a payee's legal name, TIN and address: the adapter point to the encrypted tax-profile store
 * (the {@code TaxProfiles} store of the sensitive-data work). Until that store is wired in, {@link #NONE} knows
 * nobody, and every form says "TIN missing" and has no payee name: reports never invent an identity.
 */
@FunctionalInterface
public interface PayeeIdentities {
    /** Knows no payee: the forms are still produced, with blanks and warnings. */
    PayeeIdentities NONE = payeeId -> Optional.empty();

    Optional<PayeeIdentity> find(String payeeId);

    /**
     * The identities the CLI and the admin API use. ADAPTER POINT: the encrypted tax-profile store ({@code TaxProfiles}
     * with {@code TaxProfile} records, branch {@code secure}) is not on main yet; when it lands, this returns an
     * adapter that decrypts the profile of a payee into a {@link PayeeIdentity}. Until then it knows nobody.
     */
    static PayeeIdentities configured(ai.mirroros.licensing.store.Database database) {
        return NONE;
    }

    /** Fixed identities, for tests and for callers that already hold them. */
    static PayeeIdentities of(Map<String, PayeeIdentity> identities) {
        Map<String, PayeeIdentity> copy = Map.copyOf(identities);
        return payeeId -> Optional.ofNullable(copy.get(payeeId));
    }
}
