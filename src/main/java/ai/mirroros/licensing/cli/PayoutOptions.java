package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.payout.RetryPolicy;
import ai.mirroros.licensing.payout.StripeTransferGateway;
import ai.mirroros.licensing.payout.TransferGateway;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How payout runs work, shared by {@code payouts run} and {@code serve}. */
public final class PayoutOptions {
    @Option(names = "--payout-batch-size", paramLabel = "N", defaultValue = "${env:LICENSING_PAYOUT_BATCH_SIZE:-500}",
            description = "Payouts per transaction, 1 to 1000 (env LICENSING_PAYOUT_BATCH_SIZE, default: "
                    + "${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--payout-concurrency", paramLabel = "N",
            defaultValue = "${env:LICENSING_PAYOUT_CONCURRENCY:-32}",
            description = "Transfer requests in flight at once (env LICENSING_PAYOUT_CONCURRENCY, default: "
                    + "${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--payout-max-attempts", paramLabel = "N",
            defaultValue = "${env:LICENSING_PAYOUT_MAX_ATTEMPTS:-8}",
            description = "Transient failures before a payout stops retrying on its own; its money is released only "
                    + "if Stripe confirms no transfer exists (env LICENSING_PAYOUT_MAX_ATTEMPTS, default: "
                    + "${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--payout-retry-base", paramLabel = "MILLIS",
            defaultValue = "${env:LICENSING_PAYOUT_RETRY_BASE_MS:-2000}",
            description = "First retry wait; it doubles per attempt (with jitter) up to 5 minutes, and is never "
                    + "shorter than Stripe's Retry-After (env LICENSING_PAYOUT_RETRY_BASE_MS, default: "
                    + "${DEFAULT-VALUE}).")
    long retryBaseMillis;

    @Option(names = "--payout-max-wait", paramLabel = "SECONDS",
            defaultValue = "${env:LICENSING_PAYOUT_MAX_WAIT_SECONDS:-30}",
            description = "How long a run waits for retries falling due soon before leaving them to the next run "
                    + "(env LICENSING_PAYOUT_MAX_WAIT_SECONDS, default: ${DEFAULT-VALUE}).")
    long maxWaitSeconds;

    @Option(names = "--stripe-timeout", paramLabel = "MILLIS",
            defaultValue = "${env:LICENSING_STRIPE_TIMEOUT_MS:-30000}",
            description = "Read timeout of a transfer request; a timed-out transfer is retried with the same "
                    + "idempotency key (env LICENSING_STRIPE_TIMEOUT_MS, default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    public PayoutRunner.Settings settings() {
        if (batchSize < 1 || batchSize > 1_000) {
            throw new LicensingException("invalid_batch_size", "--payout-batch-size must be 1 to 1000");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new LicensingException("invalid_concurrency", "--payout-concurrency must be 1 to 256");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new LicensingException("invalid_max_attempts", "--payout-max-attempts must be 1 to 100");
        }
        if (retryBaseMillis < 0 || maxWaitSeconds < 0) {
            throw new LicensingException("invalid_retry", "--payout-retry-base and --payout-max-wait must be >= 0");
        }
        Duration base = Duration.ofMillis(retryBaseMillis);
        Duration cap = base.compareTo(Duration.ofMinutes(5)) > 0 ? base : Duration.ofMinutes(5);
        return new PayoutRunner.Settings(batchSize, concurrency,
                new RetryPolicy(base, cap, maxAttempts, RetryPolicy.DEFAULT.settlementWait()),
                Duration.ofSeconds(maxWaitSeconds));
    }

    /** The Stripe gateway, or a clear error when no key is configured. */
    public TransferGateway gateway(String apiKey, String apiBase) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new LicensingException("missing_stripe_key", "payouts need a Stripe secret key: set "
                    + "LICENSING_STRIPE_API_KEY or --stripe-api-key (for a demo, start `licensing stripe-sandbox` "
                    + "and use its key and --stripe-api-base); --dry-run needs none");
        }
        if (timeoutMillis < 100 || timeoutMillis > 600_000) {
            throw new LicensingException("invalid_timeout", "--stripe-timeout must be 100 to 600000 ms");
        }
        return StripeTransferGateway.connect(apiKey, apiBase, Duration.ofMillis(timeoutMillis));
    }
}
