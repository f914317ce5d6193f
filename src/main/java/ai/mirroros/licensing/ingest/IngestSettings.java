package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputePolicy;
import ai.mirroros.licensing.stripe.BalanceTransactionLookup;
import ai.mirroros.licensing.stripe.StripeBalanceTransactions;
import ai.mirroros.licensing.stripe.WebhookSignature;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How webhook ingestion is configured (flags and {@code LICENSING_*} environment variables, see {@code serve --help}).
 *
 * @param webhookSecrets endpoint secrets; several during rotation; empty = the endpoint answers 503
 * @param tolerance      how far a signature's timestamp may be from now
 * @param maxBodyBytes   the largest webhook body accepted
 * @param stripeApiKey   for fetching balance transactions not embedded in a payload; empty = fee schedule
 * @param stripeApiBase  Stripe's API address; the sandbox's in tests and demos
 * @param disputePolicy  the dispute fee and who bears it
 * @param batchSize      events per processing transaction
 * @param processors     background processors per server
 */
public record IngestSettings(List<String> webhookSecrets, Duration tolerance, int maxBodyBytes,
                             Optional<String> stripeApiKey, Optional<String> stripeApiBase,
                             DisputePolicy disputePolicy, int batchSize, int processors) {
    /**
     * One. Two drain a backlog about twice as fast, but on two cores they take the CPU the acknowledgements need
     * (p99 at 1,000 events/s rose from 76 ms to about 1 s in the webhook benchmark, docs/PERFORMANCE.md); raise it
     * to drain a backlog faster.
     */
    public static final int PROCESSORS_DEFAULT = 1;
    /** Each holds a database connection for its batch; the pool has ten. */
    public static final int PROCESSORS_MAX = 4;
    /**
     * Stripe event bodies are a few KB; an invoice with many lines or a charge with expanded objects stays well
     * under 100 KB. 512 KiB leaves room for the largest real events while bounding what a hostile client can make
     * us buffer (512 KiB × a few hundred concurrent requests is still tens of MB).
     */
    public static final int MAX_BODY_BYTES_DEFAULT = 512 * 1024;
    /** Above this the limit no longer protects anything. */
    public static final int MAX_BODY_BYTES_CEILING = 16 * 1024 * 1024;

    public IngestSettings {
        webhookSecrets = List.copyOf(webhookSecrets);
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(stripeApiKey, "stripeApiKey");
        Objects.requireNonNull(stripeApiBase, "stripeApiBase");
        Objects.requireNonNull(disputePolicy, "disputePolicy");
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new LicensingException("invalid_tolerance", "webhook tolerance must be positive, got " + tolerance);
        }
        if (maxBodyBytes < 1_024 || maxBodyBytes > MAX_BODY_BYTES_CEILING) {
            throw new LicensingException("invalid_body_limit", "webhook body limit must be 1024 to "
                    + MAX_BODY_BYTES_CEILING + " bytes, got " + maxBodyBytes);
        }
        if (processors < 1 || processors > PROCESSORS_MAX) {
            throw new LicensingException("invalid_processors", "processors must be 1 to " + PROCESSORS_MAX
                    + ", got " + processors);
        }
        if (batchSize < 1 || batchSize > InboxProcessor.BATCH_SIZE_MAX) {
            throw new LicensingException("invalid_batch_size", "batch size must be 1 to "
                    + InboxProcessor.BATCH_SIZE_MAX + ", got " + batchSize);
        }
    }

    /** No secret, no Stripe API: imports and the fee schedule still work. */
    public static IngestSettings defaults() {
        return new IngestSettings(List.of(), WebhookSignature.DEFAULT_TOLERANCE, MAX_BODY_BYTES_DEFAULT,
                Optional.empty(), Optional.empty(), DisputePolicy.DEFAULT, InboxProcessor.BATCH_SIZE_DEFAULT,
                PROCESSORS_DEFAULT);
    }

    public IngestSettings withWebhookSecrets(List<String> secrets) {
        return new IngestSettings(secrets, tolerance, maxBodyBytes, stripeApiKey, stripeApiBase, disputePolicy,
                batchSize, processors);
    }

    public IngestSettings withStripeApi(String apiKey, String apiBase) {
        return new IngestSettings(webhookSecrets, tolerance, maxBodyBytes, Optional.of(apiKey),
                Optional.ofNullable(apiBase), disputePolicy, batchSize, processors);
    }

    public IngestSettings withBatchSize(int size) {
        return new IngestSettings(webhookSecrets, tolerance, maxBodyBytes, stripeApiKey, stripeApiBase,
                disputePolicy, size, processors);
    }

    public IngestSettings withDisputePolicy(DisputePolicy policy) {
        return new IngestSettings(webhookSecrets, tolerance, maxBodyBytes, stripeApiKey, stripeApiBase, policy,
                batchSize, processors);
    }

    public IngestSettings withProcessors(int count) {
        return new IngestSettings(webhookSecrets, tolerance, maxBodyBytes, stripeApiKey, stripeApiBase,
                disputePolicy, batchSize, count);
    }

    /** The signature verifier, when a secret is configured. */
    public Optional<WebhookSignature> signature() {
        return webhookSecrets.isEmpty() ? Optional.empty()
                : Optional.of(new WebhookSignature(webhookSecrets, tolerance));
    }

    public BalanceTransactionLookup balanceTransactions() {
        return stripeApiKey.filter(key -> !key.isBlank())
                .<BalanceTransactionLookup>map(key -> StripeBalanceTransactions.connect(key,
                        stripeApiBase.orElse(null)))
                .orElse(BalanceTransactionLookup.NOT_CONFIGURED);
    }
}
