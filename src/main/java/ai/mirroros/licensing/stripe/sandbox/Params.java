package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Request parameters as Stripe reads them: form-encoded ({@code amount=100&metadata[vault_id]=x&expand[]=a},
 * lists also as {@code expand[0]=a}, which is what stripe-java sends) or, for the control API, a JSON object. Both
 * become the same tree of maps, lists and strings, so validation and idempotency fingerprints treat them alike.
 * Accessors throw {@link StripeApiError}s that name the parameter, as Stripe's do.
 */
final class Params {
    /** Far above any request this project sends (a transfer is ~10 pairs, metadata at most 50 keys). */
    static final int PAIRS_MAX = 1_000;
    /** Stripe nests at most a few levels ({@code capabilities[transfers][requested]}). */
    static final int DEPTH_MAX = 5;
    /** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
    static final int METADATA_KEYS_MAX = 50;
    static final int METADATA_KEY_CHARS_MAX = 40;
    static final int METADATA_VALUE_CHARS_MAX = 500;
    /** Stripe's ceiling for an amount in the smallest unit: eight digits ($999,999.99). */
    static final long AMOUNT_MAX = 99_999_999L;
    /** List pages: Stripe's default and maximum {@code limit}. */
    static final int LIMIT_DEFAULT = 10;
    static final int LIMIT_MAX = 100;

    private final Map<String, Object> tree;

    private Params(Map<String, Object> tree) {
        this.tree = tree;
    }

    static Params empty() {
        return new Params(new LinkedHashMap<>());
    }

    /** Parses form-encoded pairs from the query string and then the body, into one tree. */
    static Params fromForm(String query, String body) {
        Map<String, Object> tree = new LinkedHashMap<>();
        int[] pairs = {0};
        parseInto(tree, query, pairs);
        parseInto(tree, body, pairs);
        return new Params(tree);
    }

