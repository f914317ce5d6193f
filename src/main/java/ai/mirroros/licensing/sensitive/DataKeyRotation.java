package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.ledger.ActivityRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Re-encrypts every sealed value that is not under the ring's active key, in batches of one transaction each. Each
 * row records the key it is under, so a rotation killed midway resumes where it stopped when run again, and a run
 * with nothing left to do changes nothing. Every batch is recorded in the activity log (key ids and counts only).
 */
public final class DataKeyRotation {
    public static final String ACTIVITY_REENCRYPTED = "data_key.reencrypted";
    /** Rows per transaction: small enough to keep locks short, large enough to amortise the commit. */
    public static final int DEFAULT_BATCH_ROWS = 200;
    public static final int MAX_BATCH_ROWS = 5_000;

    private final TaxProfiles profiles;

    public DataKeyRotation(TaxProfiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** Reported after each batch: rows done so far of the total found at the start. */
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void rowsDone(long done, long total);
    }

    /** What is sealed under which key: rows per key id, and the rows and sealed values rotation would re-encrypt. */
    public record Plan(String activeKeyId, Map<String, Long> rowsByKey, long rowsToReencrypt,
                       long valuesToReencrypt, long totalValues) {
    }

    /** What a run did. */
    public record Result(String activeKeyId, long rowsReencrypted, long valuesReencrypted, int batches) {
    }

    public Plan plan() {
        String active = profiles.sealer().keys().activeKeyId();
        Map<String, Long> rows = profiles.countsByKey();
        long pendingRows = rows.entrySet().stream().filter(e -> !e.getKey().equals(active))
                .mapToLong(Map.Entry::getValue).sum();
        // Each row holds a TIN and an address, plus a bank value when present.
        String values = "SELECT 2 * COUNT(*) + COUNT(bank_sealed) FROM " + TaxProfiles.TABLE;
        long pendingValues = profiles.database().jdbi().withHandle(h -> h.createQuery(values
                + " WHERE data_key_id <> :k").bind("k", active).mapTo(Long.class).one());
        long totalValues = profiles.database().jdbi().withHandle(h -> h.createQuery(values).mapTo(Long.class).one());
        return new Plan(active, rows, pendingRows, pendingValues, totalValues);
    }

    /** Re-encrypts everything not under the active key, {@code batchRows} rows per transaction. */
    public Result run(int batchRows, Progress progress) {
        if (batchRows < 1 || batchRows > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException("batch rows must be 1.." + MAX_BATCH_ROWS);
        }
        String active = profiles.sealer().keys().activeKeyId();
        long total = plan().rowsToReencrypt();
        long rows = 0;
        long values = 0;
        int batches = 0;
        while (true) {
            long[] done = batch(active, batchRows);
            if (done[0] == 0) {
                break;
            }
            rows += done[0];
            values += done[1];
            batches++;
            progress.rowsDone(rows, Math.max(total, rows));
        }
        return new Result(active, rows, values, batches);
    }

    /** One transaction: the next rows not under {@code active}, re-sealed and recorded; {rows, values}. */
    private long[] batch(String active, int batchRows) {
        Instant now = profiles.clock().instant();
        return profiles.database().jdbi().inTransaction(h -> {
            List<Resealed> rows = h.createQuery("SELECT " + TaxProfiles.COLUMNS + " FROM " + TaxProfiles.TABLE
                            + " WHERE data_key_id <> :k ORDER BY payee_id LIMIT :n FOR UPDATE")
                    .bind("k", active).bind("n", batchRows)
                    .map((rs, ctx) -> new Resealed(rs.getString("payee_id"), rs.getString("data_key_id"),
                            profiles.seal(profiles.open(rs), active)))
                    .list();
            if (rows.isEmpty()) {
                return new long[] {0, 0};
            }
            long values = 0;
            Map<String, Long> fromKeys = new TreeMap<>();
            // One statement prepared for the whole batch, not one per row (a batch may be MAX_BATCH_ROWS rows).
            PreparedBatch updates = h.prepareBatch("UPDATE " + TaxProfiles.TABLE + " SET tin_sealed = :tin, "
                    + "address_sealed = :address, bank_sealed = :bank, data_key_id = :k "
                    + "WHERE payee_id = :id AND data_key_id = :old");
            for (Resealed row : rows) {
                TaxProfiles.Sealed sealed = row.sealed();
                updates.bind("tin", sealed.tin()).bind("address", sealed.address()).bind("bank", sealed.bank())
                        .bind("k", active).bind("id", row.payeeId()).bind("old", row.oldKeyId()).add();
                values += sealed.bank() == null ? 2 : 3;
                fromKeys.merge(row.oldKeyId(), 1L, Long::sum);
            }
            int[] updated = updates.execute();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] != 1) {
                    throw new IllegalStateException("row " + rows.get(i).payeeId()
                            + " changed under a FOR UPDATE lock");
                }
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("table", TaxProfiles.TABLE);
            payload.put("toKey", active);
            payload.put("rowsFromKeys", fromKeys);
            payload.put("values", values);
            profiles.activityLog().append(h, List.of(ActivityRecord.of(now, ACTIVITY_REENCRYPTED, payload)
                    .fromSource("data_key:" + active)));
            return new long[] {rows.size(), values};
        });
    }

    /** One row, opened under its old key and sealed again under the active one, not yet written. */
    private record Resealed(String payeeId, String oldKeyId, TaxProfiles.Sealed sealed) {
    }

    /** Key ids some row is sealed under that the ring does not hold (those rows cannot be opened or rotated). */
    public List<String> missingKeys() {
        TreeSet<String> used = new TreeSet<>(profiles.countsByKey().keySet());
        used.removeIf(profiles.sealer().keys()::contains);
        return List.copyOf(used);
    }
}
