package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.store.Dialect;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Views of template listings, the denominator of a template's conversion: one {@code funnel_count} row per template
 * and day (kind {@value #KIND}), incremented in place ({@link Dialect#addToCounters}), so a popular
 * listing costs one small row a day rather than a row per view.
 */
public final class ListingViews {
    public static final String KIND = "template_view";
    private static final List<String> KEY = List.of("kind", "subject_id", "on_day");
    private static final List<String> COUNTERS = List.of("hits");

    private ListingViews() {
    }

    /** Counts one view of {@code templateId} on {@code day}, in the caller's transaction. */
    public static void record(Handle handle, Dialect dialect, String templateId, LocalDate day) {
        record(handle, dialect, templateId, day, 1);
    }

    /** Counts {@code views} views of {@code templateId} on {@code day} at once (the demo seed's whole days). */
    public static void record(Handle handle, Dialect dialect, String templateId, LocalDate day, long views) {
        dialect.addToCounters(handle, "funnel_count", KEY, COUNTERS,
                List.of(Map.of("kind", KIND, "subject_id", templateId, "on_day", day, "hits", views)));
    }

    /** Views per template over the days from {@code from} to {@code to}, inclusive (either open when empty). */
    public static Map<String, Long> counts(Handle handle, Collection<String> templateIds, Optional<LocalDate> from,
                                           Optional<LocalDate> to) {
        Map<String, Long> counts = new HashMap<>();
        if (templateIds.isEmpty()) {
            return counts;
        }
        var query = handle.createQuery("SELECT subject_id, SUM(hits) AS views FROM funnel_count "
                        + "WHERE kind = :kind AND subject_id IN (<ids>)"
                        + from.map(d -> " AND on_day >= :from").orElse("")
                        + to.map(d -> " AND on_day <= :to").orElse("")
                        + " GROUP BY subject_id")
                .bind("kind", KIND)
                .bindList("ids", List.copyOf(templateIds));
        from.ifPresent(d -> query.bind("from", d));
        to.ifPresent(d -> query.bind("to", d));
        query.map((rs, ctx) -> Map.entry(rs.getString("subject_id"), rs.getLong("views")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
