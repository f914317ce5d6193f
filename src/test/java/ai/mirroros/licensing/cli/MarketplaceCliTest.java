package ai.mirroros.licensing.cli;

import static ai.mirroros.licensing.marketplace.MarketplaceFixture.ENTERPRISE;
import static ai.mirroros.licensing.marketplace.MarketplaceFixture.INDIVIDUAL;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.marketplace.MarketplaceFixture;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marketplace commands as a partner types them, on both databases: the seed's commands work as written. */
class MarketplaceCliTest extends DatabaseTestSupport {
    private static final Pattern TEMPLATE_ID = Pattern.compile("created template (tpl_[a-z0-9_-]+)");
    private static final Pattern INTENT = Pattern.compile("payment intent (pi_\\w+): succeeded");

    @TempDir
    Path dataDir;

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    private void importVaults(Path file) {
        CliRun imported = run("vaults", "import", file.toString(), "--as-of", "2026-01-01");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    private void importOnlyEnterprise() {
        importVaults(MarketplaceFixture.registryFile(dataDir, MarketplaceFixture.vault(ENTERPRISE)));
    }

    private static String templateId(CliRun created) {
        Matcher matcher = TEMPLATE_ID.matcher(created.out());
        assertThat(matcher.find()).as(created.out() + created.err()).isTrue();
        return matcher.group(1);
    }

    @Test
    void theSeedsCommandWorksAsWrittenWhenOneVaultIsRegistered() {
        importOnlyEnterprise();

        CliRun created = run("create-agent-template", "--name", "Enterprise Analytics Bot", "--price", "875");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("created template tpl_enterprise-analytics-bot_")
                .contains("for vault enterprise-vault.sig (no --vault given: the only registered vault)",
                        "name:       Enterprise Analytics Bot", "category:   workflow",
                        "price:      875.00 USD (explicit price)",
                        "listing:    not listed; publish it with: licensing templates publish tpl_");
        String id = templateId(created);
        assertThat(run("templates", "list").out()).contains(id, "enterprise-vault.sig", "875.00 USD", "no");
    }

    @Test
    void withSeveralVaultsTheVaultMustBeNamedAndTheChoicesAreListed() {
        importVaults(MarketplaceFixture.EXAMPLE);

        CliRun ambiguous = run("create-agent-template", "--name", "Enterprise Analytics Bot", "--price", "875");

        assertThat(ambiguous.exitCode()).isEqualTo(2);
        assertThat(ambiguous.err().strip()).isEqualTo("licensing: --vault is required: 5 vaults are registered "
                + "(agency-fork.sig, enterprise-vault.sig, individual-vault.sig, premium-enterprise-vault.sig, "
                + "startup-vault.sig); pass --vault ID or set LICENSING_VAULT");
        CliRun named = run("create-agent-template", "--name", "Enterprise Analytics Bot", "--price", "875",
                "--vault", "premium-enterprise-vault.sig");
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(named.out()).contains("for vault premium-enterprise-vault.sig\n", "875.00 EUR");
    }

    @Test
    void aVaultWithoutTemplateResaleIsRefusedInOneLineAndNothingIsWritten() {
        importVaults(MarketplaceFixture.registryFile(dataDir,
                MarketplaceFixture.withResale(MarketplaceFixture.vault(ENTERPRISE), false)));

        CliRun refused = run("create-agent-template", "--name", "Enterprise Analytics Bot", "--price", "875");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("licensing: vault 'enterprise-vault.sig' cannot create templates: "
                + "its monetizationConfig.enableAgentTemplateResale is off; turn it on in the registry and import it "
                + "(licensing vaults import FILE)");
        assertThat(run("templates", "list").out()).startsWith("no templates yet");
    }

    @Test
    void aBaseCostWithAMarkupIsPricedAndShownWithItsRounding() {
        importOnlyEnterprise();

        CliRun created = run("create-agent-template", "--name", "Support Triage", "--base-cost", "583.33",
                "--markup", "50", "--category", "integration", "--description", "Routes tickets",
                "--deployment", "dep_9", "--brand-name", "Acme", "--brand-color", "#1A73E8", "--publish");
        CliRun tooLow = run("create-agent-template", "--name", "Cheap", "--base-cost", "100", "--markup", "20");
        CliRun vaultDefault = run("create-agent-template", "--name", "Cheap", "--base-cost", "100");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("price:      875.00 USD = base cost 583.33 USD + 50% markup (291.67 USD, "
                        + "rounded half-up to the minor unit)", "category:   integration",
                "branding:   name \"Acme\", colour #1a73e8", "listing:    listed on the marketplace since");
        assertThat(tooLow.exitCode()).isEqualTo(2);
        assertThat(tooLow.err()).contains("markup 20% is outside the marketplace's 50–200% range");
        assertThat(vaultDefault.exitCode()).isEqualTo(2);
        assertThat(vaultDefault.err()).contains("the default markup 30% is outside", "--template-markup");
        assertThat(run("templates", "show", templateId(created)).out()).contains("description: Routes tickets",
                "deployment: dep_9");
    }

    @Test
    void publishUnpublishUpdateAndStats() {
        importOnlyEnterprise();
        String id = templateId(run("create-agent-template", "--name", "Enterprise Analytics Bot", "--price", "875"));

        assertThat(run("templates", "publish", id).out().strip()).isEqualTo(id + ": listed on the marketplace at "
                + "875.00 USD");
        assertThat(run("templates", "publish", id).out().strip()).isEqualTo(id + ": already listed; nothing recorded");
        assertThat(run("templates", "update", id, "--price", "900").out()).startsWith("updated template " + id)
                .contains("900.00 USD (explicit price)");
        assertThat(run("templates", "update", id, "--price", "900").out()).startsWith(id + ": unchanged");
        assertThat(run("templates", "unpublish", id).out()).contains("no longer listed");
        CliRun stats = run("templates", "stats", "--vault", ENTERPRISE, "--from", "2026-01-01");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("TEMPLATE", "CONVERSION", id, "n/a", "0.00 USD");
        assertThat(run("templates", "stats", "--from", "2026-02-01", "--to", "2026-01-01").err())
                .contains("--from 2026-02-01 is after --to 2026-01-01");
        assertThat(run("templates", "show", "tpl_nope").err().strip())
                .isEqualTo("licensing: unknown template 'tpl_nope'; list them with: licensing templates list");
        assertThat(run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void theSeedsExportPricingCommandPrintsOldAndNewAndVersionsTheVault() {
        importOnlyEnterprise();

        CliRun set = run("set-export-pricing", "--agent-fee", "175", "--loop-fee", "525", "--as-of",
                "2026-03-01T00:00:00Z");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.err()).isEmpty();
        assertThat(set.out()).contains("enterprise-vault.sig: export pricing is version 2, effective from "
                        + "2026-03-01T00:00:00Z (no --vault given: the only registered vault)",
                "agent export fee       49.00 USD -> 175.00 USD", "agent-loop export fee  99.00 USD -> 525.00 USD",
                "platform fork fee      2500.00 USD (unchanged)", "template markup        30% (unchanged)",
                "customers are charged: the vault's own pricing");
        assertThat(run("vaults", "show", ENTERPRISE, "--as-of", "2026-02-28").out())
                .contains("\"agentExportFee\": \"49.00\"");
        assertThat(run("vaults", "show", ENTERPRISE).out()).contains("\"agentExportFee\": \"175.00\"",
                "\"agentLoopExportFee\": \"525.00\"");
        assertThat(run("set-export-pricing", "--agent-fee", "175", "--loop-fee", "525").out())
                .contains("export pricing unchanged (version 2)");
    }

    @Test
    void exportPricingOnAVaultWithoutCustomFeesIsRecordedWithAWarning() {
        importVaults(MarketplaceFixture.EXAMPLE);

        CliRun set = run("set-export-pricing", "--vault", INDIVIDUAL, "--agent-fee", "175", "--template-markup",
                "60");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("agent export fee       19.00 USD -> 175.00 USD",
                "template markup        15% -> 60%", "customers are charged: platform default");
        assertThat(set.err().strip()).isEqualTo("warning: individual-vault.sig has "
                + "monetizationConfig.enableCustomExportFees off: these fees are recorded, but customers are charged "
                + "the platform defaults (agent export 99.00 USD, agent-loop export 299.00 USD, platform fork "
                + "2500.00 USD, template markup 100%) until it is turned on in the registry");
        assertThat(run("set-export-pricing", "--vault", INDIVIDUAL).err())
                .contains("nothing to change: give at least one of --agent-fee");
    }

    @Test
    void checkoutThroughTheSandboxPrintsTheIntentAndRefusesAnUnlistedTemplate() {
        importOnlyEnterprise();
        String id = templateId(run("create-agent-template", "--name", "Enterprise Analytics Bot", "--price", "875"));
        try (StripeSandbox sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0))) {
            List<String> stripe = List.of("--stripe-api-key=sk_test_cli", "--stripe-api-base=" + sandbox.baseUrl());

            CliRun unlisted = run(with(stripe, "checkout", "template", id));
            assertThat(unlisted.exitCode()).isEqualTo(2);
            assertThat(unlisted.err()).contains("is not listed on the marketplace");
            assertThat(sandbox.requests()).isEmpty();

            run("templates", "publish", id);
            CliRun bought = run(with(stripe, "checkout", "template", id, "--customer", "cus_cli", "--country", "DE"));
            assertThat(bought.exitCode()).as(bought.err()).isZero();
            assertThat(bought.out()).containsPattern(INTENT).contains("875.00 USD (the template's price)",
                    "customer_country=DE, product_type=template, template_id=" + id + ", vault_id=enterprise-vault.sig",
                    "customer:  cus_cli");

            CliRun export = run(with(stripe, "checkout", "export", "--kind", "loop", "--loop-id", "loop-1"));
            assertThat(export.exitCode()).as(export.err()).isZero();
            assertThat(export.out()).contains("vault enterprise-vault.sig (no --vault given",
                    "succeeded, 99.00 USD (the vault's own pricing)", "agent_loop_id=loop-1",
                    "product_type=loop_export");
            assertThat(sandbox.events()).hasSize(4);
        }
    }

    private static String[] with(List<String> stripe, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(stripe);
        return all.toArray(String[]::new);
    }
}
