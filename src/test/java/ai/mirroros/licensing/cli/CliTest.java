package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.DatabaseTestSupport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it, on both databases: the README's tour, bad input, idempotency, tampering. */
class CliTest extends DatabaseTestSupport {
    private static final String EXAMPLE = "examples/licensed-vaults.json";

    @TempDir
    Path dataDir;

    /** Runs a command against this test's database, with {@code --as-of} placed by the caller where it applies. */
    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @Test
    void seedSplitFromTheRegistryFilePrintsTheSeedNumbers() {
        CliRun run = CliRun.of("split", "--vault", "enterprise-vault.sig", "--gross", "1228.45", "--currency", "USD",
                "--registry", EXAMPLE, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"grossAmount\" : \"1228.45\"", "\"stripeProcessingFee\" : \"35.63\"",
                "\"netAmount\" : \"1192.82\"", "\"partnerPayout\" : \"1013.90\"", "\"masterPayout\" : \"178.92\"",
                "\"referrerPayout\" : \"0.00\"");
    }

    @Test
    void badInputIsOneLineOnStderrAndExitCode2() {
        CliRun tooPrecise = CliRun.of("split", "--vault", "enterprise-vault.sig", "--gross", "12.345",
                "--currency", "USD", "--registry", EXAMPLE);
        assertThat(tooPrecise.exitCode()).isEqualTo(2);
        assertThat(tooPrecise.err().strip()).isEqualTo("licensing: '12.345' has more decimals than USD allows (2)");

        CliRun unknownCurrency = CliRun.of("split", "--vault", "enterprise-vault.sig", "--gross", "1",
                "--currency", "XYZ", "--registry", EXAMPLE);
        assertThat(unknownCurrency.exitCode()).isEqualTo(2);
        assertThat(unknownCurrency.err()).contains("unknown currency 'XYZ'").doesNotContain("Exception", "\tat ");

        CliRun missingFlag = CliRun.of("split", "--vault", "enterprise-vault.sig");
        assertThat(missingFlag.exitCode()).isEqualTo(2);
        assertThat(missingFlag.err()).contains("Missing required options");
    }

    @Test
    void importListShowAndPostTwiceWithTheSameSourceId() {
        CliRun imported = run("vaults", "import", EXAMPLE, "--as-of", "2026-01-01");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("enterprise-vault.sig", "added", "5 added, 0 updated, 0 unchanged");

        assertThat(run("vaults", "list").out()).contains("agency-fork.sig", "enterprise_partner",
                "startup-vault.sig > individual-vault.sig");
        assertThat(run("vaults", "show", "startup-vault.sig").out()).contains("\"licenseType\": \"startup_partner\"",
                "versions:");

        String[] post = {"ledger", "post-payment", "--vault", "agency-fork.sig", "--gross", "500.00", "--currency",
                "USD", "--source-id", "pi_demo_1", "--as-of", "2026-03-01"};
        CliRun first = run(post);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("posted pi_demo_1");
        String balancesAfterFirst = run("ledger", "balances").out();

        CliRun second = run(post);
        assertThat(second.out()).startsWith("already posted pi_demo_1");
        assertThat(run("ledger", "balances").out()).isEqualTo(balancesAfterFirst);
        assertThat(balancesAfterFirst).contains("vault_pending:agency-fork.sig:USD", "platform_revenue");
    }

