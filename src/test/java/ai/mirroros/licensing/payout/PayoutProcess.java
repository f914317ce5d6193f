package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.cli.LicensingCli;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code licensing payouts run} in a child JVM with the test classpath, configured through the {@code LICENSING_*}
 * environment as an operator's cron job would be, so that a test can {@code kill -9} it in the middle of a run, or
 * run two of them at once against one database.
 */
final class PayoutProcess implements AutoCloseable {
    /** The key the tests' sandboxes accept (any {@code sk_test_…} is accepted by a sandbox without one set). */
    static final String API_KEY = "sk_test_payouts";
    private static final Pattern PAID = Pattern.compile("paid (\\d+), failed (\\d+), retrying (\\d+)");
    private static final Pattern RECONCILED = Pattern.compile("reconciled (\\d+) payout");
    private static final Pattern PLANNED = Pattern.compile("planned (\\d+) payout");

    private final Process process;
    private final Path log;

    private PayoutProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code payouts run --as-of asOf} over {@code config} against the Stripe at {@code stripeBase}, output
     * (stdout and stderr) to {@code log}; {@code options} are more {@code payouts run} options.
     */
    static PayoutProcess start(DatabaseConfig config, Path dataDir, Path log, String stripeBase, Instant asOf,
                               String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(),
                // C1 and the serial collector: a JVM that starts in seconds on a busy two-core machine; the tests
                // measure what happens, not how fast.
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LicensingCli.class.getName(),
                "payouts", "run", "--as-of", asOf.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LICENSING_"));
        builder.environment().put("LICENSING_DB_URL", cliUrl(config));
        builder.environment().put("LICENSING_DATA_DIR", dataDir.toString());
        builder.environment().put("LICENSING_STRIPE_API_KEY", API_KEY);
        builder.environment().put("LICENSING_STRIPE_API_BASE", stripeBase);
        return new PayoutProcess(builder.start(), log);
    }

    /** The URL a separate process uses for the same database: a PostgreSQL test schema goes in the URL. */
    static String cliUrl(DatabaseConfig config) {
        return config.schema().map(schema -> TestDatabases.PG_URL + "&currentSchema=" + schema)
                .orElse(config.jdbcUrl());
    }

    /** {@code kill -9}: no shutdown hooks, no rollback, no flush; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the payout run did not die within 30 s of kill -9");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the run to end by itself and returns its exit code; fails the test with its output if it hangs. */
    int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the payout run did not finish within " + max + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** What the run printed about itself (see {@code PayoutsCommand.print}); only for a run that finished. */
    Summary summary() {
        String text = output();
        Matcher paid = PAID.matcher(text);
        if (!paid.find()) {
            throw new IllegalStateException("no 'paid …' line in the run's output:\n" + text);
        }
        Matcher reconciled = RECONCILED.matcher(text);
        Matcher planned = PLANNED.matcher(text);
        return new Summary(reconciled.find() ? Integer.parseInt(reconciled.group(1)) : 0,
                planned.find() ? Integer.parseInt(planned.group(1)) : 0,
                Integer.parseInt(paid.group(1)), Integer.parseInt(paid.group(2)), Integer.parseInt(paid.group(3)));
    }

    /** A finished run's report, as printed. */
    record Summary(int reconciled, int planned, int paid, int failed, int retrying) {
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
