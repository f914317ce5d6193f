package ai.mirroros.licensing.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One payee's Form 1099-K as a PDF laid out like the form: filer and payee boxes on the left, the PSE and
 * transaction-type check boxes and boxes 1a-8 on the right. This is the filer's copy: it carries the FULL payee TIN
 * (written 0600); previews elsewhere mask it. A missing TIN leaves the box blank and prints "TIN missing" under it.
 */
public final class Form1099KPdf {
    private static final float LEFT = ReportPdf.MARGIN;
    private static final float MID = 316;
    private static final float RIGHT = 572;
    /** What fits on one line of a half-page box at the labels' 6.5 pt. */
    private static final int LABEL_CHARS_MAX = 78;
    private static final String[] MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};

    private Form1099KPdf() {
    }

    public static byte[] write(Form1099KReport report, Form1099K form, Clock clock) {
        String title = "Form 1099-K " + form.year() + " - " + form.payeeId();
        try (ReportPdf pdf = new ReportPdf(title, ReportPeriod.year(form.year()).from())) {
            try (ReportPdf.Canvas c = pdf.newPage()) {
                header(c, form);
                filerAndPayee(c, report.filer(), form);
                boxes(c, form);
                c.text(LEFT, 60, 8, false, "Generated " + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)
                        + " by MirrorOS Licensing from the ledger (gross, unadjusted for refunds; UTC months).");
            }
            return pdf.toBytes(String.join("\u001f", Form1099KCsv.row(report, form)));
        }
    }

    private static void header(ReportPdf.Canvas c, Form1099K form) {
        c.text(LEFT, 742, 14, true, "Form 1099-K");
        c.text(LEFT + 95, 742, 11, false, "Payment Card and Third Party Network Transactions");
        c.text(RIGHT - 90, 742, 14, true, "Tax year " + form.year());
        c.text(LEFT, 728, 8, false, "Filer's copy for filing, prepared from the ledger by MirrorOS Licensing. "
                + "Not the official scannable IRS form.");
    }

    private static void filerAndPayee(ReportPdf.Canvas c, Filer filer, Form1099K form) {
        float top = 715;
        labelled(c, LEFT, top - 100, MID - LEFT, 100, "FILER'S name, street address, city or town, state or "
                + "province, country, ZIP or foreign postal code, and telephone no.", lines(filer.name(),
                filer.addressLines(), filer.phone().orElse("")));
        float half = (MID - LEFT) / 2;
        labelled(c, LEFT, top - 140, half, 40, "FILER'S TIN", List.of(filer.tin().orElse("")));
        labelled(c, LEFT + half, top - 140, half, 40, "PAYEE'S TIN", List.of(form.tin()));
        if (form.tinMissing()) {
            c.text(LEFT + half + 4, top - 136, 8, true, Form1099K.TIN_MISSING);
        }
        labelled(c, LEFT, top - 180, MID - LEFT, 40, "PAYEE'S name", List.of(form.legalName()));
        labelled(c, LEFT, top - 250, MID - LEFT, 70, "Street address (including apt. no.), city or town, state or "
                + "province, country, and ZIP", form.addressLines());
        labelled(c, LEFT, top - 290, MID - LEFT, 40, "Account number (see instructions)",
                List.of(form.payeeId()));
    }

    private static List<String> lines(String first, List<String> middle, String last) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.add(last);
        return all;
    }

    private static void boxes(ReportPdf.Canvas c, Form1099K form) {
        float top = 715;
        float width = RIGHT - MID;
        c.box(MID, top - 60, width, 60);
        c.text(MID + 4, top - 12, 7, false, "Check to indicate if FILER is a (an):");
        c.checkBox(MID + 8, top - 26, true, "Payment settlement entity (PSE)");
        c.checkBox(MID + 8, top - 38, false, "Electronic Payment Facilitator (EPF)/Other third party");
        c.text(MID + 4, top - 50, 7, false, "Transactions reported:");
        c.checkBox(MID + 90, top - 52, false, "Payment card");
        c.checkBox(MID + 160, top - 52, true, "Third party network");
        float y = top - 60;
        amount(c, MID, y - 36, width, 36, "1a Gross amount of payment card/third party network transactions",
                "$" + Form1099K.usd(form.grossMinor()));
        amount(c, MID, y - 72, width / 2, 36, "1b Card not present transactions",
                "$" + Form1099K.usd(form.cardNotPresentMinor()));
        amount(c, MID + width / 2, y - 72, width / 2, 36, "2 Merchant category code", "");
        amount(c, MID, y - 108, width / 2, 36, "3 Number of payment transactions", Long.toString(form.transactions()));
        amount(c, MID + width / 2, y - 108, width / 2, 36, "4 Federal income tax withheld", "$" + Form1099K.usd(0));
        float monthTop = y - 108;
        for (int i = 0; i < 12; i++) {
            int row = i / 2;
            float x = MID + (i % 2) * width / 2;
            amount(c, x, monthTop - 30 * (row + 1), width / 2, 30, "5" + (char) ('a' + i) + " " + MONTH_NAMES[i],
                    "$" + Form1099K.usd(form.monthsMinor().get(i)));
        }
        float stateTop = monthTop - 180;
        amount(c, MID, stateTop - 36, width / 3, 36, "6 State", "");
        amount(c, MID + width / 3, stateTop - 36, width / 3, 36, "7 State identification no.", "");
        amount(c, MID + 2 * width / 3, stateTop - 36, width / 3, 36, "8 State income tax withheld", "");
        if (!form.warnings().isEmpty()) {
            c.text(LEFT, stateTop - 60, 9, true, "Before filing: " + String.join("; ", form.warnings()));
        }
    }

    private static void labelled(ReportPdf.Canvas c, float x, float y, float w, float h, String label,
                                 List<String> values) {
        c.box(x, y, w, h);
        float line = y + h - 9;
        for (String part : wrap(label, LABEL_CHARS_MAX)) {
            c.text(x + 4, line, 6.5f, false, part);
            line -= 8;
        }
        line -= 4;
        for (String value : values) {
            if (!value.isEmpty()) {
                c.text(x + 6, line, 9.5f, false, value);
                line -= 11;
            }
        }
    }

    /** Splits a label into lines of at most {@code max} characters at spaces (a longer word gets a line of its own). */
    static List<String> wrap(String text, int max) {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!current.isEmpty() && current.length() + 1 + word.length() > max) {
                lines.add(current.toString());
                current.setLength(0);
            }
            if (!current.isEmpty()) {
                current.append(' ');
            }
            current.append(word);
        }
        if (!current.isEmpty()) {
            lines.add(current.toString());
        }
        return lines;
    }

    /** A numbered box {@code h} points high with its label at the top and its value bottom right. */
    private static void amount(ReportPdf.Canvas c, float x, float y, float w, float h, String label, String value) {
        c.box(x, y, w, h);
        c.text(x + 4, y + h - 9, 6.5f, false, label);
        c.textRight(x + w - 6, y + 5, 10, true, value);
    }
}
