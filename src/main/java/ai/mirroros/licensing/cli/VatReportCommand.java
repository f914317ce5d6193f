package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.tax.Quarter;
import ai.mirroros.licensing.tax.VatReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code licensing reports vat}: the quarterly VAT/GST report of marketplace sales per jurisdiction.
 */
@Command(name = "vat", mixinStandardHelpOptions = true,
        description = {"VAT/GST on marketplace sales of a quarter, per jurisdiction (country; province for Canada), "
                + "rate and currency: sales, gross, refunds netted, taxable amount and tax, with a total per "
                + "currency that ties to the ledger. Figures are those recorded when each sale was posted; "
                + "refunds and lost disputes count in the quarter in which they happened.",
                "Rates: tax/vat-gst-rates.json, or LICENSING_TAX_RATES_FILE when set (read when payments are "
                        + "posted; see docs/TAX.md)."})
final class VatReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;

    @Option(names = "--quarter", required = true, paramLabel = "YYYY-QN", description = "The quarter, e.g. 2026-Q3 "
            + "(UTC, by sale time).")
    String quarter;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the report as CSV to FILE (same ledger, "
            + "same bytes).")
    Path csv;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Quarter q = Quarter.parse(quarter);
        PrintWriter out = spec.commandLine().getOut();
        try (LicensingApp app = store.openApp(Clock.systemUTC())) {
            VatReport.Report report = app.database().jdbi().inTransaction(handle -> VatReport.of(handle, q));
            if (csv != null) {
                byte[] bytes = VatReport.toCsv(report).getBytes(StandardCharsets.UTF_8);
                AtomicFile.write(csv, stream -> stream.write(bytes));
            }
            if (json) {
                out.println(app.json().writerWithDefaultPrettyPrinter().writeValueAsString(VatReport.toJson(report)));
            } else {
                print(out, report);
            }
            if (csv != null && !json) {
                out.println("wrote " + csv);
            }
        }
        return 0;
    }

    private static void print(PrintWriter out, VatReport.Report report) {
        out.printf("VAT/GST %s (marketplace sales, tax-inclusive prices)%n", report.quarter());
        if (report.rows().isEmpty()) {
            out.println("no marketplace sales in " + report.quarter());
            return;
        }
        String format = "%-12s %-16s %7s %-4s %6s %14s %12s %14s %12s%n";
        out.printf(format, "jurisdiction", "treatment", "rate %", "cur", "sales", "gross", "refunded", "taxable",
                "tax");
        for (VatReport.Row row : report.rows()) {
            VatReport.Key k = row.key();
            line(out, format, k.jurisdiction(), k.treatment().wireName(),
                    k.rateBp() == 0 ? "-" : java.math.BigDecimal.valueOf(k.rateBp(), 2).toPlainString(),
                    k.currency(), row.sums());
        }
        for (VatReport.Total total : report.totals()) {
            line(out, format, "TOTAL", "", "", total.currency(), total.sums());
            out.printf("  %s gross ties to the ledger: %s%n", total.currency(),
                    Money.ofMinor(total.ledgerGrossMinor(), total.currency()).toDecimalString());
        }
    }

    private static void line(PrintWriter out, String format, String jurisdiction, String treatment, String rate,
                             ai.mirroros.licensing.money.CurrencyUnit currency, VatReport.Sums s) {
        out.printf(format, jurisdiction, treatment, rate, currency.code(), s.sales(),
                Money.ofMinor(s.grossMinor(), currency).toDecimalString(),
                Money.ofMinor(s.reversedMinor(), currency).toDecimalString(),
                Money.ofMinor(s.taxableMinor(), currency).toDecimalString(),
                Money.ofMinor(s.taxMinor(), currency).toDecimalString());
    }
}
