package ai.mirroros.licensing.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The body of a list endpoint: {@code {"data": [...], "nextCursor": "..." | null}}. Handlers fetch one row more than
 * the page holds; that extra row only says whether another page follows, and the cursor points after the page's
 * last row.
 */
final class ApiPage {
    private ApiPage() {
    }

    /** How many rows to fetch for a page of {@code limit}: one more, to learn whether there is a next page. */
    static int fetchSize(int limit) {
        return limit + 1;
    }

    static <T> Map<String, Object> of(List<T> fetched, int limit, Function<T, Map<String, Object>> json,
                                      Function<T, String> cursorAfter) {
        List<T> page = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.stream().map(json).toList());
        body.put("nextCursor", fetched.size() > limit ? cursorAfter.apply(page.getLast()) : null);
        return body;
    }
}
