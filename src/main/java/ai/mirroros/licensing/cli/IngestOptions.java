package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ingest.InboxProcessor;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputePolicy;
import ai.mirroros.licensing.stripe.WebhookSignature;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Webhook and Stripe settings shared by {@code serve} and {@code events}. */
public final class IngestOptions {
    @Option(names = "--webhook-secret", paramLabel = "SECRETS", defaultValue = "${env:LICENSING_STRIPE_WEBHOOK_SECRET}",
            description = "Stripe endpoint secret(s), comma-separated during rotation (env "
                    + "LICENSING_STRIPE_WEBHOOK_SECRET). Without one, POST /webhooks/stripe answers 503.")
    String webhookSecrets;

    @Option(names = "--webhook-tolerance", paramLabel = "SECONDS",
            defaultValue = "${env:LICENSING_WEBHOOK_TOLERANCE_SECONDS:-300}",
            description = "Largest accepted difference between a signature's timestamp and now (env "
                    + "LICENSING_WEBHOOK_TOLERANCE_SECONDS, default: ${DEFAULT-VALUE}).")
    long toleranceSeconds;

    @Option(names = "--webhook-max-body", paramLabel = "BYTES",
            defaultValue = "${env:LICENSING_WEBHOOK_MAX_BODY_BYTES:-524288}",
            description = "Largest webhook body accepted (env LICENSING_WEBHOOK_MAX_BODY_BYTES, default: "
                    + "${DEFAULT-VALUE} = 512 KiB; Stripe events are a few KB).")
    int maxBodyBytes;

    @Option(names = "--stripe-api-key", paramLabel = "KEY", defaultValue = "${env:LICENSING_STRIPE_API_KEY}",
            description = "Stripe secret key, to fetch balance transactions a webhook did not embed (env "
                    + "LICENSING_STRIPE_API_KEY). Without one, fees come from the vault's fee schedule.")
    String stripeApiKey;

    @Option(names = "--stripe-api-base", paramLabel = "URL", defaultValue = "${env:LICENSING_STRIPE_API_BASE}",
            description = "Stripe API address (env LICENSING_STRIPE_API_BASE; default Stripe's own; the sandbox's "
                    + "for demos, e.g. http://127.0.0.1:12111).")
    String stripeApiBase;

    @Option(names = "--dispute-fee", paramLabel = "AMOUNT", defaultValue = "${env:LICENSING_DISPUTE_FEE:-15.00}",
            description = "Fee charged when a dispute is lost, in the payment's currency (env LICENSING_DISPUTE_FEE, "
                    + "default: ${DEFAULT-VALUE}).")
    String disputeFee;

    @Option(names = "--dispute-fee-bearer", paramLabel = "PARTY",
            defaultValue = "${env:LICENSING_DISPUTE_FEE_BEARER:-partner}",
            description = "Who pays it: partner or platform (env LICENSING_DISPUTE_FEE_BEARER, default: "
                    + "${DEFAULT-VALUE}).")
    String disputeFeeBearer;

    @Option(names = "--ingest-batch-size", paramLabel = "N",
            defaultValue = "${env:LICENSING_INGEST_BATCH_SIZE:-" + InboxProcessor.BATCH_SIZE_DEFAULT + "}",
            description = "Events per processing transaction, 1 to " + InboxProcessor.BATCH_SIZE_MAX
                    + " (env LICENSING_INGEST_BATCH_SIZE, default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--ingest-processors", paramLabel = "N",
            defaultValue = "${env:LICENSING_INGEST_PROCESSORS:-" + IngestSettings.PROCESSORS_DEFAULT + "}",
            description = "Background processors of `serve`, 1 to " + IngestSettings.PROCESSORS_MAX
                    + " (env LICENSING_INGEST_PROCESSORS, default: ${DEFAULT-VALUE}).")
    int processors;

    public IngestSettings settings() {
        DisputePolicy.Bearer bearer;
        try {
            bearer = DisputePolicy.Bearer.valueOf(disputeFeeBearer.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LicensingException("invalid_dispute_fee_bearer", "--dispute-fee-bearer must be partner or "
                    + "platform, got '" + disputeFeeBearer + "'");
        }
        if (toleranceSeconds < 1) {
            throw new LicensingException("invalid_tolerance", "--webhook-tolerance must be at least 1 second");
        }
        return new IngestSettings(
                webhookSecrets == null ? java.util.List.of() : WebhookSignature.parseSecrets(webhookSecrets),
                Duration.ofSeconds(toleranceSeconds), maxBodyBytes,
                Optional.ofNullable(stripeApiKey).filter(k -> !k.isBlank()),
                Optional.ofNullable(stripeApiBase).filter(b -> !b.isBlank()),
                new DisputePolicy(disputeFee.strip(), bearer), batchSize, processors);
    }
}
