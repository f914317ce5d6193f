package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.reports.Filer;
import ai.mirroros.licensing.reports.Form1099K;
import ai.mirroros.licensing.reports.Form1099KCsv;
import ai.mirroros.licensing.reports.Form1099KPdf;
import ai.mirroros.licensing.reports.Form1099KReport;
import ai.mirroros.licensing.reports.Form1099KReports;
import ai.mirroros.licensing.reports.TaxProfileIdentities;
import ai.mirroros.licensing.reports.ReportPeriod;
import ai.mirroros.licensing.reports.RevenueCsv;
import ai.mirroros.licensing.reports.RevenueFigures;
import ai.mirroros.licensing.reports.RevenuePdf;
import ai.mirroros.licensing.reports.RevenueReport;
import ai.mirroros.licensing.reports.RevenueReports;
import ai.mirroros.licensing.reports.Threshold;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licensing reports …}: tax and revenue reports read from the ledger (docs/REPORTS.md). */
@Command(name = "reports", mixinStandardHelpOptions = true,
        description = "Tax and revenue reports from the ledger: revenue per quarter or year, Form 1099-K per US payee, "
                + "VAT/GST per jurisdiction and quarter.",
        subcommands = {ReportsCommand.Revenue.class, ReportsCommand.Form1099KCommand.class,
                VatReportCommand.class})
final class ReportsCommand extends CommandGroup {
    /** Exit code of a 1099-K run whose forms were written but cannot be filed as they are (TIN missing). */
    static final int EXIT_INCOMPLETE = LicensingCli.EXIT_FAILURE;

    @Command(name = "revenue", mixinStandardHelpOptions = true,
            description = {"Revenue report for a quarter or a year: gross, processing fees, partner, platform and "
                    + "referrer totals, refunds, disputes and payouts paid, per currency; platform-wide with one row "
                    + "per vault, or for one vault. Periods are UTC; every figure is a sum of journal lines.",
                    "Writes DIR/revenue-<period>[-<vault>].csv and .pdf."})
    static final class Revenue extends TimedDatabaseCommand {
        @Option(names = "--quarter", paramLabel = "YYYY-Qn", description = "A calendar quarter, e.g. 2026-Q3.")
        String quarter;

        @Option(names = "--year", paramLabel = "YYYY", description = "A calendar year, e.g. 2026.")
        String year;

        @Option(names = "--vault", paramLabel = "ID", description = "Only this vault (default: platform-wide).")
        String vault;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write to.")
        Path out;

        @Option(names = "--format", paramLabel = "FORMATS", split = ",", defaultValue = "csv,pdf",
                description = "csv, pdf or both (default: ${DEFAULT-VALUE}).")
        List<String> formats;

        @Override
        public Integer call() throws IOException {
            ReportPeriod period = period(quarter, year);
            Set<String> wanted = formats(formats);
            Path dir = outputDirectory(out);
            try (LicensingApp app = store.openApp(asOf.clock())) {
                PrintWriter err = spec.commandLine().getErr();
                RevenueReports reports = new RevenueReports(app.database());
                if (vault != null) {
                    reports.requireKnownVault(vault);
                }
                RevenueReport report;
                try (ProgressBar bar = EventsCommand.progressBar(err, "entries", 0)) {
                    report = reports.build(period, Optional.ofNullable(vault),
                            new RevenueReports.Progress() {
                                @Override
                                public void entries(long total) {
                                    bar.maxHint(total);
                                }

                                @Override
                                public void entryRead() {
                                    bar.step();
                                }
                            });
                }
                err.println();
                List<Path> written = new ArrayList<>();
                if (wanted.contains("csv")) {
                    written.add(writePrivate(dir.resolve(report.fileStem() + ".csv"), RevenueCsv.bytes(report)));
                }
                if (wanted.contains("pdf")) {
                    written.add(writePrivate(dir.resolve(report.fileStem() + ".pdf"),
                            RevenuePdf.write(report, app.clock())));
                }
                printSummary(out(), report, written);
            }
            return 0;
        }

