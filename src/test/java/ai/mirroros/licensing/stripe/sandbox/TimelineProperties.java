package ai.mirroros.licensing.stripe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The timeline's indexed, binary-searched pages are exactly what a plain scan of every object would list — for any
 * objects, any filter, any cursor, and also when the clock went backwards between objects.
 */
class TimelineProperties {
    /** One object: its group (indexed), its colour (checked per object) and its creation second. */
    record Item(String id, String group, String colour, long created) {
    }

    /** A list request against the items. */
    record Ask(Optional<String> group, Optional<String> colour, CreatedRange created, Optional<Integer> afterIndex,
               Optional<Integer> beforeIndex, int limit) {
    }

    @Provide
    Arbitrary<List<Item>> items() {
        Arbitrary<Long> steps = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, 0L), net.jqwik.api.Tuple.of(3, 1L), net.jqwik.api.Tuple.of(1, -2L))
                .flatMap(Arbitraries::just);
        // Most timelines keep time in order (the binary-searched path); some see the clock step back.
        return Combinators.combine(Arbitraries.of("a", "b", "c"), Arbitraries.of("red", "blue"), steps)
                .as((group, colour, step) -> new Item("", group, colour, step)).list().ofMaxSize(40)
                .flatMap(drafts -> Arbitraries.of(true, true, true, false)
                        .map(inOrder -> withIdsAndTimes(drafts, inOrder)));
    }

    private static List<Item> withIdsAndTimes(List<Item> drafts, boolean inOrder) {
        List<Item> items = new ArrayList<>();
        long second = 1_000;
        for (int i = 0; i < drafts.size(); i++) {
            second += inOrder ? Math.max(0, drafts.get(i).created()) : drafts.get(i).created();
            items.add(new Item("obj_" + i, drafts.get(i).group(), drafts.get(i).colour(), second));
        }
        return items;
    }

    @Provide
    Arbitrary<Ask> asks() {
        Arbitrary<CreatedRange> ranges = Arbitraries.oneOf(Arbitraries.just(CreatedRange.ANY),
                Combinators.combine(Arbitraries.longs().between(995, 1_030), Arbitraries.longs().between(0, 20))
                        .as((from, width) -> new CreatedRange(from, from + width)));
        Arbitrary<Optional<Integer>> cursors = Arbitraries.integers().between(0, 39).optional(0.3);
        return Combinators.combine(Arbitraries.of("a", "b", "c").optional(0.5), Arbitraries.of("red", "blue")
                        .optional(0.3), ranges, cursors, cursors, Arbitraries.integers().between(1, 7))
                .as(Ask::new);
    }

    @Property(tries = 500)
    void aPageIsWhatAScanOfEveryObjectWouldList(@ForAll("items") List<Item> items, @ForAll("asks") Ask ask) {
        Timeline timeline = new Timeline();
        Map<String, Item> byId = new java.util.HashMap<>();
        for (Item item : items) {
            timeline.append(item.id(), item.created(), Map.of("group", item.group()));
            byId.put(item.id(), item);
        }
        Optional<String> after = ask.afterIndex().filter(i -> i < items.size()).map(i -> items.get(i).id());
        Optional<String> before = after.isPresent() ? Optional.empty()
                : ask.beforeIndex().filter(i -> i < items.size()).map(i -> items.get(i).id());

        Timeline.Page page = timeline.page(new Timeline.Query(ask.group().map(g -> new Timeline.Key("group", g)),
                id -> ask.colour().map(byId.get(id).colour()::equals).orElse(true), ask.created(), after, before,
                ask.limit()));

        Timeline.Page expected = scan(items, ask, after, before);
        assertThat(page.ids()).containsExactlyElementsOf(expected.ids());
        assertThat(page.hasMore()).isEqualTo(expected.hasMore());
    }

    /** The reference: filter every object newest first, then cut the page around the cursor. */
    private static Timeline.Page scan(List<Item> items, Ask ask, Optional<String> after, Optional<String> before) {
        List<Item> newestFirst = items.reversed();
        int afterAt = after.map(id -> indexOf(newestFirst, id)).orElse(-1);
        int beforeAt = before.map(id -> indexOf(newestFirst, id)).orElse(newestFirst.size());
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Item item = newestFirst.get(i);
            boolean inWindow = after.isPresent() ? i > afterAt : before.isEmpty() || i < beforeAt;
            if (inWindow && ask.group().map(item.group()::equals).orElse(true)
                    && ask.colour().map(item.colour()::equals).orElse(true) && ask.created().contains(item.created())) {
                matching.add(item.id());
            }
        }
        if (before.isPresent()) {
            int from = Math.max(0, matching.size() - ask.limit());
            return new Timeline.Page(matching.subList(from, matching.size()), from > 0);
        }
        int to = Math.min(ask.limit(), matching.size());
        return new Timeline.Page(matching.subList(0, to), to < matching.size());
    }

    private static int indexOf(List<Item> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("cursor not among the items: " + id);
    }
}
