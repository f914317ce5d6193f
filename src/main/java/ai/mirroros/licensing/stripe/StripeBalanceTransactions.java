package ai.mirroros.licensing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link BalanceTransactionLookup} through stripe-java, with a bounded cache: a balance transaction never changes
 * once created, and the same charge is often asked for twice ({@code payment_intent.succeeded} and
 * {@code charge.succeeded}).
 */
public final class StripeBalanceTransactions implements BalanceTransactionLookup {
    /** Recent charges are what is asked for again; older ones fall out. About 1 KB each. */
    static final int CACHE_ENTRIES_MAX = 10_000;

    private final StripeClient client;
    private final Map<String, SettledCharge> byCharge = lru();
    private final Map<String, SettledCharge> byId = lru();

    public StripeBalanceTransactions(StripeClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A client for {@code apiBase} (Stripe, or the sandbox in tests): short timeouts and two retries with stripe-java's
     * exponential backoff, because the processor waits on it and falls back to the fee schedule after that.
     */
    public static StripeBalanceTransactions connect(String apiKey, String apiBase) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey)
                .setConnectTimeout(2_000)
                .setReadTimeout(5_000)
                .setMaxNetworkRetries(2);
        if (apiBase != null && !apiBase.isBlank()) {
            builder.setApiBase(apiBase);
        }
        return new StripeBalanceTransactions(builder.build());
    }

    @Override
    public SettledCharge byId(String balanceTransactionId) throws Unavailable {
        SettledCharge cached = byId.get(balanceTransactionId);
        if (cached != null) {
            return cached;
        }
        try {
            SettledCharge settled = SettledCharge.of(client.v1().balanceTransactions().retrieve(balanceTransactionId));
            byId.put(balanceTransactionId, settled);
            return settled;
        } catch (StripeException e) {
            throw new Unavailable("Stripe did not return balance transaction " + balanceTransactionId + ": "
                    + describe(e), e);
        }
    }

    @Override
    public SettledCharge forCharge(String chargeId) throws Unavailable {
        SettledCharge cached = byCharge.get(chargeId);
        if (cached != null) {
            return cached;
        }
        try {
            Charge charge = client.v1().charges().retrieve(chargeId,
                    ChargeRetrieveParams.builder().addExpand("balance_transaction").build());
            BalanceTransaction bt = charge.getBalanceTransactionObject();
            if (bt == null) {
                throw new Unavailable("charge " + chargeId + " has no balance transaction yet");
            }
            SettledCharge settled = SettledCharge.of(bt);
            byCharge.put(chargeId, settled);
            byId.put(settled.balanceTransactionId(), settled);
            return settled;
        } catch (StripeException e) {
            throw new Unavailable("Stripe did not return charge " + chargeId + ": " + describe(e), e);
        }
    }

    @Override
    public SettledCharge forPaymentIntent(String paymentIntentId) throws Unavailable {
        SettledCharge cached = byCharge.get(paymentIntentId);
        if (cached != null) {
            return cached;
        }
        try {
            PaymentIntent intent = client.v1().paymentIntents().retrieve(paymentIntentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge.balance_transaction").build());
            Charge latest = intent.getLatestChargeObject();
            BalanceTransaction bt = latest == null ? null : latest.getBalanceTransactionObject();
            if (bt == null) {
                throw new Unavailable("payment intent " + paymentIntentId + " has no settled charge yet");
            }
            SettledCharge settled = SettledCharge.of(bt);
            // Intent and charge ids never collide (pi_ and ch_ prefixes): one cache serves both.
            byCharge.put(paymentIntentId, settled);
            byId.put(settled.balanceTransactionId(), settled);
            return settled;
        } catch (StripeException e) {
            throw new Unavailable("Stripe did not return payment intent " + paymentIntentId + ": " + describe(e), e);
        }
    }

    private static String describe(StripeException e) {
        return (e.getStatusCode() == null ? "" : "HTTP " + e.getStatusCode() + " ") + e.getMessage();
    }

    private static <V> Map<String, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHE_ENTRIES_MAX;
            }
        });
    }
}
