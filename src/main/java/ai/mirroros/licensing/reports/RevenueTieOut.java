package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.money.CurrencyUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The checks a revenue report passes before anyone sees it. The figures come from journal lines; the payment table
 * holds the same split in its own columns, written in the same transaction: if the two disagree, the report says
 * so loudly instead of printing either.
 */
final class RevenueTieOut {
    private RevenueTieOut() {
    }

    /** Thrown when a report does not tie: a bug or a corrupt journal, never a user error. */
    static final class ReportDoesNotTie extends IllegalStateException {
        ReportDoesNotTie(String message) {
            super(message);
        }
    }

    static void check(Handle handle, RevenueReport report) {
        for (RevenueFigures row : report.totals()) {
            require(row.ties(), "totals in " + row.currency() + " break the double-entry identities: " + row);
            require(report.scope().isPresent() || row.referralEarnedMinor() == row.referrerNetMinor(),
                    "platform-wide, referral earned must equal referrer net in " + row.currency() + ": " + row);
        }
        for (RevenueFigures row : report.vaults()) {
            require(row.ties(), "vault " + row.vaultId() + " in " + row.currency() + " breaks the identities: " + row);
        }
        if (report.scope().isEmpty()) {
            checkVaultsAddUp(report);
        }
        checkAgainstPaymentTable(handle, report);
    }

    private static void checkVaultsAddUp(RevenueReport report) {
        for (RevenueFigures total : report.totals()) {
            Map<String, Long> sum = new HashMap<>();
            report.vaults().stream().filter(v -> v.currency().equals(total.currency()))
                    .forEach(v -> v.columns().forEach((name, value) ->
                            sum.merge(name, minor(value), Long::sum)));
            total.columns().forEach((name, value) -> require(sum.getOrDefault(name, 0L) == minor(value),
                    "vault rows' " + name + " add up to " + sum.get(name) + " minor units, total says " + value
                            + " " + total.currency()));
        }
    }

    private record PaymentSums(long count, long gross, long fee, long partner, long master, long referrer) {
    }

    private static void checkAgainstPaymentTable(Handle handle, RevenueReport report) {
        Map<String, PaymentSums> table = new HashMap<>();
        handle.createQuery("""
                        SELECT currency, COUNT(*) AS n, SUM(gross_minor) AS gross, SUM(fee_minor) AS fee,
                               SUM(partner_minor) AS partner, SUM(master_minor) AS master,
                               SUM(referrer_minor) AS referrer
                        FROM payment WHERE occurred_at >= :from AND occurred_at < :to
                        """ + (report.scope().isPresent() ? " AND vault_id = :vault" : "") + " GROUP BY currency")
                .bind("from", LedgerPeriod.utc(report.period().from()))
                .bind("to", LedgerPeriod.utc(report.period().to()))
                .bind("vault", report.scope().orElse(""))
                .map((rs, ctx) -> Map.entry(rs.getString("currency"), new PaymentSums(rs.getLong("n"),
                        rs.getLong("gross"), rs.getLong("fee"), rs.getLong("partner"), rs.getLong("master"),
                        rs.getLong("referrer"))))
                .forEach(e -> table.put(e.getKey(), e.getValue()));
        List<RevenueFigures> withPayments = report.totals().stream().filter(r -> r.payments() > 0).toList();
        require(withPayments.size() == table.size(), "the journal has payments in " + withPayments.stream()
                .map(RevenueFigures::currency).map(CurrencyUnit::code).toList() + ", the payment table in "
                + table.keySet());
        for (RevenueFigures row : withPayments) {
            PaymentSums sums = table.get(row.currency().code());
            PaymentSums journal = new PaymentSums(row.payments(), row.grossMinor(), row.feesMinor(),
                    row.partnerMinor(), row.platformMinor(), row.referrerMinor());
            require(journal.equals(sums), "payments in " + row.currency() + ": journal " + journal
                    + ", payment table " + sums);
        }
    }

    /** A column value back in minor units (counts stay counts): only for comparing rows of one currency. */
    private static long minor(String value) {
        return Long.parseLong(value.replace(".", ""));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ReportDoesNotTie("revenue report does not tie to the ledger: " + message);
        }
    }
}
