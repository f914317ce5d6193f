package ai.mirroros.licensing.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) checker for the API's responses: {@code $ref} to the
 * document's components, {@code type} (one or an array, which is how a field is nullable), {@code enum},
 * {@code required}, {@code properties}, {@code additionalProperties}, {@code items}, {@code pattern},
 * {@code minimum}/{@code maximum}, {@code oneOf}/{@code anyOf}/{@code allOf}, and {@code format} date and date-time
 * (asserted here, stricter than the standard's annotation). A keyword it does not know is an error rather than
 * silently unchecked, so the document cannot drift into what this test does not see.
 */
final class SchemaChecker {
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "examples", "default",
            "deprecated", "readOnly");
    private static final Set<String> ASSERTIONS = Set.of("$ref", "type", "enum", "required", "properties",
            "additionalProperties", "items", "pattern", "format", "minimum", "maximum", "oneOf", "anyOf", "allOf");

    private final JsonNode document;

    SchemaChecker(JsonNode document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}, each as "json.path: what"; empty when it conforms. */
    List<String> check(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!ASSERTIONS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalArgumentException("schema at " + path + " uses '" + keyword
                        + "', which this checker does not know: teach it or use another keyword");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.path("$ref").asText()), value, path, problems);
        }
        if (schema.has("type") && !typeMatches(schema.path("type"), value)) {
            problems.add(path + ": expected type " + schema.path("type") + ", got " + describe(value));
            return;
        }
        if (schema.has("enum") && !contains(schema.path("enum"), value)) {
            problems.add(path + ": " + value + " is not one of " + schema.path("enum"));
        }
        checkString(schema, value, path, problems);
        checkNumber(schema, value, path, problems);
        if (value.isObject()) {
            checkObject(schema, value, path, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
        checkCombinations(schema, value, path, problems);
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(path + ": missing required property '" + required.asText() + "'");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.path(field.getKey()), field.getValue(), fieldPath, problems);
            } else if (additional.isBoolean() && !additional.asBoolean()) {
                problems.add(fieldPath + ": property not in the schema (additionalProperties is false)");
            } else if (additional.isObject()) {
                check(additional, field.getValue(), fieldPath, problems);
            }
        }
    }

    private static void checkString(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (!value.isTextual()) {
            return;
        }
        String text = value.asText();
        if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
            problems.add(path + ": '" + text + "' does not match " + schema.path("pattern").asText());
        }
        if (schema.has("format")) {
            try {
                switch (schema.path("format").asText()) {
                    case "date-time" -> Instant.parse(text);
                    case "date" -> LocalDate.parse(text);
                    default -> throw new IllegalArgumentException("format '" + schema.path("format").asText()
                            + "' at " + path + " is not checked; use date or date-time");
                }
            } catch (DateTimeParseException e) {
                problems.add(path + ": '" + text + "' is not a " + schema.path("format").asText());
            }
        }
    }

    private static void checkNumber(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (!value.isNumber()) {
            return;
        }
        if (schema.has("minimum") && value.decimalValue().compareTo(schema.path("minimum").decimalValue()) < 0) {
            problems.add(path + ": " + value + " is below the minimum " + schema.path("minimum"));
        }
        if (schema.has("maximum") && value.decimalValue().compareTo(schema.path("maximum").decimalValue()) > 0) {
            problems.add(path + ": " + value + " is above the maximum " + schema.path("maximum"));
        }
    }

    private void checkCombinations(JsonNode schema, JsonNode value, String path, List<String> problems) {
        for (JsonNode sub : schema.path("allOf")) {
            check(sub, value, path, problems);
        }
        if (schema.has("anyOf") && matching(schema.path("anyOf"), value, path) == 0) {
            problems.add(path + ": matches none of anyOf");
        }
        if (schema.has("oneOf")) {
            int matches = matching(schema.path("oneOf"), value, path);
            if (matches != 1) {
                problems.add(path + ": matches " + matches + " of oneOf, expected exactly 1");
            }
        }
    }

    private int matching(JsonNode alternatives, JsonNode value, String path) {
        int matches = 0;
        for (JsonNode alternative : alternatives) {
            List<String> problems = new ArrayList<>();
            check(alternative, value, path, problems);
            matches += problems.isEmpty() ? 1 : 0;
        }
        return matches;
    }

    /** A JSON pointer into the document, e.g. {@code #/components/schemas/Payment}. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("dangling reference " + ref);
        }
        return target;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }
}
