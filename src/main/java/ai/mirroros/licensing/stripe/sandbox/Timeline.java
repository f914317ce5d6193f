package ai.mirroros.licensing.stripe.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The ids of one kind of object in creation order, listed the way Stripe lists them: newest first, cursors
 * ({@code starting_after}, {@code ending_before}), {@code created} bounds, and a filter on one indexed key
 * ({@code transfer_group}, {@code destination}, {@code type}…). A page costs O(log n + page), not a scan of every
 * object: a cursor is found through a position map, a key through an index of positions, {@code created} bounds by
 * binary search — creation times never decrease in creation order unless a test's clock went backwards, in which
 * case the bounds are checked object by object instead. Not thread-safe: {@link SandboxState}'s lock guards it.
 */
final class Timeline {
    /** A filter on an indexed key, e.g. {@code transfer_group = run-1}. */
    record Key(String index, String value) {
    }

    /**
     * One list request. {@code alsoMatches} checks filters beyond the indexed key (on the object the id names); it
     * runs only on candidates the index and bounds let through.
     */
    record Query(Optional<Key> key, Predicate<String> alsoMatches, CreatedRange created,
                 Optional<String> startingAfter, Optional<String> endingBefore, int limit) {
        static Query of(Params params, Optional<Key> key, Predicate<String> alsoMatches) {
            if (params.has("starting_after") && params.has("ending_before")) {
                throw StripeApiError.invalidParam("starting_after", "parameter_invalid", "You may only specify one "
                        + "of these parameters: ending_before, starting_after.");
            }
            return new Query(key, alsoMatches, CreatedRange.of(params), params.string("starting_after"),
                    params.string("ending_before"), params.limit());
        }
    }

    /** Ids newest first, and whether more match beyond the page (older, or newer with {@code ending_before}). */
    record Page(List<String> ids, boolean hasMore) {
    }

    /** A growable array of positions, ascending: the index for one key value. */
    private static final class Positions {
        private int[] values = new int[4];
        private int size;

        void add(int position) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = position;
        }
    }

    private String[] ids = new String[64];
    private long[] createdSeconds = new long[64];
    private int size;
    private boolean createdInOrder = true;
    private final Map<String, Integer> positionById = new HashMap<>();
    private final Map<String, Map<String, Positions>> indexes = new HashMap<>();

    int size() {
        return size;
    }

    /** Appends the newest object; {@code keys} maps index names to this object's value (absent: not indexed). */
    void append(String id, long createdSecond, Map<String, String> keys) {
        if (positionById.containsKey(id)) {
            throw new IllegalStateException("already in the timeline: " + id);
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            createdSeconds = Arrays.copyOf(createdSeconds, size * 2);
        }
        if (size > 0 && createdSecond < createdSeconds[size - 1]) {
            createdInOrder = false;
        }
        int position = size++;
        ids[position] = id;
        createdSeconds[position] = createdSecond;
        positionById.put(id, position);
        keys.forEach((index, value) -> indexes.computeIfAbsent(index, name -> new HashMap<>())
                .computeIfAbsent(value, v -> new Positions()).add(position));
    }

    /** Every id with {@code key}, oldest first (for work proportional to the matches, e.g. releasing pending funds). */
    List<String> idsWith(Key key) {
        Positions positions = candidates(Optional.of(key));
        List<String> found = new ArrayList<>(positions.size);
        for (int i = 0; i < positions.size; i++) {
            found.add(ids[positions.values[i]]);
        }
        return found;
    }

    Page page(Query query) {
        Positions candidates = query.key().isPresent() ? candidates(query.key()) : null;
        int count = candidates == null ? size : candidates.size;
        // [lo, hi) over the candidates in ascending position (oldest first).
        int lo = 0;
        int hi = count;
        if (createdInOrder && !query.created().isAny()) {
            lo = firstCreatedAtLeast(candidates, count, query.created().fromSecond());
            hi = query.created().toSecond() == Long.MAX_VALUE ? count
                    : firstCreatedAtLeast(candidates, count, query.created().toSecond() + 1);
        }
        if (query.startingAfter().isPresent()) {
            hi = Math.min(hi, firstPositionAtLeast(candidates, count, cursor(query.startingAfter().get(),
                    "starting_after")));
        } else if (query.endingBefore().isPresent()) {
            lo = Math.max(lo, firstPositionAtLeast(candidates, count, cursor(query.endingBefore().get(),
                    "ending_before") + 1));
        }
        return query.endingBefore().isPresent() && query.startingAfter().isEmpty()
                ? newerThanCursor(query, candidates, lo, hi) : olderFirst(query, candidates, lo, hi);
    }

    /** Newest first from the top of the range (no cursor, or {@code starting_after}). */
    private Page olderFirst(Query query, Positions candidates, int lo, int hi) {
        List<String> found = new ArrayList<>(Math.min(query.limit(), Math.max(0, hi - lo)));
        int i = hi - 1;
        for (; i >= lo && found.size() < query.limit(); i--) {
            int position = position(candidates, i);
            if (matches(query, position)) {
                found.add(ids[position]);
            }
        }
        boolean hasMore = false;
        for (; i >= lo && !hasMore; i--) {
            hasMore = matches(query, position(candidates, i));
        }
        return new Page(found, hasMore);
    }

    /** {@code ending_before}: the {@code limit} objects just newer than the cursor, still listed newest first. */
    private Page newerThanCursor(Query query, Positions candidates, int lo, int hi) {
        List<String> found = new ArrayList<>(Math.min(query.limit(), Math.max(0, hi - lo)));
        int i = lo;
        for (; i < hi && found.size() < query.limit(); i++) {
            int position = position(candidates, i);
            if (matches(query, position)) {
                found.add(ids[position]);
            }
        }
        boolean hasMore = false;
        for (; i < hi && !hasMore; i++) {
            hasMore = matches(query, position(candidates, i));
        }
        return new Page(found.reversed(), hasMore);
    }

    private boolean matches(Query query, int position) {
        return (createdInOrder || query.created().contains(createdSeconds[position]))
                && query.alsoMatches().test(ids[position]);
    }

    private Positions candidates(Optional<Key> key) {
        Positions positions = indexes.getOrDefault(key.orElseThrow().index(), Map.of()).get(key.get().value());
        return positions == null ? new Positions() : positions;
    }

    private int cursor(String id, String param) {
        Integer position = positionById.get(id);
        if (position == null) {
            throw StripeApiError.invalidParam(param, "resource_missing", "No such object: '" + id + "'");
        }
        return position;
    }

    private static int position(Positions candidates, int i) {
        return candidates == null ? i : candidates.values[i];
    }

    /** The first candidate index whose position is at least {@code position} (binary search; positions ascend). */
    private static int firstPositionAtLeast(Positions candidates, int count, int position) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (position(candidates, mid) < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first candidate index created at or after {@code second}; valid while creation times are in order. */
    private int firstCreatedAtLeast(Positions candidates, int count, long second) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (createdSeconds[position(candidates, mid)] < second) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
