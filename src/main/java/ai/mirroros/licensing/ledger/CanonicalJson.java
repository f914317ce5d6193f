package ai.mirroros.licensing.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON object in canonical text form, the form the activity chain hashes. Canonical means: object keys sorted by
 * {@link String#compareTo} (UTF-16 code units, as in RFC 8785) at every depth, no insignificant whitespace, strings
 * escaped minimally ({@code \" \\ \b \f \n \r \t}, other control characters as lowercase <code>&#92;u00xx</code>, everything
 * else literal), numbers as written ({@code 1.50} stays {@code 1.50}; a decimal is printed plain, never in exponent
 * form), encoded as UTF-8. Floating-point values are refused: money travels as decimal strings.
 *
 * <p>Canonicalising canonical text gives the same text, so someone holding only an export can recompute the hashes.
 */
public final class CanonicalJson {
    /** Payloads are flat event descriptions; deeper nesting is a bug, and the bound keeps recursion safe. */
    public static final int MAX_DEPTH = 32;
    /** A plain decimal with a larger exponent would print thousands of digits; no amount needs it. */
    private static final int MAX_DECIMAL_SCALE = 64;

    /**
     * Parses decimals exactly and keeps their scale ({@code 1.50} is not {@code 1.5}); duplicate keys are an error,
     * not last-one-wins, because two readers could disagree on which value counts.
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final String text;

    private CanonicalJson(String text) {
        this.text = text;
    }

    /**
     * The canonical form of a map. Values may be {@code null}, {@link String}, {@link Boolean}, integral numbers
     * ({@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@link BigInteger}), {@link BigDecimal}, nested
     * maps with string keys, lists, or Jackson nodes; anything else, floats included, is refused.
     *
     * @throws IllegalArgumentException naming the path of the offending value
     */
    public static CanonicalJson of(Map<String, ?> object) {
        Objects.requireNonNull(object, "object");
        StringBuilder out = new StringBuilder(128);
        writeMap(object, out, "$", 1);
        return new CanonicalJson(out.toString());
    }

    /** The canonical form of a Jackson object node; float and double nodes are refused like in {@link #of(Map)}. */
    public static CanonicalJson of(ObjectNode object) {
        Objects.requireNonNull(object, "object");
        StringBuilder out = new StringBuilder(128);
        writeNode(object, out, "$", 1);
        return new CanonicalJson(out.toString());
    }

    /**
     * Parses JSON text that must hold one object and returns its canonical form.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or holds a value canonical JSON refuses
     */
    public static CanonicalJson parseObject(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return of((ObjectNode) node);
    }

    /** The canonical text. */
    public String text() {
        return text;
    }

    /** A fresh, mutable tree of this object, for readers; changing it does not change this value. */
    public ObjectNode toObjectNode() {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical text does not parse: " + text, e);
        }
    }

    /**
     * Appends {@code value} as a JSON string literal with the canonical escaping. Lone surrogates are refused: they
     * have no UTF-8 form, and encoders silently replace them, so two different strings would hash alike.
     */
    static void appendString(String value, StringBuilder out) {
        appendString(value, out, false);
    }

    /**
     * As {@link #appendString(String, StringBuilder)}, but with {@code passLoneSurrogates} a lone surrogate is copied
     * instead of refused: {@link ChainHasher} must hash whatever was stored, even tampered text, without failing.
     */
    static void appendString(String value, StringBuilder out, boolean passLoneSurrogates) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < length
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c) && !passLoneSurrogates) {
                        throw new IllegalArgumentException("string has a lone surrogate U+"
                                + Integer.toHexString(c).toUpperCase() + " at index " + i);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void writeMap(Map<?, ?> map, StringBuilder out, String path, int depth) {
        requireDepth(path, depth);
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException(path + ": object keys must be strings, got "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            keys.add(s);
        }
        keys.sort(null);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String key = keys.get(i);
            appendString(key, out);
            out.append(':');
            writeValue(map.get(key), out, path + "." + key, depth);
        }
        out.append('}');
    }

    private static void writeValue(Object value, StringBuilder out, String path, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> appendString(s, out);
            case Boolean b -> out.append(b.booleanValue());
            case Integer n -> out.append(n.intValue());
            case Long n -> out.append(n.longValue());
            case Short n -> out.append(n.shortValue());
            case Byte n -> out.append(n.byteValue());
            case BigInteger n -> out.append(n);
            case BigDecimal n -> appendDecimal(n, out, path);
            case Map<?, ?> m -> writeMap(m, out, path, depth + 1);
            case Collection<?> c -> writeList(c, out, path, depth + 1);
            case JsonNode node -> writeNode(node, out, path, depth + 1);
            case Double d -> throw floatRefused(path);
            case Float f -> throw floatRefused(path);
            default -> throw new IllegalArgumentException(path + ": unsupported value type "
                    + value.getClass().getName() + "; use strings, booleans, integers, BigDecimal, maps or lists");
        }
    }

    private static void writeList(Collection<?> list, StringBuilder out, String path, int depth) {
        requireDepth(path, depth);
        out.append('[');
        int index = 0;
        for (Object element : list) {
            if (index > 0) {
                out.append(',');
            }
            writeValue(element, out, path + "[" + index + "]", depth);
            index++;
        }
        out.append(']');
    }

    private static void writeNode(JsonNode node, StringBuilder out, String path, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                requireDepth(path, depth);
                List<String> keys = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(keys::add);
                keys.sort(null);
                out.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendString(keys.get(i), out);
                    out.append(':');
                    writeNode(node.get(keys.get(i)), out, path + "." + keys.get(i), depth + 1);
                }
                out.append('}');
            }
            case ARRAY -> {
                requireDepth(path, depth);
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeNode(node.get(i), out, path + "[" + i + "]", depth + 1);
                }
                out.append(']');
            }
            case STRING -> appendString(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    out.append(node.bigIntegerValue());
                } else if (node.isBigDecimal()) {
                    appendDecimal(node.decimalValue(), out, path);
                } else {
                    throw floatRefused(path);
                }
            }
            default -> throw new IllegalArgumentException(path + ": unsupported JSON node " + node.getNodeType());
        }
    }

    private static void appendDecimal(BigDecimal value, StringBuilder out, String path) {
        if (Math.abs(value.scale()) > MAX_DECIMAL_SCALE) {
            throw new IllegalArgumentException(path + ": decimal " + value + " is out of range (exponent beyond "
                    + MAX_DECIMAL_SCALE + " digits)");
        }
        out.append(value.toPlainString());
    }

    private static void requireDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static IllegalArgumentException floatRefused(String path) {
        return new IllegalArgumentException(path + ": floating-point numbers are not allowed; "
                + "pass money as a decimal string such as \"12.34\" or as BigDecimal");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CanonicalJson that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
