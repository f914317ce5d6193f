package ai.mirroros.licensing.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A revenue report as PDF: the totals per currency as a labelled list, then one line per vault and currency. The
 * first page carries the one generated-at line; everything else is a function of the ledger (see {@link ReportPdf}).
 */
public final class RevenuePdf {
    private static final float LINE = 13;
    private static final float TOP = ReportPdf.PAGE.getHeight() - ReportPdf.MARGIN;
    private static final float BOTTOM = ReportPdf.MARGIN + 20;
    private static final List<String> VAULT_COLUMNS = List.of("payments", "gross", "partner", "platform", "referrer",
            "refunded", "payouts_paid");

    private RevenuePdf() {
    }

    public static byte[] write(RevenueReport report, Clock clock) {
        String title = "Revenue report " + report.period().label() + report.scope().map(v -> " - vault " + v)
                .orElse(" - platform-wide");
        try (ReportPdf pdf = new ReportPdf(title, report.period().from())) {
            Pages pages = new Pages(pdf);
            pages.line(16, true, title);
            pages.line(9, false, "Period (UTC): " + report.period().from() + " (inclusive) to " + report.period().to()
                    + " (exclusive), by the entries' economic time.");
            pages.line(9, false, "Every figure is a sum of journal lines, checked against the payment table; "
                    + "see docs/REPORTS.md.");
            pages.line(9, false, "Generated " + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)
                    + " by MirrorOS Licensing");
            pages.gap();
            if (report.totals().isEmpty()) {
                pages.line(10, false, "No payments, adjustments or payouts in this period.");
            }
            for (RevenueFigures totals : report.totals()) {
                pages.line(12, true, "Totals in " + totals.currency().code());
                for (Map.Entry<String, String> c : totals.columns().entrySet()) {
                    pages.pair(c.getKey().replace('_', ' '), c.getValue());
                }
                pages.gap();
            }
            if (!report.vaults().isEmpty()) {
                pages.line(12, true, "Per vault");
                pages.row("vault", "ccy", VAULT_COLUMNS, true);
                for (RevenueFigures row : report.vaults()) {
                    pages.row(row.vaultId(), row.currency().code(), VAULT_COLUMNS.stream()
                            .map(c -> row.columns().get(c)).toList(), false);
                }
            }
            pages.close();
            return pdf.toBytes(RevenueCsv.write(report));
        }
    }

    /** Writes lines top to bottom, starting a new page when one is full. */
    private static final class Pages {
        private final ReportPdf pdf;
        private ReportPdf.Canvas canvas;
        private float y;

        Pages(ReportPdf pdf) {
            this.pdf = pdf;
            newPage();
        }

        private void newPage() {
            if (canvas != null) {
                canvas.close();
            }
            canvas = pdf.newPage();
            y = TOP;
        }

        private void advance(float height) {
            if (y - height < BOTTOM) {
                newPage();
            }
            y -= height;
        }

        void line(float size, boolean bold, String text) {
            advance(size + 5);
            canvas.text(ReportPdf.MARGIN, y, size, bold, text);
        }

        void pair(String label, String value) {
            advance(LINE);
            canvas.text(ReportPdf.MARGIN + 10, y, 9.5f, false, label);
            canvas.textRight(ReportPdf.MARGIN + 300, y, 9.5f, false, value);
        }

        void row(String vault, String currency, List<String> values, boolean header) {
            advance(LINE);
            float size = 7.5f;
            canvas.text(ReportPdf.MARGIN, y, size, header, vault.length() > 34 ? vault.substring(0, 33) + "~" : vault);
            canvas.text(ReportPdf.MARGIN + 150, y, size, header, currency);
            float right = ReportPdf.MARGIN + 215;
            for (String value : values) {
                canvas.textRight(right, y, size, header, header ? value.replace('_', ' ') : value);
                right += 53;
            }
        }

        void gap() {
            advance(6);
        }

        void close() {
            canvas.close();
        }
    }
}
