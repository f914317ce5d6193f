package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What the Connect webhooks change, applied inside the inbox processor's transaction: KYC from
 * {@code account.updated}, money back from {@code transfer.reversed}, a hold after a connected account's failed bank
 * payout. Each is idempotent: applying an event twice, or an older one after a newer one, changes nothing more.
 */
public final class PayoutEvents {
    public static final String ACTIVITY_KYC = "payee.kyc_updated";
    public static final String ACTIVITY_REVERSED = "payout.reversed";
    public static final String ACTIVITY_BANK_PAYOUT_FAILED = "payee.bank_payout_failed";

    private final Ledger ledger;
    private final ActivityLog activityLog;
    private final Clock clock;

    public PayoutEvents(Ledger ledger, ActivityLog activityLog, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What applying an event did: {@code acted} false when there was nothing to do (the reason says why). */
    public record Result(boolean acted, String summary) {
    }

    /** Thrown when the event refers to a payout whose transfer is not recorded yet: the inbox retries it later. */
    public static final class NotYet extends RuntimeException {
        public NotYet(String message) {
            super(message);
        }
    }

    public Result apply(Handle handle, ConnectEvent event) {
        return switch (event) {
            case ConnectEvent.AccountUpdated updated -> accountUpdated(handle, updated);
            case ConnectEvent.TransferReversed reversed -> transferReversed(handle, reversed);
            case ConnectEvent.BankPayoutFailed failed -> bankPayoutFailed(handle, failed);
        };
    }

    /** Verified: nothing due and nothing disabled. Rejected: Stripe disabled it as {@code rejected.*}. */
    static KycStatus kycOf(ConnectEvent.AccountUpdated event) {
        if (event.disabledReason().filter(r -> r.startsWith("rejected")).isPresent()) {
            return KycStatus.REJECTED;
        }
        return event.currentlyDue().isEmpty() && event.disabledReason().isEmpty() ? KycStatus.VERIFIED
                : KycStatus.PENDING;
    }

    private Result accountUpdated(Handle handle, ConnectEvent.AccountUpdated event) {
        Optional<Payee> payee = PayeeStore.byStripeAccount(handle, event.stripeAccount());
        if (payee.isEmpty()) {
            return new Result(false, "account " + event.stripeAccount() + " belongs to no onboarded payee");
        }
        KycStatus kyc = kycOf(event);
        Optional<String> detail = Onboarding.kycDetail(event.currentlyDue(), event.disabledReason());
        boolean applied = PayeeStore.updateKyc(handle, event.stripeAccount(), kyc, detail, event.payoutsEnabled(),
                event.occurredAt(), clock.instant());
        if (!applied) {
            return new Result(false, "older than the account.updated already applied to " + payee.get().payeeId());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("stripe_account", event.stripeAccount());
        payload.put("kyc", kyc.name().toLowerCase(Locale.ROOT));
        payload.put("payouts_enabled", event.payoutsEnabled());
        payload.put("currently_due", event.currentlyDue());
        payload.put("disabled_reason", event.disabledReason().orElse(""));
        activityLog.append(handle, List.of(ActivityRecord.of(event.occurredAt(), ACTIVITY_KYC, payload)
                .forVault(payee.get().payeeId()).fromSource(event.stripeAccount())));
        return new Result(true, payee.get().payeeId() + ": KYC " + kyc.name().toLowerCase(Locale.ROOT)
                + (event.payoutsEnabled() ? ", payouts enabled" : ", payouts disabled")
                + detail.map(d -> " (" + d + ")").orElse(""));
    }

    private Result transferReversed(Handle handle, ConnectEvent.TransferReversed event) {
        Optional<Payout> found = event.payoutId().flatMap(id -> PayoutStore.find(handle, id))
                .or(() -> PayoutStore.byTransfer(handle, event.transferId()));
        if (found.isEmpty()) {
            return new Result(false, "transfer " + event.transferId() + " is not a payout of this engine");
        }
        Payout payout = found.get();
        if (payout.status() != PayoutStatus.PAID) {
            // The reversal of a transfer whose creation is not recorded yet (the run is between its request and its
            // record, or crashed there): the next run records it paid, then this event applies.
            throw new NotYet("payout " + payout.payoutId() + " is " + payout.status().dbName()
                    + ", not yet recorded as paid; the reversal of " + event.transferId() + " waits for that");
        }
        CurrencyUnit currency = payout.amount().currency();
        if (!currency.code().equalsIgnoreCase(event.currency())) {
            throw new IllegalStateException("transfer " + event.transferId() + " is in " + event.currency()
                    + " but payout " + payout.payoutId() + " is in " + currency.code());
        }
        Money cumulative = Money.ofMinor(Math.min(event.amountReversedMinor(), payout.amount().amountMinor()),
                currency);
        if (!cumulative.isGreaterThan(payout.reversed())) {
            return new Result(false, "payout " + payout.payoutId() + " already has " + payout.reversed()
                    + " reversed");
        }
        Instant now = clock.instant();
        ledger.post(handle, PayoutLedger.reversed(payout, payout.reversed(), cumulative, event.transferId(), now));
        PayoutStore.setReversed(handle, payout.payoutId(), cumulative, now);
        Money delta = cumulative.minus(payout.reversed());
        PayoutStore.addEvents(handle, List.of(new PayoutStore.Event(payout.payoutId(), now, PayoutStatus.PAID,
                "transfer " + event.transferId() + " reversed by " + delta.toDecimalString() + " "
                        + currency.code() + " (reversed in total " + cumulative.toDecimalString()
                        + "); funds back to available")));
        activityLog.append(handle, List.of(ActivityRecord.of(event.occurredAt(), ACTIVITY_REVERSED, Map.of(
                        "payout_id", payout.payoutId(),
                        "transfer_id", event.transferId(),
                        "reversed", delta.toDecimalString(),
                        "reversed_total", cumulative.toDecimalString(),
                        "currency", currency.code()))
                .forVault(payout.payeeId()).fromSource(event.transferId())));
        return new Result(true, "payout " + payout.payoutId() + ": " + delta.toDecimalString() + " "
                + currency.code() + " back to available after transfer reversal");
    }

    /**
     * The connected account's bank refused a payout of money already transferred to it: the money is back in that
     * account's Stripe balance (Stripe's behaviour), not the platform's, so the ledger does not move. The payee goes
     * on hold with its payout account marked unverified, so no more transfers pile up until the bank details are
     * fixed and an operator releases it.
     */
    private Result bankPayoutFailed(Handle handle, ConnectEvent.BankPayoutFailed event) {
        Optional<Payee> payee = PayeeStore.byStripeAccount(handle, event.stripeAccount());
        if (payee.isEmpty()) {
            return new Result(false, "account " + event.stripeAccount() + " belongs to no onboarded payee");
        }
        String reason = "bank payout " + event.stripePayoutId() + " of "
                + Money.ofMinor(event.amountMinor(), CurrencyUnit.of(event.currency().toUpperCase(Locale.ROOT)))
                .toDecimalString() + " " + event.currency().toUpperCase(Locale.ROOT) + " failed"
                + event.failureCode().map(code -> " (" + code + ")").orElse("")
                + event.failureMessage().map(message -> ": " + message).orElse("");
        Instant now = clock.instant();
        PayeeStore.hold(handle, payee.get().payeeId(), reason, now);
        PayeeStore.setPayoutAccountVerified(handle, payee.get().payeeId(), false, now);
        activityLog.append(handle, List.of(ActivityRecord.of(event.occurredAt(), ACTIVITY_BANK_PAYOUT_FAILED,
                        Map.of("stripe_account", event.stripeAccount(), "stripe_payout", event.stripePayoutId(),
                                "reason", reason))
                .forVault(payee.get().payeeId()).fromSource(event.stripePayoutId())));
        return new Result(true, payee.get().payeeId() + " on hold: " + reason);
    }
}
