package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxEvent;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's command, {@code licensing fork-hosted-platform --client "enterprise-client" --monthly 2500}, and
 * {@code licensing hosted list|show|cancel} against the Stripe sandbox; webhooks arrive through
 * {@code licensing events import}, the same path the server takes.
 */
class HostedCliTest extends DatabaseTestSupport {
    private static final String API_KEY = "sk_test_hosted_cli";
    private static final Pattern PLATFORM = Pattern.compile("hosted platform (hp_\\w+)");

    @TempDir
    Path dataDir;

    private StripeSandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withApiKey(API_KEY));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private void importVaults(Path registry) {
        CliRun imported = CliRun.on(db, dataDir, "vaults", "import", registry.toString(), "--as-of", "2026-01-01");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    private CliRun withStripe(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--stripe-api-key=" + API_KEY);
        all.add("--stripe-api-base=" + sandbox.baseUrl());
        return CliRun.on(db, dataDir, all.toArray(String[]::new));
    }

    /** Hands everything the sandbox has sent so far to the engine, as a webhook endpoint would receive it. */
    private void deliverWebhooks() throws Exception {
        Path file = dataDir.resolve("events.jsonl");
        Files.write(file, sandbox.events().stream().map(SandboxEvent::json).toList());
        CliRun imported = CliRun.on(db, dataDir, "events", "import", file.toString(), "--stripe-api-key=" + API_KEY,
                "--stripe-api-base=" + sandbox.baseUrl());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    private int platformRows() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hosted_platform").mapTo(Integer.class)
                .one());
    }

    private static String platformId(CliRun run) {
        Matcher matcher = PLATFORM.matcher(run.out());
        assertThat(matcher.find()).as(run.out()).isTrue();
        return matcher.group(1);
    }

    @Test
    void theSeedCommandForksBillsAndChurnsAPlatform() throws Exception {
        importVaults(Path.of("examples/licensed-vaults.json"));

        CliRun forked = withStripe("fork-hosted-platform", "--client", "enterprise-client", "--monthly", "2500",
                "--vault", "enterprise-vault.sig", "--domain", "ai.client.example", "--brand-name", "Client AI",
                "--brand-color", "#1A2B3C", "--by", "ops-alice");

        assertThat(forked.exitCode()).as(forked.err()).isZero();
        String id = platformId(forked);
        assertThat(forked.out()).contains("created for enterprise-client on enterprise-vault.sig",
                "plan: enterprise, 2500.00 USD a month", "lineage: parent vault enterprise-vault.sig, fork depth 1",
                "domain: ai.client.example; branding: Client AI, #1a2b3c", "subscription sub_", "status: active");

        CliRun again = withStripe("fork-hosted-platform", "--client", "enterprise-client", "--tier", "enterprise",
                "--vault", "enterprise-vault.sig", "--domain", "ai.client.example", "--brand-name", "Client AI",
                "--brand-color", "#1a2b3c");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("already has hosted platform " + id, "nothing was created");

        deliverWebhooks();
        CliRun shown = CliRun.on(db, dataDir, "hosted", "show", id);
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("months billed: 1",
                "revenue: 2500.00 USD gross, 0.00 USD refunded, 2500.00 USD net; partner share 2063.12 USD");

        CliRun listed = CliRun.on(db, dataDir, "hosted", "list", "--vault", "enterprise-vault.sig");
        assertThat(listed.out()).contains(id, "enterprise-client", "enterprise", "2500.00 USD", "active");
        assertThat(CliRun.on(db, dataDir, "hosted", "list", "--status", "canceled").out())
                .contains("no hosted platforms match");

        CliRun canceled = withStripe("hosted", "cancel", id, "--reason", "contract ended", "--by", "ops-alice");
        assertThat(canceled.exitCode()).as(canceled.err()).isZero();
        assertThat(canceled.out()).contains("canceled at Stripe", "customer.subscription.deleted");
        assertThat(CliRun.on(db, dataDir, "hosted", "show", id).out()).as("until the webhook arrives")
                .contains("status: active");

        deliverWebhooks();
        assertThat(CliRun.on(db, dataDir, "hosted", "show", id).out()).contains("status: canceled", "canceled 20");
        assertThat(CliRun.on(db, dataDir, "hosted", "list", "--status", "canceled").out()).contains(id);
        assertThat(withStripe("hosted", "cancel", id).out()).contains("already canceled");
    }

    @Test
    void badRequestsAreOneLineAndRecordNothing() {
        importVaults(Path.of("examples/licensed-vaults.json"));

        CliRun noVault = withStripe("fork-hosted-platform", "--client", "enterprise-client", "--monthly", "2500");
        assertThat(noVault.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(noVault.err()).isEqualTo("licensing: --vault is required: 5 vaults are registered (agency-fork.sig, "
                + "enterprise-vault.sig, individual-vault.sig, premium-enterprise-vault.sig, startup-vault.sig); pass "
                + "--vault ID or set LICENSING_VAULT\n");

        CliRun disabled = withStripe("fork-hosted-platform", "--client", "x", "--monthly", "2500", "--vault",
                "agency-fork.sig");
        assertThat(disabled.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(disabled.err()).contains("agency-fork.sig", "enableHostedMirrorPlatforms is false").hasLineCount(1);

        CliRun noStripe = CliRun.on(db, dataDir, "fork-hosted-platform", "--client", "enterprise-client",
                "--monthly", "2500", "--vault", "enterprise-vault.sig", "--stripe-api-key=");
        assertThat(noStripe.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(noStripe.err()).contains("LICENSING_STRIPE_API_KEY", "licensing stripe-sandbox",
                "LICENSING_STRIPE_API_BASE=http://127.0.0.1:12111").hasLineCount(1);

        CliRun mismatch = withStripe("fork-hosted-platform", "--client", "c", "--tier", "starter", "--monthly",
                "2500", "--vault", "enterprise-vault.sig");
        assertThat(mismatch.err()).isEqualTo("licensing: --monthly 2500.00 USD is not the starter price (299.00 "
                + "USD); give one of --tier or --monthly\n");
        assertThat(withStripe("fork-hosted-platform", "--client", "c", "--tier", "gold", "--vault",
                "enterprise-vault.sig").err()).contains("--tier must be starter, professional or enterprise");
        assertThat(withStripe("fork-hosted-platform", "--client", "c", "--tier", "starter", "--vault",
                "enterprise-vault.sig", "--brand-color", "blue").err()).contains("--brand-color");
        assertThat(CliRun.on(db, dataDir, "hosted", "show", "hp_nothing").err())
                .isEqualTo("licensing: no hosted platform 'hp_nothing'; licensing hosted list shows them\n");

        assertThat(platformRows()).isZero();
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void theVaultMayBeLeftOutWhenOnlyOneIsRegistered() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode all = (ObjectNode) json.readTree(Path.of("examples/licensed-vaults.json").toFile());
        ObjectNode one = json.createObjectNode().set("enterprise-vault.sig", all.get("enterprise-vault.sig"));
        Path registry = dataDir.resolve("one-vault.json");
        json.writeValue(registry.toFile(), one);
        importVaults(registry);

        CliRun forked = withStripe("fork-hosted-platform", "--client", "enterprise-client", "--monthly", "2500");

        assertThat(forked.exitCode()).as(forked.err()).isZero();
        assertThat(forked.out()).startsWith("vault: enterprise-vault.sig (no --vault given: the only registered vault)\n")
                .contains("created for enterprise-client on enterprise-vault.sig");
    }
}
