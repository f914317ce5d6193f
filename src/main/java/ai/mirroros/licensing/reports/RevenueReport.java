package ai.mirroros.licensing.reports;

import java.util.List;
import java.util.Optional;

/**
 * A revenue report: for a period, the platform-wide totals per currency ({@code totals}) and, per vault and currency,
 * the same figures ({@code vaults}). For a report on one vault, {@code scope} names it and the totals are that vault's.
 * Rows are sorted by vault id, then currency code, so the same ledger always gives the same report.
 */
public record RevenueReport(ReportPeriod period, Optional<String> scope, List<RevenueFigures> totals,
                            List<RevenueFigures> vaults) {
    public RevenueReport {
        totals = List.copyOf(totals);
        vaults = List.copyOf(vaults);
    }

    /** The file name stem: {@code revenue-2026-Q3} or {@code revenue-2026-Q3-<vault>}. */
    public String fileStem() {
        return "revenue-" + period.label() + scope.map(v -> "-" + v).orElse("");
    }
}
