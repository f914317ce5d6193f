package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.stripe.WebhookSignature;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licensing stripe-sandbox}: runs the in-memory Stripe sandbox until stopped, for demos and load tests. */
@Command(name = "stripe-sandbox", mixinStandardHelpOptions = true,
        description = {"Run the Stripe sandbox: an in-memory fake of Stripe's API (payments, refunds, disputes,",
                "Connect transfers and payouts, signed webhooks, fault injection) for stripe-java and curl.",
                "See docs/STRIPE_SANDBOX.md."})
final class StripeSandboxCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "12111",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:LICENSING_STRIPE_API_KEY}",
            description = "The only secret key accepted (env LICENSING_STRIPE_API_KEY); unset: any sk_test_/sk_live_ "
                    + "key.")
    String apiKey;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "Where to POST signed events, e.g. http://127.0.0.1:8080/stripe/webhook.")
    URI webhookUrl;

    @Option(names = "--webhook-secret", paramLabel = "SECRET",
            defaultValue = "${env:LICENSING_STRIPE_WEBHOOK_SECRET}",
            description = "Signing secret (env LICENSING_STRIPE_WEBHOOK_SECRET; of a comma-separated list, the first).")
    String webhookSecret;

    @Option(names = "--settlement-currency", paramLabel = "CODE", defaultValue = "USD",
            description = "The platform balance currency (default: ${DEFAULT-VALUE}).")
    String settlementCurrency;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SandboxConfig config = config();
        CountDownLatch stopped = new CountDownLatch(1);
        boolean interrupted = false;
        try (StripeSandbox sandbox = StripeSandbox.start(config)) {
            Thread hook = new Thread(() -> {
                sandbox.close();
                stopped.countDown();
            }, "stripe-sandbox-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            printUsage(spec.commandLine().getErr(), sandbox, config);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // Stopped by whoever started us in-process (a test): close cleanly, like a kill, then tell them.
                interrupted = true;
            } finally {
                removeHook(hook);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private SandboxConfig config() {
        if (webhookUrl != null && (webhookSecret == null || webhookSecret.isBlank())) {
            throw new LicensingException("missing_webhook_secret", "--webhook-url needs --webhook-secret (or "
                    + "LICENSING_STRIPE_WEBHOOK_SECRET): the sandbox signs every event");
        }
        SandboxConfig config = option("--port", () -> SandboxConfig.defaults().withHost(host).withPort(port));
        SandboxConfig withCurrency = config;
        config = option("--settlement-currency", () -> withCurrency.withSettlementCurrency(settlementCurrency));
        if (apiKey != null && !apiKey.isBlank()) {
            SandboxConfig withoutKey = config;
            config = option("--api-key", () -> withoutKey.withApiKey(apiKey.strip()));
        }
        if (webhookUrl != null) {
            List<String> secrets = WebhookSignature.parseSecrets(webhookSecret);
            SandboxConfig withoutWebhook = config;
            config = option("--webhook-secret", () -> withoutWebhook.withWebhook(webhookUrl, secrets.getFirst()));
        }
        return config;
    }

    /** Applies one option; a value the sandbox refuses becomes one line naming the flag. */
    private static SandboxConfig option(String flag, Supplier<SandboxConfig> apply) {
        try {
            return apply.get();
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new LicensingException("invalid_option", flag + ": " + e.getMessage());
        }
    }

    private static void printUsage(PrintWriter err, StripeSandbox sandbox, SandboxConfig config) {
        String base = sandbox.baseUrl();
        String key = config.apiKey().orElse("sk_test_sandbox");
        err.printf("licensing: Stripe sandbox on %s (settlement %s, webhooks %s)%n", base,
                config.settlementCurrency(), config.webhookUrl().map(URI::toString).orElse("off"));
        err.printf("  stripe-java: new StripeClient.StripeClientBuilder().setApiKey(\"%s\").setApiBase(\"%s\")%n",
                key, base);
        err.println("  try:");
        err.printf("    curl -s %s/_sandbox/payments -H 'Content-Type: application/json' "
                + "-d '{\"amountMinor\": 10000, \"currency\": \"eur\", \"metadata\": {\"vault_id\": \"v1\"}}'%n",
                base);
        err.printf("    curl -s %s/v1/balance -u %s:%n", base, key);
        err.printf("    curl -s %s/v1/charges/CHARGE_ID -u %s: -d 'expand[]=balance_transaction' -G%n", base, key);
        err.printf("    curl -s %s/_sandbox/events%n", base);
        err.println("  stop with Ctrl-C.");
        err.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; nothing to remove.
        }
    }
}
