package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Share and visit counters of referral codes: one {@code funnel_count} row per kind, code and UTC day, incremented
 * in place, so a popular link costs one small row a day rather than a row per visit.
 *
 * <p>The increment is an UPDATE, and only when the day's row does not exist yet an INSERT … ON CONFLICT DO NOTHING
 * followed by the UPDATE again if another request inserted it first. Both databases accept those statements, and
 * each runs on its own (auto-commit), so concurrent visits wait on the row lock for microseconds and none is lost.
 */
public final class FunnelCounts {
    public static final String REFERRAL_SHARE = "referral_share";
    public static final String REFERRAL_VISIT = "referral_visit";
    /** Update, insert, update: the third statement always finds the row, as nothing ever deletes it. */
    private static final int ATTEMPTS_MAX = 3;

    private final Database database;
    private final Clock clock;

    public FunnelCounts(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds one to today's (UTC) count of {@code kind} for {@code subjectId}. */
    public void increment(String kind, String subjectId) {
        LocalDate day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        database.jdbi().useHandle(handle -> increment(handle, kind, subjectId, day));
    }

    private static void increment(Handle handle, String kind, String subjectId, LocalDate day) {
        for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
            int updated = handle.createUpdate("""
                            UPDATE funnel_count SET hits = hits + 1
                            WHERE kind = :kind AND subject_id = :subject AND on_day = :day""")
                    .bind("kind", kind).bind("subject", subjectId).bind("day", day).execute();
            if (updated == 1) {
                return;
            }
            int inserted = handle.createUpdate("""
                            INSERT INTO funnel_count (kind, subject_id, on_day, hits) VALUES (:kind, :subject, :day, 1)
                            ON CONFLICT DO NOTHING""")
                    .bind("kind", kind).bind("subject", subjectId).bind("day", day).execute();
            if (inserted == 1) {
                return;
            }
        }
        throw new IllegalStateException("funnel count " + kind + "/" + subjectId + "/" + day
                + " neither updated nor inserted");
    }
}
