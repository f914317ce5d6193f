package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import com.stripe.StripeClient;
import picocli.CommandLine.Option;

/**
 * The Stripe secret key and API address, for commands that call Stripe themselves ({@code partners onboard}, {@code payouts run}). Same
 * flags and environment as {@link IngestOptions}, but here the key is required: these commands cannot fall back.
 */
public final class StripeOptions {
    /** An operator waits on these calls; Stripe answers account creation in about a second. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 30_000;
    /** stripe-java retries network errors and 5xx with backoff, resending the same idempotency key. */
    static final int NETWORK_RETRIES_MAX = 2;

    @Option(names = "--stripe-api-key", paramLabel = "KEY", defaultValue = "${env:LICENSING_STRIPE_API_KEY}",
            description = "Stripe secret key (env LICENSING_STRIPE_API_KEY). Required.")
    String apiKey;

    @Option(names = "--stripe-api-base", paramLabel = "URL", defaultValue = "${env:LICENSING_STRIPE_API_BASE}",
            description = "Stripe API address (env LICENSING_STRIPE_API_BASE; default Stripe's own; the sandbox's "
                    + "for demos, e.g. http://127.0.0.1:12111).")
    String apiBase;

    /** A client for the configured Stripe, or one line saying how to configure it. */
    public StripeClient client() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new LicensingException("missing_stripe_api_key", "no Stripe API key: set LICENSING_STRIPE_API_KEY "
                    + "or pass --stripe-api-key");
        }
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey.strip())
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setReadTimeout(READ_TIMEOUT_MS)
                .setMaxNetworkRetries(NETWORK_RETRIES_MAX);
        if (apiBase != null && !apiBase.isBlank()) {
            builder.setApiBase(apiBase.strip());
        }
        return builder.build();
    }
}