    @Test
    void releaseMovesEarningsToAvailableAfterTheHoldingPeriod() {
        run("vaults", "import", EXAMPLE, "--as-of", "2026-01-01");
        run("ledger", "post-payment", "--vault", "enterprise-vault.sig", "--gross", "1228.45", "--currency", "USD",
                "--source-id", "pi_hold", "--as-of", "2026-03-01T00:00:00Z");

        assertThat(run("ledger", "release", "--as-of", "2026-03-05").out()).startsWith("released 0");
        assertThat(run("ledger", "release", "--as-of", "2026-03-08").out()).startsWith("released 1");
        assertThat(run("ledger", "balances", "--vault", "enterprise-vault.sig", "--as-of", "2026-03-08").out())
                .contains("vault_available:enterprise-vault.sig:USD", "1013.90");
        assertThat(run("ledger", "balances", "--vault", "enterprise-vault.sig", "--as-of", "2026-03-02").out())
                .as("as of before the release, the money was still pending")
                .contains("vault_pending:enterprise-vault.sig:USD").doesNotContain("vault_available");
    }

    @Test
    void aFileMayNameReferrersAndParentsRegisteredEarlierAndExportRoundTrips() throws Exception {
        run("vaults", "import", EXAMPLE, "--as-of", "2026-01-01");
        Path exported = dataDir.resolve("exported.json");
        assertThat(run("vaults", "export", "-o", exported.toString()).exitCode()).isZero();
        assertThat(exported).hasSameTextualContentAs(Path.of(EXAMPLE));

        // agency-fork.sig alone, with a changed share: its parent and both referrers are only in the database.
        ObjectMapper json = new ObjectMapper();
        ObjectNode agency = (ObjectNode) json.readTree(Path.of(EXAMPLE).toFile()).get("agency-fork.sig");
        ((ObjectNode) agency.get("revenueSharing")).put("partnerShare", 86).put("masterVaultShare", 14);
        String agencyOnly = json.writeValueAsString(json.createObjectNode().set("agency-fork.sig", agency));
        Path partial = dataDir.resolve("agency.json");
        Files.writeString(partial, agencyOnly);

        CliRun run = run("vaults", "import", partial.toString(), "--as-of", "2026-02-01");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("agency-fork.sig", "updated", "version 2", "0 added, 1 updated");
    }

    @Test
    void aBrokenRegistryFileImportsNothing() throws Exception {
        Path broken = dataDir.resolve("broken.json");
        Files.writeString(broken, Files.readString(Path.of(EXAMPLE))
                .replaceFirst("\"masterVaultShare\": 15", "\"masterVaultShare\": 20"));

        CliRun run = run("vaults", "import", broken.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("masterVaultShare", "nothing was imported");
        assertThat(run("vaults", "list").out()).contains("no vaults registered");
    }

    @Test
    void auditVerifyNamesTheActivityEntryEditedInSql() {
        run("vaults", "import", EXAMPLE, "--as-of", "2026-01-01");
        for (int i = 1; i <= 3; i++) {
            run("ledger", "post-payment", "--vault", "enterprise-vault.sig", "--gross", i + "00.00", "--currency",
                    "USD", "--source-id", "pi_" + i, "--as-of", "2026-02-0" + i);
        }
        assertThat(run("audit", "verify").exitCode()).isZero();

        long seq = db.jdbi().withHandle(h -> h.createQuery("SELECT seq FROM activity_log WHERE source_id = 'pi_2'")
                .mapTo(Long.class).one());
        int edited = db.jdbi().withHandle(h -> h.createUpdate(
                "UPDATE activity_log SET payload = REPLACE(payload, '200.00', '2000.00') WHERE seq = :seq")
                .bind("seq", seq).execute());
        assertThat(edited).isOne();
        CliRun tampered = run("audit", "verify");

        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.err()).contains("entry " + seq + " was edited");
    }

    @Test
    void auditExportWritesTheSeedFileNameUnderTheDataDir() {
        run("vaults", "import", EXAMPLE, "--as-of", "2026-01-01");
        run("ledger", "post-payment", "--vault", "enterprise-vault.sig", "--gross", "10.00", "--currency", "USD",
                "--source-id", "pi_x", "--as-of", "2026-02-01");

        CliRun export = run("audit", "export");

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(dataDir.resolve("vault/logs/license-activity.json")).exists()
                .content().contains("\"pi_x\"", "payment.split");
    }
}