        private static void printSummary(PrintWriter out, RevenueReport report, List<Path> written) {
            out.println("revenue " + report.period().label() + " (" + report.period().from() + " to "
                    + report.period().to() + ", UTC) " + report.scope().map(v -> "vault " + v)
                    .orElse("platform-wide: " + report.vaults().size() + " vault rows") + ", ties to the ledger");
            if (report.totals().isEmpty()) {
                out.println("  no payments, adjustments or payouts in this period");
            }
            for (RevenueFigures t : report.totals()) {
                var c = t.columns();
                out.println("  " + t.currency().code() + ": " + c.get("payments") + " payments, gross "
                        + c.get("gross") + ", fees " + c.get("processing_fees") + ", partner " + c.get("partner")
                        + ", platform " + c.get("platform") + ", referrer " + c.get("referrer") + ", refunded "
                        + c.get("refunded") + ", disputes lost " + c.get("disputes_lost") + ", payouts paid "
                        + c.get("payouts_paid") + (report.scope().isPresent() ? ", referral earned "
                        + c.get("referral_earned") : ""));
            }
            written.forEach(path -> out.println("  wrote " + path));
        }
    }

    @Command(name = "1099k", mixinStandardHelpOptions = true,
            description = {"Form 1099-K per US payee for a calendar year (UTC): gross payments per month and for the "
                    + "year (USD, unadjusted for refunds), number of transactions, payee name/TIN/address from the "
                    + "tax profiles, filer from LICENSING_FILER_* or the --filer-* flags.",
                    "Writes DIR/1099k-<year>-<payee>.pdf per reportable payee and DIR/1099k-<year>.csv for bulk "
                    + "filing, both with the FULL TIN and mode 0600; the summary printed here masks TINs.",
                    "Exit 1 when a reportable form has no TIN (the forms are still written, TIN blank)."})
    static final class Form1099KCommand extends TimedDatabaseCommand {
        @Mixin
        DataKeyOptions dataKeys;

        @Option(names = "--year", paramLabel = "YYYY", required = true, description = "The tax year, e.g. 2026.")
        String year;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write to.")
        Path out;

        @Option(names = "--threshold", paramLabel = "all",
                description = "'all': report every US payee with a payment (states that require it).")
        String threshold;

        @Option(names = "--threshold-amount", paramLabel = "USD",
                description = "Report from this gross (inclusive; default 20000.00).")
        String thresholdAmount;

        @Option(names = "--threshold-count", paramLabel = "N",
                description = "...and from this many transactions (inclusive; default 200).")
        Long thresholdCount;

        @Option(names = "--filer-name", defaultValue = "${env:LICENSING_FILER_NAME}",
                description = "Filer (PSE) legal name (env LICENSING_FILER_NAME).")
        String filerName;

        @Option(names = "--filer-tin", defaultValue = "${env:LICENSING_FILER_TIN}",
                description = "Filer TIN/EIN (env LICENSING_FILER_TIN).")
        String filerTin;

        @Option(names = "--filer-address", defaultValue = "${env:LICENSING_FILER_ADDRESS}",
                description = "Filer address, lines separated by | (env LICENSING_FILER_ADDRESS).")
        String filerAddress;

        @Option(names = "--filer-phone", defaultValue = "${env:LICENSING_FILER_PHONE}",
                description = "Filer telephone number (env LICENSING_FILER_PHONE).")
        String filerPhone;

