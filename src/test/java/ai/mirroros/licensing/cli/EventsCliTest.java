package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing events …} as an operator uses it: import a Stripe export, inspect, fix, retry. */
class EventsCliTest extends DatabaseTestSupport {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dataDir;

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @BeforeEach
    void importVaults() {
        assertThat(run("vaults", "import", "examples/licensed-vaults.json", "--as-of", "2026-01-01").exitCode())
                .isZero();
    }

    private Path export(String... events) throws Exception {
        Path file = dataDir.resolve("events.jsonl");
        Files.write(file, List.of(events));
        return file;
    }

    private static String payment(String id, String vault) {
        return WebhookClient.paymentSucceeded("evt_" + id, WebhookClient.charge(id, vault, 122_845, AT), AT);
    }

    @Test
    void importPostsEveryEventAndReImportingChangesNothing() throws Exception {
        StripeEventJson.Charge charge = WebhookClient.charge("a", "enterprise-vault.sig", 122_845, AT);
        Path file = export(payment("a", "enterprise-vault.sig"), "",
                WebhookClient.refunded("evt_a_refund", charge, 22_845, AT), payment("b", "startup-vault.sig"));

        CliRun first = run("events", "import", file.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("stored 3 new events (0 already in the inbox)",
                "processed 3 events: 3 done, 0 ignored, 0 parked");

        CliRun again = run("events", "import", file.toString());
        assertThat(again.out()).contains("stored 0 new events (3 already in the inbox)", "processed 0 events");

        CliRun balances = run("ledger", "balances", "--vault", "enterprise-vault.sig");
        // The partner's 1013.90 less its proportional part of the 228.45 refund: 1013.90 × 228.45 / 1228.45 = 188.55.
        assertThat(balances.out()).contains("825.35");
    }

    @Test
    void aParkedEventIsListedAndRetriedAfterTheVaultIsRegistered() throws Exception {
        Path file = export(payment("late", "late-vault.sig"));
        CliRun imported = run("events", "import", file.toString());
        assertThat(imported.out()).contains("1 parked", "events list --status parked");

        CliRun parked = run("events", "list", "--status", "parked");
        assertThat(parked.out()).contains("evt_late", "late-vault.sig");

        CliRun tooEarly = run("events", "retry", "evt_late");
        assertThat(tooEarly.exitCode()).isEqualTo(LicensingCli.EXIT_FAILURE);
        assertThat(tooEarly.out()).contains("evt_late: parked");

        Path registry = dataDir.resolve("late.json");
        String example = Files.readString(Path.of("examples/licensed-vaults.json"));
        Files.writeString(registry, example.replace("individual-vault.sig", "late-vault.sig"));
        assertThat(run("vaults", "import", registry.toString(), "--as-of", "2026-01-01").exitCode()).isZero();

        CliRun retried = run("events", "retry", "evt_late");
        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("evt_late: processed");
        assertThat(run("events", "list", "--status", "parked").out()).contains("no parked events");
    }

    @Test
    void aBadLineImportsNothingAndSaysWhere() throws Exception {
        Path file = export(payment("ok", "enterprise-vault.sig"), "{\"id\": \"evt_x\"}", "not json");

        CliRun run = run("events", "import", file.toString());

        assertThat(run.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("line 2", "line 3", "nothing was imported").doesNotContain("Exception");
        assertThat(run("events", "list").out()).contains("no events");
    }

    @Test
    void showPrintsThePayloadAndUnknownIdsAreOneLineErrors() throws Exception {
        run("events", "import", export(payment("s", "enterprise-vault.sig")).toString());

        CliRun show = run("events", "show", "evt_s");
        assertThat(show.out()).contains("\"status\" : \"processed\"", "\"payment_intent.succeeded\"", "pi_s");
        CliRun unknown = run("events", "show", "evt_nope");
        assertThat(unknown.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(unknown.err().strip()).isEqualTo(
                "licensing: no event 'evt_nope' in the inbox; see licensing events list");
        assertThat(run("events", "list", "--status", "weird").err()).contains("--status must be");
    }

    @Test
    void aStripeExportReplaysThroughImport() throws Exception {
        String export;
        try (var stripe = ai.mirroros.licensing.stripe.sandbox.StripeSandbox.start(
                ai.mirroros.licensing.stripe.sandbox.SandboxConfig.defaults().withPort(0))) {
            var paid = stripe.createPayment(ai.mirroros.licensing.stripe.sandbox.SandboxPayment.of(122_845, "usd",
                    java.util.Map.of("vault_id", "enterprise-vault.sig", "product_type", "template")));
            stripe.refund(paid.chargeId(), java.util.OptionalLong.of(22_845));
            export = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(stripe.baseUrl() + "/_sandbox/events.jsonl")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        Path file = dataDir.resolve("stripe-export.jsonl");
        Files.writeString(file, export);

        CliRun imported = run("events", "import", file.toString());

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("0 parked");
        // Without an API key the fee comes from the schedule: 1013.90, less the refund's share (188.55).
        assertThat(run("ledger", "balances", "--vault", "enterprise-vault.sig").out()).contains("825.35");
    }
}
