package ai.mirroros.licensing.vault;

import java.util.Objects;

/** What a vault must have in order before it may be paid. Stored here; enforced by payouts. */
public record ComplianceStatus(KycStatus kyc, TaxDocumentation taxDocumentation, boolean payoutAccountVerified) {
    public enum KycStatus { PENDING, VERIFIED, REJECTED }

    public enum TaxDocumentation { MISSING, SUBMITTED, VERIFIED }

    public static final ComplianceStatus NOTHING_ON_FILE =
            new ComplianceStatus(KycStatus.PENDING, TaxDocumentation.MISSING, false);

    public ComplianceStatus {
        Objects.requireNonNull(kyc, "kyc");
        Objects.requireNonNull(taxDocumentation, "taxDocumentation");
    }

    public boolean readyForPayout() {
        return kyc == KycStatus.VERIFIED && taxDocumentation == TaxDocumentation.VERIFIED && payoutAccountVerified;
    }
}
