package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.param.TransferListParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payout run for N payable vaults against the Stripe sandbox, timed as a user sees it: {@code licensing payouts run}
 * as a child process, from its start to its exit. The vaults are seeded by {@link PayoutSeed} into a fresh database
 * (a new PostgreSQL schema, or a new H2 directory) and a sandbox in this JVM; afterwards the transfers at the sandbox
 * are counted by transfer group (none may have two) and {@code licensing reconcile} must exit 0. Not a JUnit test.
 * Run: {@code scripts/bench payouts [--db pg|h2] [--vaults N] [--runs R] [-- payouts run options]}.
 */
public final class PayoutBenchmark {
    /** The stages {@code payouts run} shows on stderr, in order; the first sight of each marks a phase boundary. */
    private static final List<String> STAGES = List.of("reconciling", "planning", "reserving", "transferring");
    private static final Pattern PAID = Pattern.compile("paid (\\d+), failed (\\d+), retrying (\\d+)");
    private static final String API_KEY = "sk_test_bench";

    private PayoutBenchmark() {
    }

    private record Options(TestDatabases.Kind kind, int vaults, int runs, Path jar, Path out, boolean keep,
                           List<String> runJvmOptions, List<String> runArgs) {
    }

    /** One run's figures; phase times in seconds, empty when the run did not show that stage. */
    private record Result(double loadAverage, double seedSeconds, double wallSeconds, Map<String, Double> phases,
                          int paid, int failed, int retrying, int transfers, int duplicateGroups,
                          double reconcileSeconds, int reconcileExit, String reconcileSummary) {
        double transfersPerSecond() {
            return paid / wallSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Files.createDirectories(options.out());
        System.out.printf("payout benchmark: %s, %,d vaults, %d run(s), payouts run %s; logs in %s%n",
                label(options.kind()), options.vaults(), options.runs(), String.join(" ", options.runArgs()),
                options.out());
        List<Result> results = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            results.add(runOnce(options, run));
        }
        printTable(options, results);
        boolean clean = results.stream().allMatch(r -> r.paid() == options.vaults() && r.transfers() == r.paid()
                && r.duplicateGroups() == 0 && r.reconcileExit() == 0);
        if (!clean) {
            System.out.println("FAILED: a run did not pay every vault exactly once, or reconcile found differences");
            System.exit(1);
        }
    }

