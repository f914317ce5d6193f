package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.cli.LicensingCli;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code licensing serve} in a child JVM with the test classpath, as an operator runs it (configured through the
 * {@code LICENSING_*} environment), so that a test can kill it the way the operating system does.
 */
final class ServerProcess implements AutoCloseable {
    /** A cold JVM, Flyway and Jetty on a busy two-core machine. */
    private static final Duration STARTUP_MAX = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("serving on http://[^:/]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server on a free port over {@code config}, output to {@code log}, and waits until it listens. */
    static ServerProcess start(DatabaseConfig config, Path dataDir, Path log) throws IOException,
            InterruptedException {
        // C1 only and the serial collector: a server that starts in seconds rather than tens of seconds on a busy
        // two-core machine; the test measures correctness, not throughput.
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), LicensingCli.class.getName(), "serve", "--host", "127.0.0.1",
                "--port", "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LICENSING_"));
        builder.environment().put("LICENSING_DB_URL", cliUrl(config));
        builder.environment().put("LICENSING_DATA_DIR", dataDir.toString());
        builder.environment().put("LICENSING_STRIPE_WEBHOOK_SECRET", WebhookClient.SECRET);
        Process process = builder.start();
        long deadline = System.nanoTime() + STARTUP_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (listening.find()) {
                return new ServerProcess(process, log, Integer.parseInt(listening.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not listen within " + STARTUP_MAX + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The URL a separate process uses for the same database: a PostgreSQL test schema goes in the URL. */
    static String cliUrl(DatabaseConfig config) {
        return config.schema().map(schema -> TestDatabases.PG_URL + "&currentSchema=" + schema)
                .orElse(config.jdbcUrl());
    }

    int port() {
        return port;
    }

    /** {@code kill -9}: no shutdown hooks, no rollback, no flush. */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM: the shutdown hook stops taking requests, flushes the writer and closes the database. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    boolean waitForExit(Duration max) throws InterruptedException {
        return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code GET /ingest/stats}. */
    Inbox.Stats stats() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ingest/stats")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stats answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode stats = JSON.readTree(response.body());
        return new Inbox.Stats(stats.get("received").asLong(), stats.get("pending").asLong(),
                stats.get("processed").asLong(), stats.get("ignored").asLong(), stats.get("parked").asLong());
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
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