    /** A JSON object body (the control API); scalars become strings, {@code null} means absent. */
    static Params fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return empty();
        }
        if (!node.isObject()) {
            throw StripeApiError.invalidParam(null, "parameter_invalid", "The request body must be a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) fromJsonNode(node, 0);
        return new Params(tree);
    }

    /** The parsed tree: equal trees are equal requests, which is what idempotency keys compare. */
    Map<String, Object> tree() {
        return Collections.unmodifiableMap(tree);
    }

    /** Refuses parameters the endpoint does not know, as Stripe does; typos must not pass silently. */
    Params allowOnly(String... names) {
        Set<String> unknown = new TreeSet<>(tree.keySet());
        unknown.removeAll(Set.of(names));
        if (!unknown.isEmpty()) {
            String name = unknown.iterator().next();
            throw StripeApiError.invalidParam(name, "parameter_unknown", "Received unknown parameter: " + name);
        }
        return this;
    }

    boolean has(String name) {
        return tree.containsKey(name);
    }

    Optional<String> string(String name) {
        Object value = tree.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw StripeApiError.invalidParam(name, "parameter_invalid_string", "Invalid string: " + name
                    + " must be a single value.");
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> StripeApiError.missingParam(name));
    }

    /** A positive amount in minor units, at most {@link #AMOUNT_MAX}. */
    OptionalLong amount(String name) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = raw.get();
        if (text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            throw StripeApiError.invalidParam(name, "parameter_invalid_integer", "Invalid integer: " + text);
        }
        long value = Long.parseLong(text);
        if (value < 1) {
            throw StripeApiError.invalidParam(name, "parameter_invalid_integer",
                    "This value must be greater than or equal to 1.");
        }
        if (value > AMOUNT_MAX) {
            throw StripeApiError.invalidParam(name, "amount_too_large",
                    "Amount must be no more than " + AMOUNT_MAX + " in the smallest currency unit.");
        }
        return OptionalLong.of(value);
    }

    long requiredAmount(String name) {
        OptionalLong value = amount(name);
        if (value.isEmpty()) {
            throw StripeApiError.missingParam(name);
        }
        return value.getAsLong();
    }

    Optional<Boolean> bool(String name) {
        return string(name).map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw StripeApiError.invalidParam(name, "parameter_invalid_boolean",
                    "Invalid boolean: " + text);
        });
    }

    /** {@code limit} for list endpoints: 1 to {@link #LIMIT_MAX}, default {@link #LIMIT_DEFAULT}. */
    int limit() {
        Optional<String> raw = string("limit");
        if (raw.isEmpty()) {
            return LIMIT_DEFAULT;
        }
        String text = raw.get();
        if (text.length() > 4 || !text.chars().allMatch(Character::isDigit)
                || Integer.parseInt(text) < 1 || Integer.parseInt(text) > LIMIT_MAX) {
            throw StripeApiError.invalidParam("limit", "parameter_invalid_integer",
                    "Invalid limit: must be an integer between 1 and " + LIMIT_MAX + ".");
        }
        return Integer.parseInt(text);
    }

    /** A Unix timestamp in seconds (a {@code created} bound); at most 12 digits, far beyond any real date. */
    OptionalLong timestamp(String name) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = raw.get();
        if (text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
            throw StripeApiError.invalidParam(name, "parameter_invalid_integer", "Invalid timestamp: " + text
                    + " (Unix seconds expected).");
        }
        return OptionalLong.of(Long.parseLong(text));
    }

    /** Whether {@code name} was sent as a hash ({@code created[gte]=…}) rather than a single value. */
    boolean isHash(String name) {
        return tree.get(name) instanceof Map<?, ?>;
    }

    /** A list parameter ({@code expand[]=a&expand[]=b}); a single value counts as a one-element list. */
    List<String> strings(String name) {
        Object value = tree.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            // stripe-java sends an empty list as "name=" (an empty string).
            return s.isEmpty() ? List.of() : List.of(s);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw StripeApiError.invalidParam(name, "parameter_invalid", "Invalid array: " + name
                + " must be a list of strings.");
    }

    /** A nested hash ({@code capabilities[transfers][requested]=true}); empty when absent. */
    Params child(String name) {
        Object value = tree.get(name);
        if (value == null || "".equals(value)) {
            return empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw StripeApiError.invalidParam(name, "parameter_invalid", "Invalid hash: " + name
                    + " must be a dictionary.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) map;
        return new Params(child);
    }

    /** A list of hashes ({@code items[0][price]=…&items[1][price]=…}); empty when absent. */
    List<Params> children(String name) {
        Object value = tree.get(name);
        if (value == null || "".equals(value)) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw StripeApiError.invalidParam(name, "parameter_invalid", "Invalid array: " + name
                    + " must be a list of hashes, e.g. " + name + "[0][key]=value.");
        }
        List<Params> children = new ArrayList<>(list.size());
        for (Object element : list) {
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) element;
            children.add(new Params(child));
        }
        return children;
    }

    Set<String> names() {
        return Collections.unmodifiableSet(tree.keySet());
    }

    /**
     * {@code metadata} with Stripe's limits; an empty value is kept as "" so that an update can unset the key
     * (what Stripe does with {@code metadata[key]=}).
     */
    Map<String, String> metadata() {
        Params meta = child("metadata");
        if (meta.tree.size() > METADATA_KEYS_MAX) {
            throw StripeApiError.invalidParam("metadata", "parameter_invalid",
                    "Invalid metadata: metadata has a limit of " + METADATA_KEYS_MAX + " keys.");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : meta.tree.entrySet()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > METADATA_KEY_CHARS_MAX) {
                throw StripeApiError.invalidParam("metadata", "parameter_invalid", "Invalid metadata: keys must be "
                        + "1 to " + METADATA_KEY_CHARS_MAX + " characters, got '" + key + "'.");
            }
            if (!(entry.getValue() instanceof String value) || value.length() > METADATA_VALUE_CHARS_MAX) {
                throw StripeApiError.invalidParam("metadata[" + key + "]", "parameter_invalid", "Invalid metadata: "
                        + "values must be strings of at most " + METADATA_VALUE_CHARS_MAX + " characters.");
            }
            result.put(key, value);
        }
        return result;
    }

    private static void parseInto(Map<String, Object> tree, String encoded, int[] pairs) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++pairs[0] > PAIRS_MAX) {
                throw StripeApiError.invalidParam(null, "parameter_invalid", "Too many parameters: at most "
                        + PAIRS_MAX + " are accepted.");
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            insert(tree, keyPath(key), value, key);
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StripeApiError.invalidParam(null, "parameter_invalid", "Malformed form encoding: " + text);
        }
    }

    /** {@code a[b][]} → [a, b, ""]. */
    private static List<String> keyPath(String key) {
        int open = key.indexOf('[');
        List<String> path = new ArrayList<>();
        path.add(open < 0 ? key : key.substring(0, open));
        int at = open;
        while (at >= 0 && at < key.length()) {
            int close = key.indexOf(']', at);
            if (key.charAt(at) != '[' || close < 0) {
                throw StripeApiError.invalidParam(key, "parameter_invalid", "Malformed parameter name: " + key);
            }
            path.add(key.substring(at + 1, close));
            at = close + 1;
        }
        if (path.getFirst().isEmpty() || path.size() > DEPTH_MAX) {
            throw StripeApiError.invalidParam(key, "parameter_invalid", "Malformed parameter name: " + key);
        }
        return path;
    }

    private static boolean isListIndex(String segment) {
        return segment.isEmpty() || (segment.length() <= 4 && segment.chars().allMatch(Character::isDigit));
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> root, List<String> path, String value, String key) {
        Object container = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            Object child = last ? value
                    : (isListIndex(path.get(i + 1)) ? new ArrayList<>() : new LinkedHashMap<String, Object>());
            if (container instanceof Map<?, ?> map) {
                Map<String, Object> m = (Map<String, Object>) map;
                Object existing = m.get(segment);
                if (existing == null || last) {
                    if (existing != null && !(existing instanceof String)) {
                        throw conflict(key);
                    }
                    m.put(segment, child);
                    container = child;
                } else {
                    container = existing;
                }
            } else if (container instanceof List<?> l && isListIndex(segment)) {
                List<Object> list = (List<Object>) l;
                int index = segment.isEmpty() ? list.size() : Integer.parseInt(segment);
                if (index > list.size()) {
                    throw StripeApiError.invalidParam(key, "parameter_invalid", "Invalid array: indexes must be "
                            + "contiguous from 0 in " + key);
                }
                if (index == list.size()) {
                    list.add(child);
                    container = child;
                } else if (last) {
                    list.set(index, child);
                } else {
                    container = list.get(index);
                }
            } else {
                throw conflict(key);
            }
            if (container instanceof String && !last) {
                throw conflict(key);
            }
        }
    }

    private static StripeApiError conflict(String key) {
        return StripeApiError.invalidParam(key, "parameter_invalid", "Conflicting values for parameter " + key);
    }

    private static Object fromJsonNode(JsonNode node, int depth) {
        if (depth > DEPTH_MAX) {
            throw StripeApiError.invalidParam(null, "parameter_invalid", "The JSON body is nested too deeply.");
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> {
                if (!entry.getValue().isNull()) {
                    map.put(entry.getKey(), fromJsonNode(entry.getValue(), depth + 1));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(fromJsonNode(element, depth + 1)));
            return list;
        }
        return node.asText();
    }
}
