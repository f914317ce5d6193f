package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Share and visit counters of referral codes: one {@code funnel_count} row per kind, code and UTC day, incremented
 * in place, so a popular link costs one small row a day rather than a row per visit.
 *
 * <p>Increments go through {@link ai.mirroros.licensing.store.Dialect#addToCounters}, which loses none under
 * concurrent visits on either database; each runs on its own (auto-commit), so visits wait on the row lock for
 * microseconds.
 */
public final class FunnelCounts {
    public static final String REFERRAL_SHARE = "referral_share";
    public static final String REFERRAL_VISIT = "referral_visit";
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

    private void increment(Handle handle, String kind, String subjectId, LocalDate day) {
        database.dialect().addToCounters(handle, "funnel_count", List.of("kind", "subject_id", "on_day"),
                List.of("hits"), List.of(Map.of("kind", kind, "subject_id", subjectId, "on_day", day, "hits", 1L)));
    }
}
