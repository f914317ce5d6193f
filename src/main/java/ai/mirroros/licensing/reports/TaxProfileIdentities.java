package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.sensitive.TaxProfile;
import ai.mirroros.licensing.sensitive.TaxProfiles;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PayeeIdentities} over the encrypted tax-profile store: opens a payee's profile and hands the 1099-K its legal
 * name, the TIN as printed on a form ({@code 123-45-6789}, {@code 12-3456789}), the address lines and the country
 * that decides the form. A payee who gave a US TIN (a W-9: SSN, EIN or ITIN) counts as US wherever its address is,
 * as the profile's {@link TaxProfile#usPerson()} says; otherwise the address's country.
 */
public final class TaxProfileIdentities implements PayeeIdentities {
    private final TaxProfiles profiles;

    public TaxProfileIdentities(TaxProfiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    @Override
    public Optional<PayeeIdentity> find(String payeeId) {
        return profiles.find(payeeId).map(TaxProfileIdentities::identity);
    }

    static PayeeIdentity identity(TaxProfile profile) {
        return new PayeeIdentity(profile.legalName(), Optional.of(profile.tin().formatted()),
                profile.address().lines(), profile.usPerson() ? Form1099KReports.US : profile.country());
    }
}
