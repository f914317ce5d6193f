package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.payout.PayoutScheduler;
import java.time.Duration;
import java.util.Optional;
import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.risk.RiskSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.web.ApiSettings;
import ai.mirroros.licensing.web.WebServer;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licensing serve}: runs the HTTP server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the HTTP server on the configured database: POST /webhooks/stripe (Stripe webhooks, "
                + "processed in the background), GET /health, GET /metrics (Prometheus), GET /ingest/stats; the partner API under /api/ (API keys: licensing keys create), "
                + "/openapi.json and the dashboard at /dashboard/license-partner-panel.html; and payouts on schedule "
                + "(see --payout-interval).",
        "Logs go to stderr as text; env LICENSING_LOG_FORMAT=json writes one JSON object per line instead (any "
                + "command). Metrics, health and alerts: docs/OPERATIONS.md."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;
    @Mixin
    IngestOptions ingest;
    @Mixin
    PayoutOptions payouts;
    @Mixin
    DataKeyOptions dataKeys;

    @Option(names = "--payout-interval", paramLabel = "MINUTES",
            defaultValue = "${env:LICENSING_PAYOUT_INTERVAL_MINUTES:-15}",
            description = "Run payouts every this many minutes when a Stripe key is configured (env "
                    + "LICENSING_PAYOUT_INTERVAL_MINUTES, default: ${DEFAULT-VALUE}; 0 turns scheduled payouts off).")
    long payoutIntervalMinutes;

    @Option(names = "--port", defaultValue = "${env:LICENSING_PORT:-8080}",
            description = "TCP port (env LICENSING_PORT, default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--api-rate-limit", paramLabel = "PER_SECOND",
            defaultValue = "${env:LICENSING_API_RATE_LIMIT:-20}",
            description = "Requests a second each API key may make on average (env LICENSING_API_RATE_LIMIT, "
                    + "default: ${DEFAULT-VALUE}); beyond it /api/ answers 429 with Retry-After.")
    int apiRateLimit;

    @Option(names = "--api-burst", paramLabel = "REQUESTS", defaultValue = "${env:LICENSING_API_BURST:-100}",
            description = "Requests an API key may make at once before the rate applies (env LICENSING_API_BURST, "
                    + "default: ${DEFAULT-VALUE}).")
    int apiBurst;

    @Option(names = "--risk-hold-threshold", paramLabel = "SCORE",
            defaultValue = "${env:LICENSING_RISK_HOLD_THRESHOLD:-70}",
            description = "A payment scoring at or above this (1-100) holds its vault's payouts until "
                    + "`licensing risk release` (env LICENSING_RISK_HOLD_THRESHOLD, default: ${DEFAULT-VALUE}; "
                    + "see docs/RISK.md).")
    int riskHoldThreshold;

    @Option(names = "--host", defaultValue = "${env:LICENSING_HOST:-0.0.0.0}",
            description = "Interface to listen on (env LICENSING_HOST, default: ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        IngestSettings settings = ingest.settings();
        PayoutRunner.Settings payoutSettings = payouts.settings();
        ApiSettings apiSettings = new ApiSettings(apiRateLimit, apiBurst).withDataKeys(dataKeys.ring(store.dataDir()));
        if (payoutIntervalMinutes < 0) {
            throw new LicensingException("invalid_payout_interval", "--payout-interval must be 0 (off) or more");
        }
        RiskSettings riskSettings = new RiskSettings(riskHoldThreshold);
        LicensingApp app = store.openApp(Clock.systemUTC(), riskSettings);
        Ingestion ingestion = Ingestion.start(app, settings, true);
        WebServer server = WebServer.start(app, ingestion, host, port, apiSettings);
        System.err.printf("licensing: serving on http://%s:%d (database %s)%n",
                "0.0.0.0".equals(host) ? "localhost" : host, server.port(), app.database().config().displayUrl());
        if (settings.webhookSecrets().isEmpty()) {
            System.err.println("licensing: no LICENSING_STRIPE_WEBHOOK_SECRET: POST /webhooks/stripe answers 503 "
                    + "until one is configured");
        }
        if (settings.stripeApiKey().isEmpty()) {
            System.err.println("licensing: no LICENSING_STRIPE_API_KEY: fees not embedded in a webhook come from "
                    + "the vault's fee schedule");
        }
        Optional<PayoutScheduler> scheduler = Optional.empty();
        if (payoutIntervalMinutes == 0) {
            System.err.println("licensing: scheduled payouts are off (--payout-interval 0)");
        } else if (settings.stripeApiKey().isEmpty()) {
            System.err.println("licensing: no LICENSING_STRIPE_API_KEY: scheduled payouts are off");
        } else {
            PayoutRunner runner = app.payoutRunner(payouts.gateway(settings.stripeApiKey().get(),
                    settings.stripeApiBase().orElse(null)), payoutSettings);
            scheduler = Optional.of(PayoutScheduler.start(runner, Duration.ofSeconds(10),
                    Duration.ofMinutes(payoutIntervalMinutes)));
            System.err.printf("licensing: payouts run every %d minute(s)%n", payoutIntervalMinutes);
        }
        Optional<PayoutScheduler> payoutScheduler = scheduler;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            payoutScheduler.ifPresent(PayoutScheduler::close);
            server.close();
            ingestion.close();
            app.close();
            stopped.countDown();
        }, "licensing-shutdown"));
        stopped.await();
        return 0;
    }
}