    private static Result runOnce(Options options, int run) throws Exception {
        double load = loadAverage();
        String schema = TestDatabases.newSchemaName();
        Path h2Dir = options.out().resolve("h2-run" + run);
        DatabaseConfig config = options.kind() == TestDatabases.Kind.POSTGRES
                ? DatabaseConfig.of(TestDatabases.PG_URL).withSchema(schema)
                : DatabaseConfig.embedded(h2Dir);
        List<String> dbArgs = options.kind() == TestDatabases.Kind.POSTGRES
                ? List.of("--db", TestDatabases.PG_URL + (TestDatabases.PG_URL.contains("?") ? "&" : "?")
                        + "currentSchema=" + schema)
                : List.of("--data-dir", h2Dir.toString());
        try (StripeSandbox sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0))) {
            System.out.printf("%nrun %d (load average %.2f): seeding %,d vaults into %s%n", run, load,
                    options.vaults(), options.kind() == TestDatabases.Kind.POSTGRES ? "schema " + schema : h2Dir);
            double seedSeconds;
            // Seeded, then closed: the run must find the database as a user's process would, not through this JVM.
            try (LicensingApp app = LicensingApp.open(config, Clock.systemUTC())) {
                seedSeconds = PayoutSeed.seed(app, PayoutSeed.inProcess(sandbox), options.vaults(), System.out)
                        .took().toMillis() / 1000.0;
            }
            List<String> stripe = List.of("--stripe-api-key", API_KEY, "--stripe-api-base", sandbox.baseUrl());
            List<String> command = new ArrayList<>(List.of("payouts", "run"));
            command.addAll(stripe);
            command.addAll(dbArgs);
            command.addAll(options.runArgs());
            Child payouts = Child.run(options.jar(), options.runJvmOptions(), command,
                    options.out().resolve("run" + run + "-payouts"));
            Matcher paid = PAID.matcher(payouts.stdout());
            if (payouts.exitCode() != 0 || !paid.find()) {
                throw new IllegalStateException("payouts run failed (exit " + payouts.exitCode() + "); see "
                        + options.out().resolve("run" + run + "-payouts.err"));
            }
            System.out.print(payouts.stdout());
            Map<String, Integer> groups = transfersByGroup(sandbox.baseUrl());
            int transfers = groups.values().stream().mapToInt(Integer::intValue).sum();
            int duplicates = (int) groups.values().stream().filter(n -> n > 1).count();
            List<String> reconcile = new ArrayList<>(List.of("reconcile"));
            reconcile.addAll(stripe);
            reconcile.addAll(dbArgs);
            Child reconciled = Child.run(options.jar(), List.of(), reconcile,
                    options.out().resolve("run" + run + "-reconcile"));
            String summary = reconciled.stdout().strip().lines().reduce((a, b) -> b).orElse("");
            Result result = new Result(load, seedSeconds, payouts.seconds(), phases(payouts),
                    Integer.parseInt(paid.group(1)), Integer.parseInt(paid.group(2)),
                    Integer.parseInt(paid.group(3)), transfers, duplicates, reconciled.seconds(),
                    reconciled.exitCode(), summary);
            System.out.printf("run %d: %,d paid in %.1f s (%,.0f transfers/s); phases %s; %,d transfers at the "
                            + "sandbox, %d transfer group(s) with more than one; reconcile exit %d in %.1f s: %s%n",
                    run, result.paid(), result.wallSeconds(), result.transfersPerSecond(), showPhases(result),
                    transfers, duplicates, reconciled.exitCode(), reconciled.seconds(), summary);
            return result;
        } finally {
            if (!options.keep()) {
                if (options.kind() == TestDatabases.Kind.POSTGRES) {
                    TestDatabases.dropSchema(schema);
                } else if (Files.exists(h2Dir)) {
                    TestDatabases.deleteRecursively(h2Dir);
                }
            }
        }
    }

    /**
     * Phase lengths from the moments each stage first appeared on stderr (the progress bars redraw every 500 ms, so
     * each boundary is known to about half a second): start → the first stage is the JVM, opening the database,
     * releasing matured earnings and reading balances, payees and vault histories.
     */
    private static Map<String, Double> phases(Child child) {
        Map<String, Double> phases = new LinkedHashMap<>();
        List<Map.Entry<String, Long>> seen = child.stagesSeen().entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList();
        long previous = 0;
        String name = "start";
        for (Map.Entry<String, Long> stage : seen) {
            phases.put(name, (stage.getValue() - previous) / 1e9);
            previous = stage.getValue();
            name = stage.getKey();
        }
        phases.put(name, (child.nanos() - previous) / 1e9);
        return phases;
    }

    /** Every transfer at the sandbox, counted by transfer group, through the API a user would page through. */
    private static Map<String, Integer> transfersByGroup(String apiBase) throws StripeException {
        StripeClient client = StripeClient.builder().setApiKey(API_KEY).setApiBase(apiBase).build();
        Map<String, Integer> groups = new HashMap<>();
        for (Transfer transfer : client.v1().transfers().list(TransferListParams.builder().setLimit(100L).build())
                .autoPagingIterable()) {
            groups.merge(Optional.ofNullable(transfer.getTransferGroup()).orElse("(none)"), 1, Integer::sum);
        }
        return groups;
    }

    /** A finished child process: {@code java [opts] -jar licensing.jar ARGS}, timed from start to exit. */
    private record Child(int exitCode, long nanos, String stdout, Map<String, Long> stagesSeen) {
        double seconds() {
            return nanos / 1e9;
        }

        static Child run(Path jar, List<String> jvmOptions, List<String> args, Path logPrefix)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(logPrefix.resolveSibling(logPrefix.getFileName() + ".out").toFile());
            // Only what the command line says: no database or Stripe settings from the caller's environment.
            List.of("LICENSING_DB_URL", "LICENSING_DATA_DIR", "LICENSING_STRIPE_API_KEY", "LICENSING_STRIPE_API_BASE")
                    .forEach(builder.environment()::remove);
            long t0 = System.nanoTime();
            Process process = builder.start();
            Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
            Path errFile = logPrefix.resolveSibling(logPrefix.getFileName() + ".err");
            Thread reader = Thread.ofPlatform().start(() -> watchStages(process.getErrorStream(), errFile, t0, seen));
            int exit = process.waitFor();
            long nanos = System.nanoTime() - t0;
            reader.join();
            String stdout = Files.readString(logPrefix.resolveSibling(logPrefix.getFileName() + ".out"));
            return new Child(exit, nanos, stdout, Map.copyOf(seen));
        }

        /** Copies the child's stderr to a file, noting when each stage name first appears in it. */
        private static void watchStages(InputStream err, Path file, long t0, Map<String, Long> seen) {
            StringBuilder tail = new StringBuilder();
            byte[] buffer = new byte[8192];
            try (OutputStream copy = Files.newOutputStream(file)) {
                int n;
                while ((n = err.read(buffer)) > 0) {
                    long at = System.nanoTime() - t0;
                    copy.write(buffer, 0, n);
                    tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    for (String stage : STAGES) {
                        if (!seen.containsKey(stage) && tail.indexOf(stage) >= 0) {
                            seen.put(stage, at);
                        }
                    }
                    if (tail.length() > 4096) {
                        tail.delete(0, tail.length() - 64);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void printTable(Options options, List<Result> results) {
        System.out.printf("%n%s, %,d vaults, %s UTC, %d cores; payouts run %s%n%n", label(options.kind()),
                options.vaults(), Instant.now().toString().substring(0, 16), Runtime.getRuntime().availableProcessors(),
                options.runArgs().isEmpty() ? "(defaults)" : String.join(" ", options.runArgs()));
        System.out.println("| run | load avg | seed s | run s (wall) | transfers/s | start→plan s | plan s | reserve s "
                + "| transfer s | paid | transfers | groups > 1 | reconcile s | reconcile |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        int run = 0;
        for (Result r : results) {
            System.out.printf("| %d | %.2f | %.1f | %.1f | %,.0f | %s | %s | %s | %s | %,d | %,d | %d | %.1f | %s |%n",
                    ++run, r.loadAverage(), r.seedSeconds(), r.wallSeconds(), r.transfersPerSecond(),
                    phase(r, "start"), phase(r, "planning"), phase(r, "reserving"), phase(r, "transferring"),
                    r.paid(), r.transfers(), r.duplicateGroups(), r.reconcileSeconds(),
                    r.reconcileExit() == 0 ? r.reconcileSummary().split(":")[0]
                            : "exit " + r.reconcileExit());
        }
        if (results.size() > 1) {
            System.out.printf("| median | | | %.1f | %,.0f | %s | %s | %s | %s | | | | %.1f | |%n",
                    median(results.stream().mapToDouble(Result::wallSeconds).toArray()),
                    median(results.stream().mapToDouble(Result::transfersPerSecond).toArray()),
                    medianPhase(results, "start"), medianPhase(results, "planning"),
                    medianPhase(results, "reserving"), medianPhase(results, "transferring"),
                    median(results.stream().mapToDouble(Result::reconcileSeconds).toArray()));
        }
    }

    private static String showPhases(Result r) {
        StringBuilder text = new StringBuilder();
        r.phases().forEach((name, seconds) -> text.append(text.isEmpty() ? "" : ", ").append(name)
                .append(String.format(" %.1f s", seconds)));
        return text.toString();
    }

    private static String phase(Result r, String name) {
        Double seconds = r.phases().get(name);
        return seconds == null ? "–" : String.format("%.1f", seconds);
    }

    private static String medianPhase(List<Result> results, String name) {
        double[] values = results.stream().map(r -> r.phases().get(name)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).toArray();
        return values.length == 0 ? "–" : String.format("%.1f", median(values));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String label(TestDatabases.Kind kind) {
        return kind == TestDatabases.Kind.POSTGRES ? "PostgreSQL" : "H2 (embedded)";
    }

    private static Options parse(String[] args) {
        TestDatabases.Kind kind = TestDatabases.Kind.POSTGRES;
        int vaults = 100_000;
        int runs = 1;
        Path jar = Path.of("target/licensing.jar");
        Path out = Path.of("target/bench-payouts", Instant.now().toString().replaceAll("[^0-9T]", "")
                .substring(0, 15));
        boolean keep = false;
        List<String> runArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> kind = switch (value(args, ++i, "--db")) {
                    case "pg" -> TestDatabases.Kind.POSTGRES;
                    case "h2" -> TestDatabases.Kind.H2;
                    default -> usage("--db must be pg or h2");
                };
                case "--vaults" -> vaults = number(value(args, ++i, "--vaults"), "--vaults", PayoutSeed.VAULTS_MAX);
                case "--runs" -> runs = number(value(args, ++i, "--runs"), "--runs", 10);
                case "--jar" -> jar = Path.of(value(args, ++i, "--jar"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--keep" -> keep = true;
                case "--" -> {
                    runArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        if (!Files.isRegularFile(jar)) {
            usage(jar + " not found; build it with ./mvnw -DskipTests package");
        }
        String jvm = Optional.ofNullable(System.getenv("LICENSING_BENCH_RUN_OPTS")).orElse("").strip();
        List<String> jvmOptions = jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+"));
        return new Options(kind, vaults, runs, jar.toAbsolutePath(), out.toAbsolutePath(), keep, jvmOptions,
                List.copyOf(runArgs));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String text, String option, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage line
        }
        return usage(option + " must be 1 to " + max + ", not '" + text + "'");
    }

    private static <T> T usage(String problem) {
        System.err.println("bench payouts: " + problem);
        System.err.println("usage: scripts/bench payouts [--db pg|h2] [--vaults N] [--runs R] [--keep] "
                + "[-- payouts run options, e.g. --payout-concurrency 64]");
        System.exit(2);
        return null;
    }
}
