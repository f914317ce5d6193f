package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.loadgen.EventMix;
import ai.mirroros.licensing.loadgen.IngestStatsClient;
import ai.mirroros.licensing.loadgen.IngestStatsClient.IngestStats;
import ai.mirroros.licensing.loadgen.IngestStatsClient.PostedResult;
import ai.mirroros.licensing.loadgen.LoadReport;
import ai.mirroros.licensing.loadgen.LoadResult;
import ai.mirroros.licensing.loadgen.RawInsertBaseline;
import ai.mirroros.licensing.loadgen.WebhookLoadGenerator;
import ai.mirroros.licensing.stripe.WebhookSignature;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code licensing loadgen}: the webhook load generator and benchmark (docs/PERFORMANCE.md). */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        description = {"Load-test the webhook endpoint of a running server and report ack throughput and latency.",
                "Sends correctly signed Stripe webhooks (a seeded, realistic mix) to `licensing serve` at a target "
                        + "rate, or as fast as --concurrency senders go, and reports ack throughput and p50/p99/max "
                        + "ack latency; with --wait-posted also the end-to-end posted rate, with --baseline-db the raw "
                        + "PostgreSQL insert rate of the same rows (docs/PERFORMANCE.md).",
                "Progress goes to stderr, the report to stdout. Exit 1 when any delivery was not acknowledged or "
                        + "posting did not finish."})
