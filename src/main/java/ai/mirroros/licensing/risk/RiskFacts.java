package ai.mirroros.licensing.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the rules know about one payment, gathered for a whole batch by {@link RiskScoring}. Counts include the
 * payment itself and every payment posted before it in the window (in earlier batches or earlier in this one).
 *
 * @param grossMinor             the payment's gross in the vault's settlement currency
 * @param currency               that currency's code, for the reasons' wording
 * @param cardFingerprint        Stripe's {@code payment_method_details.card.fingerprint}, when known
 * @param cardPaymentsInWindow   payments with that fingerprint in {@link RiskRules#VELOCITY_WINDOW}; 0 when unknown
 * @param customerId             the Stripe customer, when known
 * @param customerPaymentsInWindow payments of that customer in the velocity window; 0 when unknown
 * @param customerIp             the checkout's {@code customer_ip} metadata, when given
 * @param ipPaymentsInWindow     payments from that IP in the velocity window; 0 when unknown
 * @param historyPayments        the vault's payments in {@link RiskRules#HISTORY_WINDOW} before this one
 * @param historyAverageMinor    their average gross (0 when there are none)
 * @param historyRefunded        how many of them were refunded (in part or in full)
 * @param historyDisputed        how many of them were disputed
 * @param vaultAge               how long the vault has been licensed ({@code licensedSince}) at the payment
 * @param vaultVolumeMinor       the vault's gross over its whole life up to and including this payment, when it is
 *                               younger than {@link RiskRules#NEW_VAULT_AGE}; 0 otherwise (not needed)
 * @param payoutAccountChangedAt when the vault's payout account last changed, if ever
 */
public record RiskFacts(
        String sourceId,
        String vaultId,
        Instant occurredAt,
        long grossMinor,
        String currency,
        Optional<String> cardFingerprint,
        int cardPaymentsInWindow,
        Optional<String> customerId,
        int customerPaymentsInWindow,
        Optional<String> customerIp,
        int ipPaymentsInWindow,
        int historyPayments,
        long historyAverageMinor,
        int historyRefunded,
        int historyDisputed,
        Duration vaultAge,
        long vaultVolumeMinor,
        Optional<Instant> payoutAccountChangedAt) {

    public RiskFacts {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(cardFingerprint, "cardFingerprint");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(customerIp, "customerIp");
        Objects.requireNonNull(vaultAge, "vaultAge");
        Objects.requireNonNull(payoutAccountChangedAt, "payoutAccountChangedAt");
    }

    /** A payment with no history and no velocity keys: nothing fires. Tests change one fact at a time. */
    public static RiskFacts quiet(String sourceId, String vaultId, Instant at, long grossMinor) {
        return new RiskFacts(sourceId, vaultId, at, grossMinor, "USD", Optional.empty(), 0, Optional.empty(), 0,
                Optional.empty(), 0, 0, 0, 0, 0, Duration.ofDays(365), 0, Optional.empty());
    }

    public RiskFacts withCard(String fingerprint, int paymentsInWindow) {
        return new RiskFacts(sourceId, vaultId, occurredAt, grossMinor, currency, Optional.of(fingerprint),
                paymentsInWindow, customerId, customerPaymentsInWindow, customerIp, ipPaymentsInWindow,
                historyPayments, historyAverageMinor, historyRefunded, historyDisputed, vaultAge, vaultVolumeMinor,
                payoutAccountChangedAt);
    }

    public RiskFacts withCustomer(String customer, int paymentsInWindow) {
        return new RiskFacts(sourceId, vaultId, occurredAt, grossMinor, currency, cardFingerprint,
                cardPaymentsInWindow, Optional.of(customer), paymentsInWindow, customerIp, ipPaymentsInWindow,
                historyPayments, historyAverageMinor, historyRefunded, historyDisputed, vaultAge, vaultVolumeMinor,
                payoutAccountChangedAt);
    }

    public RiskFacts withIp(String ip, int paymentsInWindow) {
        return new RiskFacts(sourceId, vaultId, occurredAt, grossMinor, currency, cardFingerprint,
                cardPaymentsInWindow, customerId, customerPaymentsInWindow, Optional.of(ip), paymentsInWindow,
                historyPayments, historyAverageMinor, historyRefunded, historyDisputed, vaultAge, vaultVolumeMinor,
                payoutAccountChangedAt);
    }

    public RiskFacts withHistory(int payments, long averageMinor, int refunded, int disputed) {
        return new RiskFacts(sourceId, vaultId, occurredAt, grossMinor, currency, cardFingerprint,
                cardPaymentsInWindow, customerId, customerPaymentsInWindow, customerIp, ipPaymentsInWindow,
                payments, averageMinor, refunded, disputed, vaultAge, vaultVolumeMinor, payoutAccountChangedAt);
    }

    public RiskFacts withVault(Duration age, long volumeMinor) {
        return new RiskFacts(sourceId, vaultId, occurredAt, grossMinor, currency, cardFingerprint,
                cardPaymentsInWindow, customerId, customerPaymentsInWindow, customerIp, ipPaymentsInWindow,
                historyPayments, historyAverageMinor, historyRefunded, historyDisputed, age, volumeMinor,
                payoutAccountChangedAt);
    }

    public RiskFacts withPayoutAccountChangedAt(Instant at) {
        return new RiskFacts(sourceId, vaultId, occurredAt, grossMinor, currency, cardFingerprint,
                cardPaymentsInWindow, customerId, customerPaymentsInWindow, customerIp, ipPaymentsInWindow,
                historyPayments, historyAverageMinor, historyRefunded, historyDisputed, vaultAge, vaultVolumeMinor,
                Optional.of(at));
    }
}
