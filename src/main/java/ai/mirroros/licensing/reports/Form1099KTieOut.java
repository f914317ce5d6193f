package ai.mirroros.licensing.reports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Checks every form's gross and transaction count, read from the journal, against the payment table's own gross
 * column for the same payments. A mismatch is a bug or a corrupt journal and stops the run: no form is better than
 * a wrong one.
 */
final class Form1099KTieOut {
    private static final int IN_LIST_MAX = 500;

    private Form1099KTieOut() {
    }

    static void check(Handle handle, ReportPeriod period, List<Form1099K> forms) {
        Map<String, long[]> table = new HashMap<>();
        List<String> ids = forms.stream().map(Form1099K::payeeId).toList();
        for (int i = 0; i < ids.size(); i += IN_LIST_MAX) {
            handle.createQuery("""
                            SELECT vault_id, COUNT(*) AS n, SUM(gross_minor) AS gross FROM payment
                            WHERE currency = 'USD' AND occurred_at >= :from AND occurred_at < :to
                              AND vault_id IN (<ids>)
                            GROUP BY vault_id""")
                    .bind("from", LedgerPeriod.utc(period.from()))
                    .bind("to", LedgerPeriod.utc(period.to()))
                    .bindList("ids", ids.subList(i, Math.min(ids.size(), i + IN_LIST_MAX)))
                    .map((rs, ctx) -> Map.entry(rs.getString("vault_id"),
                            new long[] {rs.getLong("n"), rs.getLong("gross")}))
                    .forEach(e -> table.put(e.getKey(), e.getValue()));
        }
        for (Form1099K form : forms) {
            long[] row = table.getOrDefault(form.payeeId(), new long[2]);
            if (row[0] != form.transactions() || row[1] != form.grossMinor()) {
                throw new RevenueTieOut.ReportDoesNotTie("1099-K for " + form.payeeId() + " does not tie: journal "
                        + form.transactions() + " payments, " + form.grossMinor() + " cents; payment table " + row[0]
                        + " payments, " + row[1] + " cents");
            }
        }
    }
}
