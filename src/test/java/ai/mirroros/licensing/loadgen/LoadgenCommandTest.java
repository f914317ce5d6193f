package ai.mirroros.licensing.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.cli.LicensingCli;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code licensing loadgen} as a user runs it: flag checks, and whole runs against the stub receiver. */
class LoadgenCommandTest {
    private static final String SECRET = WebhookLoadGeneratorTest.SECRET;

    private final StubWebhookReceiver stub = new StubWebhookReceiver(SECRET);

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run loadgen(String... args) {
        List<String> all = new ArrayList<>(List.of("loadgen"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LicensingCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private String url() {
        return stub.baseUrl().toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --rate=-1              | --rate must be 0 (as fast as possible) or a positive number of events per second, not -1.0
            --concurrency=0        | --concurrency must be between 1 and 1024, not 0
            --concurrency=5000     | --concurrency must be between 1 and 1024, not 5000
            --events=0             | --events must be at least 1, not 0
            --duration=soon        | --duration must be a positive time such as 30s, 2m, 500ms or PT30S, not 'soon'
            --duration=0s          | --duration must be a positive time such as 30s, 2m, 500ms or PT30S, not '0s'
            --wait-timeout=-PT1S   | --wait-timeout must be a positive time such as 30s, 2m, 500ms or PT30S, not '-PT1S'
            --url=localhost:8080   | --url must be an http:// or https:// base URL such as http://localhost:8080, not 'localhost:8080'
            --baseline-db=jdbc:h2:mem:x | --baseline-db must be a PostgreSQL JDBC URL (jdbc:postgresql://…): the baseline measures PostgreSQL inserts
            """)
    void aBadFlagIsOneLineOnStderrAndExitCode2(String flag, String message) {
        Run run = loadgen("--secret", SECRET, flag);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("licensing: " + message + System.lineSeparator());
    }

    @Test
    void durationAndEventsTogetherAreRefused() {
        Run run = loadgen("--secret", SECRET, "--events", "10", "--duration", "5s", "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("licensing: give --duration or --events, not both");
    }

    @Test
    void withoutASecretNothingIsSent() {
        assumeTrue(System.getenv("LICENSING_STRIPE_WEBHOOK_SECRET") == null, "the environment sets a secret");

        Run run = loadgen("--events", "10", "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("licensing: no webhook secret: pass --secret or set "
                + "LICENSING_STRIPE_WEBHOOK_SECRET to the server's secret");
        assertThat(stub.requests()).isZero();
    }

    @Test
    void aServerThatIsNotThereIsReportedBeforeTheRun() throws Exception {
        Run run = loadgen("--secret", SECRET, "--events", "10", "--url",
                "http://127.0.0.1:" + WebhookLoadGeneratorTest.freePort());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("licensing: cannot reach http://127.0.0.1:")
                .contains("is `licensing serve` running there?").doesNotContain("\tat ");
    }

    @Test
    void aMissingRegistryFileIsReported() {
        Run run = loadgen("--secret", SECRET, "--events", "10", "--url", url(), "--vaults", "nope.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("licensing: registry file nope.json does not exist");
    }

    @Test
    void aRunReportsAcknowledgementsLatencyAndThePostedRateAsJson() throws Exception {
        Run run = loadgen("--secret", SECRET, "--url", url(), "--events", "300", "--rate", "0",
                "--concurrency", "8", "--wait-posted", "--label", "stub", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = LicensingApp.newObjectMapper().readTree(run.out());
        JsonNode load = report.get("load");
        assertThat(report.get("label").asText()).isEqualTo("stub");
        assertThat(load.get("mode").asText()).isEqualTo("closed");
        assertThat(load.get("sent").asLong()).isEqualTo(300);
        assertThat(load.get("acked").asLong()).isEqualTo(300);
        assertThat(load.get("ackLatency").get("count").asLong()).isEqualTo(300);
        assertThat(load.has("startNanos")).isFalse();
        long distinct = 300 - load.get("redeliveries").asLong();
        assertThat(report.get("posted").get("received").asLong()).isEqualTo(distinct).isEqualTo(stub.storedEvents());
        assertThat(report.get("posted").get("complete").asBoolean()).isTrue();
        assertThat(report.get("rawBaseline").isNull()).isTrue();
        assertThat(run.err()).contains("loadgen: sending done; waiting until every stored event is posted");
        assertThat(LicensingApp.newObjectMapper().readValue(run.out(), LoadReport.class).load().acked())
                .as("the JSON reads back for the bench table").isEqualTo(300);
    }

    @Test
    void theTextReportNamesTheFiguresOfTheIssue() {
        Run run = loadgen("--secret", SECRET, "--url", url(), "--duration", "300ms", "--rate", "100");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("open loop at 100 events/s", "acknowledged (2xx)   30 in", "ack latency (ms)",
                "p50", "p99", "max", "not acknowledged     0");
        assertThat(stub.requests()).isEqualTo(30);
    }

    @Test
    void unacknowledgedDeliveriesMakeTheRunFailWithTheReportPrinted() {
        stub.statusForRequest = n -> n <= 5 ? 503 : 200;

        Run run = loadgen("--secret", SECRET, "--url", url(), "--events", "50", "--rate", "0", "--concurrency", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("not acknowledged     HTTP 503 ×5", "HTTP 503: stub answers 503");
        assertThat(run.err()).contains("licensing: 5 of 50 deliveries were not acknowledged");
    }

    @Test
    void theBaselineRefusesADatabaseThatAlreadyHeldEvents() {
        loadgen("--secret", SECRET, "--url", url(), "--events", "5", "--rate", "0");

        Run run = loadgen("--secret", SECRET, "--url", url(), "--events", "5", "--seed", "2",
                "--baseline-db", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("licensing: --baseline-db needs a server whose database held no "
                + "webhook events before the run; it has " + stub.storedEvents());
        assertThat(stub.storedEvents()).as("the second run sent nothing").isLessThanOrEqualTo(5);
    }
}
