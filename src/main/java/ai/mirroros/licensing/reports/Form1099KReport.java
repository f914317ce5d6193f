package ai.mirroros.licensing.reports;

import java.util.List;

/**
 * The 1099-K run of one calendar year: every US payee with USD payments in the year ({@code forms}, reportable or
 * not, sorted by payee id), the filer and threshold used, and report-level warnings (filer details missing, payments
 * in other currencies left out).
 */
public record Form1099KReport(int year, Filer filer, Threshold threshold, List<Form1099K> forms,
                              List<String> warnings) {
    public Form1099KReport {
        forms = List.copyOf(forms);
        warnings = List.copyOf(warnings);
    }

    public List<Form1099K> reportable() {
        return forms.stream().filter(Form1099K::reportable).toList();
    }

    /** Sum of box 1a over the reportable forms, in cents. */
    public long reportableGrossMinor() {
        return reportable().stream().mapToLong(Form1099K::grossMinor).sum();
    }

    public long reportableTransactions() {
        return reportable().stream().mapToLong(Form1099K::transactions).sum();
    }

    public String csvFileName() {
        return "1099k-" + year + ".csv";
    }

    public String pdfFileName(Form1099K form) {
        return "1099k-" + year + "-" + form.payeeId() + ".pdf";
    }
}
