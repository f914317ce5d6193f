package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone the platform pays: a vault, for its own share and for the commissions it earned as a referrer. The row
 * behind it ({@code payee}) is the only thing the payout gate reads.
 *
 * @param kycDetail Stripe's {@code requirements.currently_due} and {@code disabled_reason} as last seen
 * @param holdReason set by an operator or a transfer refused for good; cleared by an operator
 * @param riskHold   the summary of the vault's active risk hold ({@code risk_hold}, placed by a payment's risk
 *                   score); lifted only by {@code licensing risk release}, never by clearing {@code holdReason}
 */
public record Payee(
        String payeeId,
        Optional<String> stripeAccount,
        Optional<String> country,
        Optional<String> email,
        Optional<String> businessType,
        KycStatus kyc,
        Optional<String> kycDetail,
        boolean payoutsEnabled,
        TaxDocument taxDocument,
        boolean payoutAccountVerified,
        Optional<String> holdReason,
        Instant updatedAt,
        Optional<String> riskHold) {

    /** The tax form on file: a W-9 (US persons) or a W-8BEN (everyone else), or none yet. */
    public enum TaxDocument {
        MISSING, W9, W8BEN;

        public String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static TaxDocument fromDbName(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Payee {
        Objects.requireNonNull(payeeId, "payeeId");
        Objects.requireNonNull(stripeAccount, "stripeAccount");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(businessType, "businessType");
        Objects.requireNonNull(kyc, "kyc");
        Objects.requireNonNull(kycDetail, "kycDetail");
        Objects.requireNonNull(taxDocument, "taxDocument");
        Objects.requireNonNull(holdReason, "holdReason");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(riskHold, "riskHold");
    }

    /** A payee without a risk hold (how operators and onboarding build one; the store reads the hold). */
    public Payee(String payeeId, Optional<String> stripeAccount, Optional<String> country, Optional<String> email,
                 Optional<String> businessType, KycStatus kyc, Optional<String> kycDetail, boolean payoutsEnabled,
                 TaxDocument taxDocument, boolean payoutAccountVerified, Optional<String> holdReason,
                 Instant updatedAt) {
        this(payeeId, stripeAccount, country, email, businessType, kyc, kycDetail, payoutsEnabled, taxDocument,
                payoutAccountVerified, holdReason, updatedAt, Optional.empty());
    }

    /**
     * Why this payee may not be paid now, one reason each; empty when it may. The one place the rule lives: KYC
     * verified with payouts enabled, a tax form on file, the payout account verified, no hold and no risk hold.
     */
    public List<String> blockers() {
        return blockers(payeeId, Optional.of(this));
    }

    /** Why {@code payeeId} may not be paid now: {@link #blockers()}, or "not onboarded" when it has no record. */
    public static List<String> blockers(String payeeId, Optional<Payee> payee) {
        if (payee.isEmpty()) {
            return List.of("not onboarded (run: licensing partners onboard " + payeeId + ")");
        }
        return payee.get().ownBlockers();
    }

    private List<String> ownBlockers() {
        List<String> reasons = new ArrayList<>();
        if (stripeAccount.isEmpty()) {
            reasons.add("no connected account (run: licensing partners onboard " + payeeId + ")");
        }
        if (kyc != KycStatus.VERIFIED) {
            reasons.add("KYC " + kyc.name().toLowerCase(java.util.Locale.ROOT)
                    + kycDetail.map(d -> " (" + d + ")").orElse(""));
        } else if (!payoutsEnabled) {
            reasons.add("Stripe has payouts disabled on " + stripeAccount.orElse("the account")
                    + kycDetail.map(d -> " (" + d + ")").orElse(""));
        }
        if (taxDocument == TaxDocument.MISSING) {
            reasons.add("no tax form on file (W-9 or W-8BEN)");
        }
        if (!payoutAccountVerified) {
            reasons.add("payout account not verified");
        }
        holdReason.ifPresent(reason -> reasons.add("on hold: " + reason));
        riskHold.ifPresent(summary -> reasons.add("risk hold: " + summary));
        return List.copyOf(reasons);
    }

    public boolean payable() {
        return blockers().isEmpty();
    }
}
