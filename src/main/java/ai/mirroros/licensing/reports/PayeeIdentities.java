package ai.mirroros.licensing.reports;

import java.util.Map;
import java.util.Optional;

/**
 * Where reports find a payee's legal name, TIN and address: {@link TaxProfileIdentities} over the encrypted
 * tax-profile store. A payee without a profile has no identity: its form says "TIN missing" and has no name;
 * reports never invent an identity.
 */
@FunctionalInterface
public interface PayeeIdentities {
    /** Knows no payee: the forms are still produced, with blanks and warnings. */
    PayeeIdentities NONE = payeeId -> Optional.empty();

    Optional<PayeeIdentity> find(String payeeId);

    /** Fixed identities, for tests and for callers that already hold them. */
    static PayeeIdentities of(Map<String, PayeeIdentity> identities) {
        Map<String, PayeeIdentity> copy = Map.copyOf(identities);
        return payeeId -> Optional.ofNullable(copy.get(payeeId));
    }
}
