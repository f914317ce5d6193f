package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Small JSON helpers for the objects {@code StripeEventJson} does not build (Connect, lists, balance). */
final class SandboxJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SandboxJson() {
    }

    static void putMetadata(ObjectNode node, Map<String, String> metadata) {
        ObjectNode meta = node.putObject("metadata");
        metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> meta.put(entry.getKey(), entry.getValue()));
    }

    static void putOptional(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    /** Stripe's list envelope. */
    static ObjectNode list(List<ObjectNode> data, boolean hasMore, String url) {
        ObjectNode node = NODES.objectNode();
        node.put("object", "list");
        ArrayNode array = node.putArray("data");
        data.forEach(array::add);
        node.put("has_more", hasMore);
        node.put("url", url);
        return node;
    }

    /**
     * One page of {@code newestFirst}, cursor-paginated as Stripe does: {@code starting_after} (older than that
     * id) or {@code ending_before} (newer than that id), at most {@code limit} objects.
     */
    static <T> ObjectNode page(List<T> newestFirst, Function<T, String> id, Params params, String url,
                               Function<T, ObjectNode> render) {
        int limit = params.limit();
        Optional<String> after = params.string("starting_after");
        Optional<String> before = params.string("ending_before");
        int from = 0;
        int to = newestFirst.size();
        if (after.isPresent()) {
            from = indexOf(newestFirst, id, after.get(), "starting_after") + 1;
        } else if (before.isPresent()) {
            to = indexOf(newestFirst, id, before.get(), "ending_before");
            from = Math.max(0, to - limit);
        }
        int end = Math.min(to, from + limit);
        List<ObjectNode> data = newestFirst.subList(from, end).stream().map(render).toList();
        boolean hasMore = before.isPresent() ? from > 0 : end < to;
        return list(data, hasMore, url);
    }

    private static <T> int indexOf(List<T> items, Function<T, String> id, String wanted, String param) {
        for (int i = 0; i < items.size(); i++) {
            if (id.apply(items.get(i)).equals(wanted)) {
                return i;
            }
        }
        throw StripeApiError.invalidParam(param, "resource_missing", "No such object: '" + wanted + "'");
    }

    static ObjectNode balance(SandboxBalance balance, String defaultCurrency) {
        ObjectNode node = NODES.objectNode();
        node.put("object", "balance");
        node.set("available", amounts(balance.availableMinor(), defaultCurrency));
        node.put("livemode", false);
        node.set("pending", amounts(balance.pendingMinor(), defaultCurrency));
        return node;
    }

    private static ArrayNode amounts(Map<String, Long> byCurrency, String defaultCurrency) {
        ArrayNode array = NODES.arrayNode();
        // Stripe lists the default currency even when nothing has moved in it yet.
        if (!byCurrency.containsKey(defaultCurrency)) {
            array.add(amount(defaultCurrency, 0));
        }
        byCurrency.forEach((currency, minor) -> array.add(amount(currency, minor)));
        return array;
    }

    private static ObjectNode amount(String currency, long minor) {
        ObjectNode node = NODES.objectNode();
        node.put("amount", minor);
        node.put("currency", currency);
        node.putObject("source_types").put("card", minor);
        return node;
    }
}
