package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.ChainVerifier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the reliability tests compare: every account balance, journal entries by kind, the posted payments, the
 * per-currency sum of all journal lines, and the activity chain. Read straight from the tables (and the ledger's own
 * balance query), so that two databases that went through different histories can be compared field by field.
 */
record Books(Map<String, Long> balancesMinor, Map<String, Long> entriesByKind, long distinctJournalSources,
             Set<String> paymentKeys, Map<String, Long> lineSumMinorByCurrency, long activityEntries,
             ChainVerifier.VerificationResult chain) {

    static Books read(LicensingApp app) {
        Map<String, Long> balances = new TreeMap<>();
        for (AccountBalance balance : app.ledger().balances(Optional.empty(), Optional.empty())) {
            balances.put(balance.account().key(), balance.balance().amountMinor());
        }
        return app.database().jdbi().withHandle(handle -> {
            Map<String, Long> byKind = new TreeMap<>();
            handle.createQuery("SELECT kind, COUNT(*) AS n FROM journal_entry GROUP BY kind")
                    .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getLong("n")))
                    .forEach(e -> byKind.put(e.getKey(), e.getValue()));
            long sources = handle.createQuery("SELECT COUNT(DISTINCT source_id) FROM journal_entry")
                    .mapTo(Long.class).one();
            Set<String> payments = new TreeSet<>(handle.createQuery("SELECT source_id FROM payment")
                    .mapTo(String.class).list());
            Map<String, Long> sums = new TreeMap<>();
            handle.createQuery("SELECT currency, SUM(amount_minor) AS s FROM journal_line GROUP BY currency")
                    .map((rs, ctx) -> Map.entry(rs.getString("currency"), rs.getLong("s")))
                    .forEach(e -> sums.put(e.getKey(), e.getValue()));
            long activity = handle.createQuery("SELECT COUNT(*) FROM activity_log").mapTo(Long.class).one();
            return new Books(balances, byKind, sources, payments, sums, activity, app.activityLog().verify());
        });
    }

    /** The invariants any state of the books must satisfy: balanced per currency, an intact activity chain. */
    void assertConsistent() {
        assertThat(lineSumMinorByCurrency).as("debits equal credits in every currency").isNotEmpty()
                .allSatisfy((currency, sum) -> assertThat(sum).as(currency).isZero());
        assertThat(chain.ok()).as("activity chain verifies: " + chain.message()).isTrue();
        assertThat(distinctJournalSources).as("journal entries have distinct source ids")
                .isEqualTo(entriesByKind.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Consistent, and the same books as {@code expected}: nothing posted twice, nothing missing, same amounts. */
    void assertSameAs(Books expected) {
        assertConsistent();
        assertThat(paymentKeys).as("posted payments").hasSameSizeAs(expected.paymentKeys)
                .containsExactlyElementsOf(expected.paymentKeys);
        assertThat(entriesByKind).as("journal entries by kind").isEqualTo(expected.entriesByKind);
        assertThat(balancesMinor).as("every account balance").isEqualTo(expected.balancesMinor);
        assertThat(activityEntries).as("activity log entries").isEqualTo(expected.activityEntries);
    }
}