final class LoadgenCommand implements Callable<Integer> {
    /** The default run length when neither --duration nor --events is given. */
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /** Closed loop: event timestamps advance as if at 5,000 events/s, the throughput goal. */
    static final Duration CLOSED_LOOP_SPACING = Duration.ofNanos(200_000);
    /** Give up waiting for posting when the counters have not moved for this long. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Base URL of the server (default: ${DEFAULT-VALUE}); webhooks go to URL"
                    + WebhookLoadGenerator.WEBHOOK_PATH + ".")
    String url;

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:LICENSING_STRIPE_WEBHOOK_SECRET}",
            description = "The webhook signing secret the server verifies with (env LICENSING_STRIPE_WEBHOOK_SECRET; "
                    + "of several comma-separated secrets the first signs).")
    String secret;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "1000",
            description = "Target events per second, open loop: latency counts from each event's intended send "
                    + "time. 0: closed loop, as fast as --concurrency senders go. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
            description = "Requests in flight at most (= keep-alive connections); the senders in closed loop. "
                    + "Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "How long to send: 30s, 2m, 500ms or ISO (PT30S). Default: 10s unless --events.")
    String duration;

    @Option(names = "--events", paramLabel = "N", description = "Send this many deliveries, then stop.")
    Long events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the event mix: the same seed sends the same events (default: ${DEFAULT-VALUE}). "
                    + "Runs against the same database need different seeds, or they are all duplicates.")
    long seed;

    @Option(names = "--vaults", paramLabel = "FILE", defaultValue = "examples/licensed-vaults.json",
            description = "The registry file imported into the server; events name its vaults (default: "
                    + "${DEFAULT-VALUE}).")
    Path vaults;

    @Option(names = "--wait-posted", description = "After sending, poll " + IngestStatsClient.STATS_PATH
            + " until every stored event is processed, parked or ignored; report the posted rate (events settled "
            + "/ time from the first send to the last settled).")
    boolean waitPosted;

    @Option(names = "--wait-timeout", paramLabel = "TIME", defaultValue = "10m",
            description = "Give up waiting for posting after this long from the first send (default: "
                    + "${DEFAULT-VALUE}).")
    String waitTimeout;

    @Option(names = "--baseline-db", paramLabel = "JDBC_URL",
            description = "Implies --wait-posted. Then read back every row the run wrote in this PostgreSQL "
                    + "database (the server's LICENSING_DB_URL, with its currentSchema) and time plain batched "
                    + "inserts of them into copies, " + RawInsertBaseline.EVENTS_PER_COMMIT + " events' rows per "
                    + "commit: the raw baseline. The database must hold no webhook events before the run.")
    String baselineDb;

    @Option(names = "--label", paramLabel = "TEXT", description = "A name for this run in the report.")
    String label;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Plan plan = validate();
        EventMix mix = EventMix.of(seed, Clock.systemUTC().instant(),
                rate > 0 ? Duration.ofNanos(Math.max(1, Math.round(1e9 / rate))) : CLOSED_LOOP_SPACING,
                VaultRegistryFile.load(vaults).values());
        PrintWriter err = spec.commandLine().getErr();
        try (IngestStatsClient stats = new IngestStatsClient(plan.base())) {
            IngestStats before = plan.waitPosted() ? stats.fetch() : null;
            if (before == null) {
                requireReachable(plan.base());
            } else if (baselineDb != null && before.received() > 0) {
                throw new LicensingException("baseline_needs_fresh_database", "--baseline-db needs a server whose "
                        + "database held no webhook events before the run; it has " + before.received());
            }
            WebhookLoadGenerator generator = new WebhookLoadGenerator(plan.settings(), mix, Clock.systemUTC());
            err.println("loadgen: warming up the generator (not timed), then sending to " + plan.settings().endpoint());
            LoadResult load = generator.run(p -> {
                err.printf(Locale.ROOT, "loadgen: %5.1f s  sent %,d  acked %,d  failed %,d  in flight %d  "
                                + "%,.0f/s  p99 %.2f ms%n", p.elapsed().toMillis() / 1e3, p.sent(), p.acked(),
                        p.failed(), p.inFlight(), p.ackedPerSecondRecent(), p.p99MsSoFar());
                err.flush();
            }, PROGRESS_INTERVAL);
            PostedResult posted = null;
            RawInsertBaseline.Result raw = null;
            if (before != null) {
                err.println("loadgen: sending done; waiting until every stored event is posted");
                posted = stats.awaitSettled(before, load.startNanos(), plan.waitTimeout(), STALL_TIMEOUT, s -> {
                    err.printf(Locale.ROOT, "loadgen: settled %,d of %,d%n", s.settled(), s.received());
                    err.flush();
                });
            }
            if (baselineDb != null && posted != null && posted.complete() && posted.received() > 0) {
                err.println("loadgen: timing raw inserts of the run's rows (PostgreSQL baseline)");
                raw = RawInsertBaseline.measure(baselineDb, posted.received(), List.of(), false);
            }
            return report(LoadReport.of(label, plan.base().toString(), seed, load, posted, raw));
        }
    }

    private int report(LoadReport report) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(LicensingApp.newObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            out.print(report.toText());
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult load = report.load();
        if (load.failed() > 0) {
            err.printf(Locale.ROOT, "licensing: %,d of %,d deliveries were not acknowledged%n", load.failed(),
                    load.sent());
        }
        if (report.posted() != null && !report.posted().complete()) {
            err.println("licensing: posting did not finish: " + report.posted().incomplete());
        }
        err.flush();
        boolean ok = load.failed() == 0 && (report.posted() == null || report.posted().complete());
        return ok ? 0 : LicensingCli.EXIT_FAILURE;
    }

    private record Plan(URI base, WebhookLoadGenerator.Settings settings, boolean waitPosted, Duration waitTimeout) {
    }

    /** Every flag checked before anything is sent; a problem is one line and exit code 2. */
    private Plan validate() {
        URI base = baseUrl(url);
        if (secret == null || WebhookSignature.parseSecrets(secret).isEmpty()) {
            throw invalid("no webhook secret: pass --secret or set LICENSING_STRIPE_WEBHOOK_SECRET to the "
                    + "server's secret");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw invalid("--rate must be 0 (as fast as possible) or a positive number of events per second, not "
                    + rate);
        }
        if (concurrency < 1 || concurrency > WebhookLoadGenerator.CONCURRENCY_MAX) {
            throw invalid("--concurrency must be between 1 and " + WebhookLoadGenerator.CONCURRENCY_MAX + ", not "
                    + concurrency);
        }
        if (events != null && duration != null) {
            throw invalid("give --duration or --events, not both");
        }
        if (events != null && events < 1) {
            throw invalid("--events must be at least 1, not " + events);
        }
        Duration sendFor = duration == null ? (events == null ? DEFAULT_DURATION : Duration.ofDays(365))
                : parseDuration("--duration", duration);
        Duration waitFor = parseDuration("--wait-timeout", waitTimeout);
        if (baselineDb != null && !baselineDb.startsWith("jdbc:postgresql:")) {
            throw invalid("--baseline-db must be a PostgreSQL JDBC URL (jdbc:postgresql://…): the baseline "
                    + "measures PostgreSQL inserts");
        }
        var settings = new WebhookLoadGenerator.Settings(base.resolve(WebhookLoadGenerator.WEBHOOK_PATH),
                WebhookSignature.parseSecrets(secret).getFirst(), rate, concurrency,
                events == null ? Long.MAX_VALUE : events, sendFor);
        return new Plan(base, settings, waitPosted || baselineDb != null, waitFor);
    }

    private static URI baseUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the expected shape
        }
        throw invalid("--url must be an http:// or https:// base URL such as http://localhost:8080, not '"
                + text + "'");
    }

    /** 30s, 2m, 500ms, 1h, or ISO-8601 (PT30S); positive. */
    static Duration parseDuration(String flag, String text) {
        Duration parsed = null;
        Matcher m = SHORT_DURATION.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                parsed = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            throw invalid(flag + " must be a positive time such as 30s, 2m, 500ms or PT30S, not '" + text + "'");
        }
        return parsed;
    }

    /** Fails fast, before the run, when nothing answers at the URL. Any HTTP answer will do. */
    private static void requireReachable(URI base) throws InterruptedException {
        URI health = base.resolve("/health");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new LicensingException("server_unreachable", "cannot reach " + health + " (" + e
                    + "); is `licensing serve` running there?");
        }
    }

    private static LicensingException invalid(String message) {
        return new LicensingException("invalid_flag", message);
    }
}
