package ai.mirroros.licensing.reports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk-filing CSV of a 1099-K run: one row per reportable form, with the FULL payee and filer TINs (this file is
 * for filing; it is written 0600 and never printed). A missing TIN is an empty {@code payee_tin} with
 * {@code tin_status} {@code TIN missing}. Months are UTC calendar months.
 */
public final class Form1099KCsv {
    static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec");

    private Form1099KCsv() {
    }

    public static List<String> header() {
        List<String> header = new ArrayList<>(List.of("tax_year", "payee_id", "payee_name", "payee_tin", "tin_status",
                "payee_address", "payee_country", "filer_name", "filer_tin", "filer_address", "filer_phone",
                "filer_type", "transaction_type", "box1a_gross", "box1b_card_not_present", "box3_transactions",
                "box4_federal_withheld"));
        char box = 'a';
        for (String month : MONTHS) {
            header.add("box5" + box++ + "_" + month);
        }
        header.add("warnings");
        return header;
    }

    public static String write(Form1099KReport report) {
        StringBuilder out = new StringBuilder(Csv.line(header()));
        for (Form1099K form : report.reportable()) {
            out.append(Csv.line(row(report, form)));
        }
        return out.toString();
    }

    public static byte[] bytes(Form1099KReport report) {
        return write(report).getBytes(StandardCharsets.UTF_8);
    }

    static List<String> row(Form1099KReport report, Form1099K form) {
        Filer filer = report.filer();
        List<String> fields = new ArrayList<>(List.of(Integer.toString(form.year()), form.payeeId(), form.legalName(),
                form.tin(), form.tinMissing() ? Form1099K.TIN_MISSING : "present",
                String.join(", ", form.addressLines()), form.country(), filer.name(), filer.tin().orElse(""),
                String.join(", ", filer.addressLines()), filer.phone().orElse(""), "PSE", "third_party_network",
                Form1099K.usd(form.grossMinor()), Form1099K.usd(form.cardNotPresentMinor()),
                Long.toString(form.transactions()), Form1099K.usd(0)));
        for (long month : form.monthsMinor()) {
            fields.add(Form1099K.usd(month));
        }
        fields.add(String.join("; ", form.warnings()));
        return fields;
    }
}
