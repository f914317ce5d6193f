package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code licensing stripe-sandbox} as a user runs it: it serves until stopped and explains bad flags in a line. */
class StripeSandboxCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern BASE_URL = Pattern.compile("Stripe sandbox on (http://127\\.0\\.0\\.1:\\d+)");

    private static HttpResponse<String> balance(String baseUrl, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/balance"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(60)
    void itServesUntilStoppedAndPrintsTheBaseUrlWithExamples() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = LicensingCli.newCommandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exitCode.set(cli.execute("stripe-sandbox", "--port", "0",
                "--api-key", "sk_test_cli", "--settlement-currency", "EUR")), "stripe-sandbox-command");
        runner.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> BASE_URL.matcher(err.toString()).find());
        Matcher matcher = BASE_URL.matcher(err.toString());
        assertThat(matcher.find()).isTrue();
        String baseUrl = matcher.group(1);

        HttpResponse<String> accepted = balance(baseUrl, "sk_test_cli");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"currency\":\"eur\"");
        assertThat(balance(baseUrl, "sk_test_other").statusCode()).isEqualTo(401);
        assertThat(err.toString()).contains("settlement eur", "curl -s " + baseUrl + "/_sandbox/payments",
                "setApiBase(\"" + baseUrl + "\")");

        runner.interrupt();
        runner.join(Duration.ofSeconds(20));

        assertThat(runner.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
        assertThatThrownBy(() -> balance(baseUrl, "sk_test_cli")).isInstanceOf(ConnectException.class);
    }

    @Test
    @Timeout(30)
    void aWebhookUrlWithoutASecretIsOneLineAndExitCode2() {
        assumeTrue(System.getenv("LICENSING_STRIPE_WEBHOOK_SECRET") == null, "the secret comes from the environment");

        CliRun run = CliRun.of("stripe-sandbox", "--port", "0", "--webhook-url", "http://127.0.0.1:9/hook");

        assertThat(run.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("licensing: --webhook-url needs --webhook-secret (or "
                + "LICENSING_STRIPE_WEBHOOK_SECRET): the sandbox signs every event");
    }

    @Test
    @Timeout(30)
    void aSettlementCurrencyWithoutARateNamesTheFlag() {
        CliRun run = CliRun.of("stripe-sandbox", "--port", "0", "--api-key", "sk_test_x",
                "--settlement-currency", "CHF");

        assertThat(run.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo(
                "licensing: --settlement-currency: no exchange rate for the settlement currency chf");
    }

    @Test
    void helpListsTheFlags() {
        CliRun run = CliRun.of("stripe-sandbox", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port", "--host", "--api-key", "--webhook-url", "--webhook-secret",
                "--settlement-currency", "LICENSING_STRIPE_API_KEY", "default: 12111");
    }
}
