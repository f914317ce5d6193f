package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's tour: {@code licensing demo seed}, then {@code licensing ledger balances}. */
class DemoCommandTest extends DatabaseTestSupport {
    @TempDir
    Path dataDir;

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @Test
    void seedThenLedgerBalancesShowsTheThreeVaultsAndASecondSeedIsRefused() {
        CliRun seeded = run("demo", "seed", "--months", "1", "--seed", "3", "--as-of", "2026-09-30T12:00:00Z");

        assertThat(seeded.exitCode()).as(seeded.err()).isZero();
        assertThat(seeded.out())
                .contains("demo seeded: 1 month from 2026-08-30T12:00:00Z to 2026-09-30T12:00:00Z (seed 3)")
                .contains("0 pending, 0 parked")
                .contains("ledger: the journal balances in USD (debits − credits = 0.00)")
                .contains("activity log intact")
                .containsPattern("stripe: the sandbox's platform balance \\d+\\.\\d\\d USD equals the ledger's "
                        + "stripe_clearing \\d+\\.\\d\\d USD")
                .containsPattern("enterprise-vault\\.sig +\\d+ +\\d+\\.\\d\\d")
                .containsPattern("startup-vault\\.sig +\\d+ +\\d+\\.\\d\\d")
                .containsPattern("individual-vault\\.sig +\\d+ +\\d+\\.\\d\\d")
                .contains("dashboard: run ./licensing serve")
                .containsPattern("enterprise-vault\\.sig +lic_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n");
        assertThat(run("keys", "list").out()).contains("enterprise-vault.sig").contains("demo dashboard")
                .doesNotContainPattern("lic_[0-9a-f]{12}_");

        CliRun taxProfile = run("partners", "tax-profile", "show", "individual-vault.sig");
        assertThat(taxProfile.exitCode()).as("the seed made the data key file itself").isZero();
        assertThat(taxProfile.out()).contains("Jordan Rivera", "ssn ***-**-1120", "***, Springfield, OR 97477, US")
                .doesNotContain("078-05-1120").doesNotContain("742 Evergreen");

        CliRun balances = run("ledger", "balances");
        assertThat(balances.exitCode()).isZero();
        assertThat(balances.out()).contains("vault_paid_out:enterprise-vault.sig:USD",
                "vault_pending:individual-vault.sig:USD", "referrer_pending:enterprise-vault.sig:USD",
                "referrer_pending:startup-vault.sig:USD", "platform_revenue::USD", "stripe_clearing::USD");

        CliRun again = run("demo", "seed", "--months", "1", "--seed", "3", "--as-of", "2026-09-30T12:00:00Z");
        assertThat(again.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(again.err()).startsWith("licensing: the database already holds data (")
                .contains("the demo seeds an empty one: give it a fresh --data-dir").hasLineCount(1);
    }

    @Test
    void badFlagsAreOneLineAndSeedNothing() {
        CliRun months = run("demo", "seed", "--months", "13");
        assertThat(months.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(months.err()).isEqualTo("licensing: --months must be 1 to 12, got 13\n");

        CliRun future = run("demo", "seed", "--as-of", "2999-01-01");
        assertThat(future.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(future.err()).startsWith("licensing: --as-of 2999-01-01T23:59:59.999999Z is in the future")
                .hasLineCount(1);

        assertThat(run("ledger", "balances").out()).isEqualTo("no balances\n");
    }
}