        @Override
        public Integer call() throws IOException {
            int taxYear = ReportPeriod.year(year).startYear();
            Threshold rule = Threshold.parse(threshold, thresholdAmount, thresholdCount);
            Path dir = outputDirectory(out);
            Filer filer = Filer.of(filerName, filerTin, filerAddress, filerPhone);
            PrintWriter err = spec.commandLine().getErr();
            try (LicensingApp app = store.openApp(asOf.clock())) {
                Form1099KReport report;
                try (ProgressBar bar = EventsCommand.progressBar(err, "payees", 0)) {
                    TaxProfileIdentities identities = new TaxProfileIdentities(app.taxProfiles(
                            dataKeys.ring(store.dataDir())));
                    report = new Form1099KReports(app.database(), identities)
                            .build(taxYear, rule, filer, new Form1099KReports.Progress() {
                                @Override
                                public void payees(long total) {
                                    bar.maxHint(total);
                                }

                                @Override
                                public void payeeDone() {
                                    bar.step();
                                }
                            });
                }
                err.println();
                List<Path> written = new ArrayList<>();
                try (ProgressBar bar = EventsCommand.progressBar(err, "forms", report.reportable().size())) {
                    for (Form1099K form : report.reportable()) {
                        written.add(writePrivate(dir.resolve(report.pdfFileName(form)),
                                Form1099KPdf.write(report, form, app.clock())));
                        bar.step();
                    }
                }
                err.println();
                written.add(writePrivate(dir.resolve(report.csvFileName()), Form1099KCsv.bytes(report)));
                printSummary(out(), report, written);
                report.warnings().forEach(w -> err.println("licensing: warning: " + w));
                long missing = report.reportable().stream().filter(Form1099K::tinMissing).count();
                if (missing > 0) {
                    err.println("licensing: warning: " + missing + " reportable form(s) have no payee TIN ("
                            + Form1099K.TIN_MISSING + "); collect W-9s before filing");
                    err.flush();
                    return EXIT_INCOMPLETE;
                }
                err.flush();
            }
            return 0;
        }

        private static void printSummary(PrintWriter out, Form1099KReport report, List<Path> written) {
            out.println("1099-K " + report.year() + ": " + report.reportable().size() + " reportable of "
                    + report.forms().size() + " US payees with USD payments (threshold: "
                    + report.threshold().describe() + "); gross $" + Form1099K.usd(report.reportableGrossMinor())
                    + " in " + report.reportableTransactions() + " transactions");
            for (Form1099K form : report.forms()) {
                out.println(String.format(Locale.ROOT, "  %-28s %-12s %-28s gross %12s  %5d tx  %s%s",
                        form.payeeId(), form.maskedTin(), form.legalName().isEmpty() ? "(name missing)"
                                : form.legalName(), Form1099K.usd(form.grossMinor()), form.transactions(),
                        form.reportable() ? "reportable" : "below threshold",
                        form.warnings().isEmpty() ? "" : " [" + String.join("; ", form.warnings()) + "]"));
            }
            written.forEach(path -> out.println("  wrote " + path));
        }
    }

    static ReportPeriod period(String quarter, String year) {
        if ((quarter == null) == (year == null)) {
            throw new LicensingException("invalid_period", "give exactly one of --quarter 2026-Q3 or --year 2026");
        }
        return quarter != null ? ReportPeriod.quarter(quarter) : ReportPeriod.year(year);
    }

    private static Set<String> formats(List<String> formats) {
        Set<String> wanted = new java.util.TreeSet<>();
        for (String f : formats) {
            String format = f.strip().toLowerCase(Locale.ROOT);
            if (!format.equals("csv") && !format.equals("pdf")) {
                throw new LicensingException("invalid_format", "format '" + f + "' is not csv or pdf");
            }
            wanted.add(format);
        }
        return wanted;
    }

    /** The output directory, created if missing; a clear error when it cannot be written. */
    static Path outputDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LicensingException("out_dir_not_writable", "output directory " + dir + " is not a writable "
                    + "directory (it is a file)");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new LicensingException("out_dir_not_writable", "cannot create output directory " + dir
                    + ": permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw new LicensingException("out_dir_not_writable", "cannot create output directory " + dir + ": "
                    + (e.getReason() != null ? e.getReason() : "file system error"));
        } catch (IOException | SecurityException e) {
            throw new LicensingException("out_dir_not_writable", "cannot create output directory " + dir + ": "
                    + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new LicensingException("out_dir_not_writable", "output directory " + dir + " is not a writable "
                    + "directory");
        }
        return dir;
    }

    /**
     * Writes a report file whole or not at all, readable by its owner only (0600): tax forms carry full TINs, and
     * revenue figures are confidential too.
     */
    static Path writePrivate(Path target, byte[] content) throws IOException {
        AtomicFile.writePrivate(target, out -> out.write(content));
        return target;
    }
}
