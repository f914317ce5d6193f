package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.ComplianceStatus;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Getting a vault to "payable": onboarding it as a payee with a Stripe Express account, and the compliance records
 * an operator keeps for it (tax form, payout-account verification, holds). KYC itself is Stripe's to decide; it
 * arrives through {@code account.updated}, not through here. Every change is written with its activity-log entry in
 * one transaction.
 */
public final class Onboarding {
    public static final String ACTIVITY_ONBOARDED = "payee.onboarded";
    public static final String ACTIVITY_TAX_DOCUMENT = "payee.tax_document";
    public static final String ACTIVITY_PAYOUT_ACCOUNT = "payee.payout_account";
    public static final String ACTIVITY_HELD = "payee.held";
    public static final String ACTIVITY_RELEASED = "payee.released";

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final Clock clock;

    public Onboarding(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The idempotency key of a vault's account creation: a retry, or a rerun after a crash, gets the same account. */
    public static String idempotencyKey(String vaultId) {
        return "onboard-" + vaultId;
    }

    /**
     * Onboards a registered vault: creates its Express account and stores the payee with KYC pending. A vault that
     * has an account keeps it: nothing is created or written. Ask for the partner's link with {@link #link}; the
     * account is recorded before that, so a link that fails leaves nothing at Stripe that we do not know about.
     *
     * @throws LicensingException when the vault is unknown or Stripe refuses or does not answer
     */
    public OnboardingResult onboard(StripeClient stripe, OnboardingRequest request) {
        LicensedVault vault = vaults.require(request.vaultId(), clock.instant());
        Optional<Payee> existing = database.jdbi().withHandle(h -> PayeeStore.find(h, vault.vaultId()));
        if (existing.isPresent() && existing.get().stripeAccount().isPresent()) {
            return new OnboardingResult(existing.get(), false);
        }
        Account account = createAccount(stripe, request);
        return new OnboardingResult(database.jdbi().inTransaction(h -> record(h, vault, request, account)), true);
    }

    /** A fresh account-onboarding link for an onboarded payee, to send to the partner. */
    public OnboardingLink link(StripeClient stripe, Payee payee, OnboardingRequest request) {
        String account = payee.stripeAccount().orElseThrow(() -> notOnboarded(payee.payeeId()));
        AccountLinkCreateParams params = AccountLinkCreateParams.builder()
                .setAccount(account)
                .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                .setReturnUrl(request.returnUrl().toString())
                .setRefreshUrl(request.refreshUrl().toString())
                .build();
        String failed = "Stripe did not create an onboarding link for " + account + ": ";
        String rerun = "; run licensing partners onboard " + payee.payeeId() + " again for one";
        try {
            AccountLink link = stripe.v1().accountLinks().create(params);
            if (link.getUrl() == null || link.getExpiresAt() == null) {
                throw new LicensingException("stripe_failed", failed + "the answer has no url or expires_at" + rerun);
            }
            return new OnboardingLink(account, link.getUrl(), Instant.ofEpochSecond(link.getExpiresAt()));
        } catch (StripeException e) {
            throw new LicensingException("stripe_failed", failed + describe(e) + rerun);
        }
    }

    private Account createAccount(StripeClient stripe, OnboardingRequest request) {
        AccountCreateParams.Builder params = AccountCreateParams.builder()
                .setType(AccountCreateParams.Type.EXPRESS)
                .setCountry(request.country())
                .setCapabilities(AccountCreateParams.Capabilities.builder()
                        .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build())
                        .build())
                .putMetadata("payee_id", request.vaultId());
        request.email().ifPresent(params::setEmail);
        request.businessType().ifPresent(type -> params.setBusinessType(switch (type) {
            case INDIVIDUAL -> AccountCreateParams.BusinessType.INDIVIDUAL;
            case COMPANY -> AccountCreateParams.BusinessType.COMPANY;
        }));
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey(request.vaultId())).build();
        try {
            Account account = stripe.v1().accounts().create(params.build(), options);
            if (account.getId() == null || account.getId().isBlank()) {
                throw new LicensingException("stripe_failed", "Stripe's answer for " + request.vaultId()
                        + "'s connected account has no id; nothing was recorded");
            }
            return account;
        } catch (StripeException e) {
            throw new LicensingException("stripe_failed", "Stripe did not create a connected account for "
                    + request.vaultId() + ": " + describe(e) + "; nothing was recorded");
        }
    }

    /**
     * Stores the new payee and its activity entry. The row is locked first: if a concurrent onboard of the same vault
     * got there (it got the same account, through the idempotency key), its row stands and is not logged twice.
     */
    private Payee record(Handle handle, LicensedVault vault, OnboardingRequest request, Account account) {
        Optional<Payee> current = PayeeStore.findForUpdate(handle, vault.vaultId());
        if (current.isPresent() && current.get().stripeAccount().isPresent()) {
            if (current.get().stripeAccount().get().equals(account.getId())) {
                return current.get();
            }
            throw new IllegalStateException(vault.vaultId() + " was onboarded concurrently with account "
                    + current.get().stripeAccount().get() + ", Stripe gave this run " + account.getId());
        }
        ComplianceStatus compliance = vault.compliance();
        Account.Requirements requirements = account.getRequirements();
        // A row without an account (none is written that way today) keeps the operator's records it has.
        TaxDocument tax = current.map(Payee::taxDocument)
                .orElse(seededTaxDocument(compliance, request.country()));
        boolean payoutAccountVerified = current.map(Payee::payoutAccountVerified)
                .orElse(compliance.payoutAccountVerified());
        Payee payee = new Payee(vault.vaultId(), Optional.of(account.getId()), Optional.of(request.country()),
                request.email(), request.businessType().map(OnboardingRequest.BusinessType::wireName),
                KycStatus.PENDING,
                kycDetail(requirements == null ? List.of() : requirements.getCurrentlyDue(),
                        Optional.ofNullable(requirements == null ? null : requirements.getDisabledReason())),
                Boolean.TRUE.equals(account.getPayoutsEnabled()), tax, payoutAccountVerified,
                current.flatMap(Payee::holdReason), clock.instant());
        PayeeStore.save(handle, payee);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("by", request.operator());
        payload.put("stripeAccount", account.getId());
        payload.put("country", request.country());
        request.businessType().ifPresent(type -> payload.put("businessType", type.wireName()));
        // No email: the log is append-only and exported, so personal data in it could never be erased.
        payload.put("taxDocument", tax.dbName());
        payload.put("payoutAccountVerified", payoutAccountVerified);
        payload.put("seededFrom", current.isPresent() ? "payee" : "registry compliance");
        activityLog.append(handle, List.of(ActivityRecord.of(payee.updatedAt(), ACTIVITY_ONBOARDED, payload)
                .forVault(vault.vaultId()).fromSource(account.getId())));
        return payee;
    }

    /**
     * The tax form a registry's compliance status stands for: "submitted" or "verified" documentation is a W-9 for
     * a US payee and a W-8BEN for anyone else; "missing" is missing.
     */
    public static TaxDocument seededTaxDocument(ComplianceStatus compliance, String country) {
        return switch (compliance.taxDocumentation()) {
            case MISSING -> TaxDocument.MISSING;
            case SUBMITTED, VERIFIED -> "US".equals(country) ? TaxDocument.W9 : TaxDocument.W8BEN;
        };
    }

    /**
     * {@code kyc_detail} as stored from a Stripe account: what is currently due and why the account is disabled,
     * e.g. {@code due: external_account, tos_acceptance.date; disabled: requirements.past_due}. Empty when neither.
     */
    public static Optional<String> kycDetail(List<String> currentlyDue, Optional<String> disabledReason) {
        List<String> parts = new ArrayList<>(2);
        if (currentlyDue != null && !currentlyDue.isEmpty()) {
            parts.add("due: " + String.join(", ", currentlyDue));
        }
        disabledReason.filter(reason -> !reason.isBlank()).ifPresent(reason -> parts.add("disabled: " + reason));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /** Records the tax form on file ({@code MISSING} withdraws one). */
    public OnboardingChange recordTaxDocument(String payeeId, TaxDocument form, String operator,
                                              Optional<String> reason) {
        return change(payeeId, ACTIVITY_TAX_DOCUMENT, operator, reason,
                p -> p.taxDocument() == form ? Optional.empty() : Optional.of(fromTo(p.taxDocument().dbName(),
                        form.dbName())),
                (h, at) -> PayeeStore.setTaxDocument(h, payeeId, form, at));
    }

    /** Records whether the bank account payouts go to was verified. */
    public OnboardingChange recordPayoutAccount(String payeeId, boolean verified, String operator,
                                                Optional<String> reason) {
        return change(payeeId, ACTIVITY_PAYOUT_ACCOUNT, operator, reason,
                p -> p.payoutAccountVerified() == verified ? Optional.empty()
                        : Optional.of(fromTo(p.payoutAccountVerified() ? "verified" : "unverified",
                                verified ? "verified" : "unverified")),
                (h, at) -> PayeeStore.setPayoutAccountVerified(h, payeeId, verified, at));
    }

    /** Puts the payee on hold: no payout until {@link #release}. A new reason replaces the old one. */
    public OnboardingChange hold(String payeeId, String reason, String operator) {
        String why = reason.strip();
        if (why.isEmpty()) {
            throw new LicensingException("invalid_reason", "--reason must say why " + payeeId + " is held");
        }
        return change(payeeId, ACTIVITY_HELD, operator, Optional.of(why),
                p -> p.holdReason().equals(Optional.of(why)) ? Optional.empty()
                        : Optional.of(p.holdReason().map(previous -> Map.<String, Object>of("previousHold", previous))
                                .orElse(Map.of())),
                (h, at) -> PayeeStore.hold(h, payeeId, why, at));
    }

    /** Lifts the payee's hold, whoever set it (an operator, a risk rule, a transfer refused for good). */
    public OnboardingChange release(String payeeId, String operator, Optional<String> reason) {
        return change(payeeId, ACTIVITY_RELEASED, operator, reason,
                p -> p.holdReason().map(previous -> Map.<String, Object>of("previousHold", previous)),
                (h, at) -> PayeeStore.releaseHold(h, payeeId, at));
    }

    private interface Write {
        void apply(Handle handle, Instant at);
    }

    /**
     * One operator record: lock the row, work out what would change (empty: it is already so; nothing is written
     * or logged), write that one column and the activity entry, and read the row back.
     */
    private OnboardingChange change(String payeeId, String type, String operator, Optional<String> reason,
                                    Function<Payee, Optional<Map<String, Object>>> difference, Write write) {
        if (operator.isBlank()) {
            throw new LicensingException("invalid_operator", "--by must name who records this");
        }
        Optional<String> why = reason.map(String::strip).filter(r -> !r.isEmpty());
        return database.jdbi().inTransaction(handle -> {
            Payee before = PayeeStore.findForUpdate(handle, payeeId).orElseThrow(() -> notOnboarded(payeeId));
            Optional<Map<String, Object>> changes = difference.apply(before);
            if (changes.isEmpty()) {
                return new OnboardingChange(before, before, false);
            }
            Instant at = clock.instant();
            write.apply(handle, at);
            Map<String, Object> payload = new LinkedHashMap<>(changes.get());
            payload.put("by", operator);
            why.ifPresent(r -> payload.put("reason", r));
            activityLog.append(handle, List.of(ActivityRecord.of(at, type, payload).forVault(payeeId)));
            Payee after = PayeeStore.find(handle, payeeId).orElseThrow();
            return new OnboardingChange(before, after, true);
        });
    }

    private static Map<String, Object> fromTo(String from, String to) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("from", from);
        change.put("to", to);
        return change;
    }

    /** The one message for a payee that has no row yet. */
    public static LicensingException notOnboarded(String payeeId) {
        return new LicensingException("not_onboarded", "'" + payeeId + "' is not onboarded: run licensing partners "
                + "onboard " + payeeId);
    }

    /** Stripe's error on one line: the status, its message (which names the parameter) and nothing else. */
    static String describe(StripeException e) {
        if (e instanceof ApiConnectionException) {
            // stripe-java's own text adds advice about status pages; the cause is what the operator can act on.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "could not reach Stripe (" + String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").strip()
                    + ")";
        }
        String message = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : String.valueOf(e.getMessage());
        String status = e.getStatusCode() == null || e.getStatusCode() == 0 ? "" : "HTTP " + e.getStatusCode() + ": ";
        // Stripe's messages end with a full stop; ours go on after them.
        return status + message.replaceAll("\\s+", " ").strip().replaceAll("\\.$", "");
    }
}
