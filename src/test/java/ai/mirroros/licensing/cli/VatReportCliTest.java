package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing reports vat --quarter …}: a table, JSON, and a CSV that is the same bytes on every run. */
class VatReportCliTest extends DatabaseTestSupport {
    private static final String VAULT = "premium-enterprise-vault.sig";

    @TempDir
    Path dataDir;

    @BeforeEach
    void sales() {
        LicensingApp app = LicensingApp.over(db, Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        sale(app, "s1", "119.00", "DE", "2026-08-05T10:00:00Z");
        sale(app, "s2", "12.00", "GB", "2026-09-30T23:59:59Z");
        sale(app, "s3", "50.00", "DE", "2026-10-01T00:00:00Z");
    }

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @Test
    void theQuarterIsPrintedPerJurisdictionWithATotalThatTiesToTheLedger() {
        CliRun table = run("reports", "vat", "--quarter", "2026-Q3");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("VAT/GST 2026-Q3").containsPattern("DE\\s+taxed\\s+19\\.00\\s+EUR\\s+1\\s+"
                + "119\\.00\\s+0\\.00\\s+100\\.00\\s+19\\.00").containsPattern("GB\\s+taxed\\s+20\\.00\\s+EUR\\s+1\\s+"
                + "12\\.00\\s+0\\.00\\s+10\\.00\\s+2\\.00").containsPattern("TOTAL\\s+EUR\\s+2\\s+131\\.00")
                .contains("EUR gross ties to the ledger: 131.00");
    }

    @Test
    void theCsvIsWrittenDeterministicallyAndJsonUsesDecimalStrings() throws Exception {
        Path first = dataDir.resolve("vat-1.csv");
        Path second = dataDir.resolve("vat-2.csv");

        CliRun a = run("reports", "vat", "--quarter", "2026-q3", "--csv", first.toString());
        CliRun b = run("reports", "vat", "--quarter", "2026-Q3", "--csv", second.toString(), "--json");

        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readString(first)).contains("2026-Q3,TOTAL,,,,,,EUR,2,131.00,0.00,131.00,110.00,21.00\n");
        assertThat(b.out()).contains("\"quarter\" : \"2026-Q3\"").contains("\"tax\" : \"19.00\"")
                .contains("\"ledgerGross\" : \"131.00\"");
    }

    @Test
    void aBadQuarterIsOneClearLineAndExitCode2() {
        CliRun bad = run("reports", "vat", "--quarter", "2026-Q5");

        assertThat(bad.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(bad.err().strip()).contains("2026-Q5").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void anEmptyQuarterSaysSo() {
        CliRun empty = run("reports", "vat", "--quarter", "2025-Q1");

        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("no marketplace sales in 2025-Q1");
    }

    private static void sale(LicensingApp app, String id, String gross, String country, String at) {
        app.payments().post(new PaymentEvent(id, VAULT, Money.parse(gross, "EUR"), Optional.empty(), Instant.parse(at),
                new PaymentOrigin(List.of("pi_" + id), Optional.of("template"), Map.of(PaymentOrigin.VAULT_ID, VAULT,
                        PaymentOrigin.PRODUCT_TYPE, "template", PaymentOrigin.CUSTOMER_COUNTRY, country),
                        Optional.empty(), Optional.empty())));
    }
}
