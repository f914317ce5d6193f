package ai.mirroros.licensing.reports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A revenue report as CSV: one row per scope and currency. Scope {@code ALL} is the platform-wide total (or, for a
 * report on one vault, that vault's id); the rows after it are per vault. No generated-at line, so the file is a
 * pure function of the ledger.
 */
public final class RevenueCsv {
    /** The scope column of the platform-wide total rows. */
    public static final String ALL = "ALL";

    private RevenueCsv() {
    }

    public static List<String> header() {
        List<String> header = new ArrayList<>(List.of("period", "from_utc", "to_utc", "scope", "currency"));
        header.addAll(sample().columns().keySet());
        return header;
    }

    public static String write(RevenueReport report) {
        StringBuilder out = new StringBuilder(Csv.line(header()));
        for (RevenueFigures row : report.totals()) {
            out.append(row(report, report.scope().orElse(ALL), row));
        }
        for (RevenueFigures row : report.vaults()) {
            out.append(row(report, row.vaultId(), row));
        }
        return out.toString();
    }

    public static byte[] bytes(RevenueReport report) {
        return write(report).getBytes(StandardCharsets.UTF_8);
    }

    private static String row(RevenueReport report, String scope, RevenueFigures figures) {
        List<String> fields = new ArrayList<>(List.of(report.period().label(), report.period().from().toString(),
                report.period().to().toString(), scope, figures.currency().code()));
        fields.addAll(figures.columns().values());
        return Csv.line(fields);
    }

    private static RevenueFigures sample() {
        return new RevenueFigures.Accumulator("", ai.mirroros.licensing.money.CurrencyUnit.USD).figures();
    }
}
