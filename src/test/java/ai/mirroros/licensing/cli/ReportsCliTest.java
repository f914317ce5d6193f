package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.reports.SeededLedger;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code licensing reports …} after a demo seed, as the README shows it: the 1099-K files (identities from the
 * sealed tax profiles, opened with the seed's data key) and their masked summary,
 * the revenue report's files, the same bytes on a second run, and one clear line for every bad input.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class ReportsCliTest {
    private static final String AS_OF = "2027-01-15T09:30:00Z";
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dataDir;
    @TempDir
    Path out;
    private Database db;

    @BeforeEach
    void seeded() {
        db = SeededLedger.of(kind);
    }

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @Test
    void the1099kRunWritesAPdfPerReportablePayeeAndACsvAndPrintsMaskedTins() throws Exception {
        String keys = "--data-key-file=" + SeededLedger.KEY_FILE;
        CliRun run = run("reports", "1099k", "--year", "2026", "--out", out.toString(), "--as-of", AS_OF,
                "--threshold", "all", keys, "--filer-name", "MirrorOS Inc.", "--filer-tin", "98-7654321",
                "--filer-address", "1 Market St");
        List<String> us = usPayees();
        assertThat(us).containsExactly("enterprise-vault.sig", "individual-vault.sig");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).as("names and masked TINs from the tax profiles; the German GmbH is not a US payee")
                .contains("1099-K 2026: 2 reportable of 2 US payees", "enterprise-vault.sig", "**-***6789",
                        "Enterprise Vault Inc.", "individual-vault.sig", "***-**-1120", "Jordan Rivera")
                .doesNotContain("12-3456789", "078-05-1120", "98-7654321", "startup-vault.sig", "TIN missing");
        List<String> expected = new java.util.ArrayList<>(us.stream().map(p -> "1099k-2026-" + p + ".pdf").toList());
        expected.add("1099k-2026.csv");
        assertThat(files(out)).containsExactlyElementsOf(expected);
        for (String file : files(out)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        String csvText = Files.readString(out.resolve("1099k-2026.csv"));
        assertThat(csvText).as("the filing CSV carries the full TINs").contains(",12-3456789,present,",
                ",078-05-1120,present,");
        List<String> csv = csvText.lines().toList();
        assertThat(csv).hasSize(1 + us.size());
        long gross = 0;
        for (String row : csv.subList(1, csv.size())) {
            List<String> fields = List.of(row.split(",", -1));
            gross += Long.parseLong(fields.get(fields.indexOf("third_party_network") + 1).replace(".", ""));
        }
        String total = ai.mirroros.licensing.money.Money.ofMinor(gross, "USD").toDecimalString();
        assertThat(run.out()).as("the CSV adds up to the summary's gross").contains("gross $" + total + " in ");

        byte[] pdf = Files.readAllBytes(out.resolve("1099k-2026-enterprise-vault.sig.pdf"));
        Path again = Files.createDirectory(out.resolve("again"));
        run("reports", "1099k", "--year", "2026", "--out", again.toString(), "--as-of", AS_OF, "--threshold", "all",
                keys, "--filer-name", "MirrorOS Inc.", "--filer-tin", "98-7654321", "--filer-address", "1 Market St");
        assertThat(Files.readAllBytes(again.resolve("1099k-2026-enterprise-vault.sig.pdf"))).isEqualTo(pdf);
        assertThat(Files.readAllBytes(again.resolve("1099k-2026.csv")))
                .isEqualTo(Files.readAllBytes(out.resolve("1099k-2026.csv")));

        Path federal = Files.createDirectory(out.resolve("federal"));
        CliRun byDefault = run("reports", "1099k", "--year", "2026", "--out", federal.toString(), keys);
        assertThat(byDefault.out()).contains("(threshold: $20000.00 and 200 transactions)");
        long reportable = byDefault.out().lines().filter(l -> l.contains(" reportable")).count() - 1;
        assertThat(files(federal)).as("one PDF per reportable payee, and the CSV").hasSize((int) reportable + 1);
    }

    @Test
    void theRevenueReportWritesCsvAndPdfForAQuarterOrOneVaultsYear() throws Exception {
        CliRun run = run("reports", "revenue", "--quarter", "2026-Q4", "--out", out.toString(), "--as-of", AS_OF);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("revenue 2026-Q4 (2026-10-01T00:00:00Z to 2027-01-01T00:00:00Z, UTC) "
                + "platform-wide: 3 vault rows, ties to the ledger", "USD: ");
        assertThat(files(out)).containsExactly("revenue-2026-Q4.csv", "revenue-2026-Q4.pdf");
        CliRun vault = run("reports", "revenue", "--year", "2026", "--vault", "startup-vault.sig", "--format", "csv",
                "--out", out.toString());
        assertThat(vault.exitCode()).as(vault.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("revenue-2026-startup-vault.sig.csv"))).hasSize(2);
    }

    @Test
    void badInputIsOneLineOnStderrAndExitCode2() throws Exception {
        Path file = Files.writeString(out.resolve("a-file"), "x");
        List<List<String>> cases = List.of(
                List.of("revenue", "--quarter", "2026-Q5", "--out", out.toString()),
                List.of("revenue", "--quarter", "2026-Q3", "--year", "2026", "--out", out.toString()),
                List.of("revenue", "--out", out.toString()),
                List.of("revenue", "--year", "26", "--out", out.toString()),
                List.of("revenue", "--year", "2026", "--vault", "no-such-vault", "--out", out.toString()),
                List.of("revenue", "--year", "2026", "--out", file.toString()),
                List.of("revenue", "--year", "2026", "--format", "xlsx", "--out", out.toString()),
                List.of("1099k", "--year", "2026", "--threshold", "some", "--out", out.toString()),
                List.of("1099k", "--year", "2026", "--threshold-amount", "lots", "--out", out.toString()),
                List.of("1099k", "--year", "2026", "--out", file.resolve("sub").toString()));
        List<String> expected = List.of("quarter '2026-Q5' is not like 2026-Q3", "give exactly one of --quarter",
                "give exactly one of --quarter", "year '26' is not a four-digit year",
                "vault 'no-such-vault' is not registered", "is not a writable directory", "format 'xlsx' is not csv",
                "threshold 'some' is not 'all'", "threshold amount 'lots' is not a USD amount",
                "cannot create output directory");
        for (int i = 0; i < cases.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("reports"));
            args.addAll(cases.get(i));
            CliRun run = run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("licensing: ").contains(expected.get(i))
                    .doesNotContain("Exception", "\tat ");
            assertThat(run.err().strip().lines()).hasSize(1);
        }
        assertThat(files(out)).containsExactly("a-file");
    }

    /** Payees with payments whose payout account is in the US (the demo's cast decides which). */
    private List<String> usPayees() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT payee_id FROM payee WHERE country = 'US'
                          AND payee_id IN (SELECT vault_id FROM payment) ORDER BY payee_id""")
                .mapTo(String.class).list());
    }

    private static List<String> files(Path dir) throws Exception {
        try (var list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
