package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing tiers status|roi} and {@code licensing analytics show|spend}, as an operator runs them. */
class TiersAndAnalyticsCliTest extends DatabaseTestSupport {
    private static final String VAULT = "individual-vault.sig";

    @TempDir
    Path dataDir;

    @BeforeEach
    void history() {
        LicensingApp app = LicensingApp.over(db, Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        app.payments().post(new PaymentEvent("p1", VAULT, Money.parse("6000.00", "USD"), Optional.empty(),
                Instant.parse("2026-10-05T10:00:00Z")));
        app.payments().post(new PaymentEvent("p2", VAULT, Money.parse("4500.00", "USD"), Optional.empty(),
                Instant.parse("2026-10-06T10:00:00Z")));
    }

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @Test
    void statusShowsTheUpgradeAndWhatIsLeftToTheNextTier() {
        CliRun status = run("tiers", "status", VAULT, "--as-of", "2026-10-20");

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("startup_partner").contains("10500.00 USD")
                .contains("enterprise_partner at 50000.00 USD (39500.00 USD to go)")
                .contains("downgrade policy: never");
    }

    @Test
    void theUpgradeCalculatorComparesWithTheNextTier() {
        CliRun roi = run("tiers", "roi", "startup-vault.sig", "--as-of", "2026-10-31");
        CliRun individual = run("tiers", "roi", VAULT, "--as-of", "2026-10-05T12:00:00Z", "--months", "1");

        assertThat(roi.exitCode()).isZero();
        assertThat(roi.out()).contains("startup_partner → enterprise_partner").contains("0 payments");
        assertThat(individual.exitCode()).isZero();
        assertThat(individual.out()).contains("individual_partner → startup_partner").contains("1 payments")
                .contains("gross 6000.00 USD");
    }

    @Test
    void analyticsPrintsTheStreamsAndRecordedSpend() {
        CliRun spend = run("analytics", "spend", VAULT, "--month", "2026-10", "--amount", "250.00");
        CliRun show = run("analytics", "show", VAULT, "--as-of", "2026-10-31");
        CliRun json = run("analytics", "show", VAULT, "--from", "2026-10-01", "--to", "2026-11-01", "--json");

        assertThat(spend.exitCode()).isZero();
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("2026-10    10500.00 USD").contains("acquisition spend 250.00 USD");
        assertThat(json.out()).contains("\"acquisitionSpend\" : \"250.00\"").contains("\"currency\" : \"USD\"");
    }

    @Test
    void badInputIsOneClearLineAndWritesNothing() {
        CliRun month = run("analytics", "spend", VAULT, "--month", "October", "--amount", "5");
        CliRun top = run("tiers", "roi", "premium-enterprise-vault.sig");
        CliRun period = run("analytics", "show", VAULT, "--from", "2026-10-02", "--to", "2026-10-01");

        assertThat(month.exitCode()).isNotZero();
        assertThat(month.err()).contains("'October' is not a month such as 2026-10").doesNotContain("Exception");
        assertThat(top.err()).contains("the highest tier");
        assertThat(period.err()).contains("--from must be before --to");
        long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM acquisition_spend")
                .mapTo(Long.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void aPlatformTermsFileWithAnUnknownPolicyIsRefusedClearly() throws Exception {
        Files.writeString(dataDir.resolve("platform-terms.json"), "{\"downgradePolicy\": \"sometimes\"}");

        CliRun status = run("tiers", "status");

        assertThat(status.exitCode()).isNotZero();
        assertThat(status.err()).contains("downgradePolicy must be \"never\" or \"after_month_below_threshold\"");
    }
}
