package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The checker behind {@code OpenApiConformanceTest} must fail when the document is wrong; a checker that passes
 * everything would make that test worthless. Each case breaks one thing, in a small schema and in the real document.
 */
class SchemaCheckerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = json("""
            {"components": {"schemas": {
              "Decimal": {"type": "string", "pattern": "^-?[0-9]+(\\\\.[0-9]+)?$"},
              "Payment": {"type": "object", "required": ["paymentId", "gross", "customerId", "stream", "split"],
                "additionalProperties": false,
                "properties": {
                  "paymentId": {"type": "string"},
                  "gross": {"$ref": "#/components/schemas/Decimal"},
                  "customerId": {"type": ["string", "null"]},
                  "stream": {"type": "string", "enum": ["templates", "other"]},
                  "occurredAt": {"type": "string", "format": "date-time"},
                  "level": {"type": "integer", "minimum": 1, "maximum": 2},
                  "fx": {"oneOf": [{"type": "null"}, {"type": "object"}]},
                  "split": {"type": "array", "items": {"type": "object", "required": ["amount"],
                    "properties": {"amount": {"$ref": "#/components/schemas/Decimal"}}}}}}}}}
            """);
    private static final JsonNode PAYMENT_SCHEMA = json("{\"$ref\": \"#/components/schemas/Payment\"}");
    private static final String GOOD = """
            {"paymentId": "pi_1", "gross": "1228.45", "customerId": null, "stream": "templates",
             "occurredAt": "2026-10-01T10:00:00Z", "level": 2, "fx": null, "split": [{"amount": "1013.90"}]}""";

    private final SchemaChecker checker = new SchemaChecker(DOCUMENT);

    @Test
    void aConformingBodyPasses() {
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD))).isEmpty();
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"customerId\": null",
                "\"customerId\": \"cus_1\"")))).as("nullable: a string or null").isEmpty();
    }

    @Test
    void aFieldTheHandlerAddedButTheDocumentLacksFails() {
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("{\"paymentId\"", "{\"extra\": 1, \"paymentId\""))))
                .containsExactly("$.extra: property not in the schema (additionalProperties is false)");
    }

    @Test
    void aWrongTypeFails() {
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"1228.45\"", "1228.45"))))
                .singleElement().asString().startsWith("$.gross: expected type \"string\"");
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"level\": 2", "\"level\": \"2\""))))
                .singleElement().asString().startsWith("$.level: expected type \"integer\"");
    }

    @Test
    void nullWhereTheDocumentDoesNotAllowItFails() {
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"pi_1\"", "null"))))
                .singleElement().asString().startsWith("$.paymentId: expected type \"string\", got null");
    }

    @Test
    void aMissingRequiredPropertyFails() {
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"customerId\": null,", ""))))
                .containsExactly("$: missing required property 'customerId'");
    }

    @Test
    void enumPatternFormatRangeItemsAndOneOfAreChecked() {
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"templates\"", "\"hosting\""))))
                .singleElement().asString().contains("is not one of");
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"1228.45\"", "\"12,28\""))))
                .singleElement().asString().contains("does not match");
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("2026-10-01T10:00:00Z", "yesterday"))))
                .singleElement().asString().contains("is not a date-time");
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"level\": 2", "\"level\": 3"))))
                .singleElement().asString().contains("above the maximum");
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"1013.90\"", "1013.90"))))
                .singleElement().asString().startsWith("$.split[0].amount: expected type");
        assertThat(checker.check(PAYMENT_SCHEMA, json(GOOD.replace("\"fx\": null", "\"fx\": 7"))))
                .singleElement().asString().contains("matches 0 of oneOf");
    }

    @Test
    void aKeywordTheCheckerDoesNotKnowOrADanglingReferenceIsAnErrorNotAPass() {
        assertThatThrownBy(() -> checker.check(json("{\"type\": \"string\", \"maxLength\": 3}"), json("\"abcd\"")))
                .hasMessageContaining("maxLength");
        assertThatThrownBy(() -> checker.check(json("{\"$ref\": \"#/components/schemas/Nope\"}"), json("1")))
                .hasMessageContaining("dangling");
    }

    /** The real document, broken on purpose: the checker must notice against a body the server really sends. */
    @Test
    void theRealDocumentBrokenOnPurposeFailsOnARealShapedBody() throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(OpenApiDocument.load());
        JsonNode payment = json("""
                {"paymentId": "pi_1", "occurredAt": "2026-10-01T10:00:00Z", "currency": "USD", "gross": "100.00",
                 "fee": "2.90", "feeSource": "actual", "partner": "82.53", "platform": "14.57", "referrers": "0.00",
                 "stream": "templates", "productType": "template", "templateId": "tpl_1", "hostedPlatformId": null,
                 "agentLoopId": null, "customerId": "cus_1", "refunded": "0.00", "disputed": "0.00"}""");
        JsonNode schema = json("{\"$ref\": \"#/components/schemas/Payment\"}");
        assertThat(new SchemaChecker(document).check(schema, payment)).as("the document as shipped").isEmpty();

        ObjectNode properties = (ObjectNode) document.at("/components/schemas/Payment/properties");
        ArrayNode required = (ArrayNode) document.at("/components/schemas/Payment/required");
        properties.remove("agentLoopId");
        required.remove(indexOf(required, "agentLoopId"));
        properties.set("gross", json("{\"type\": \"number\"}"));
        properties.set("hostedPlatformId", json("{\"type\": \"string\"}"));

        assertThat(new SchemaChecker(document).check(schema, payment)).containsExactlyInAnyOrder(
                "$.gross: expected type \"number\", got string \"100.00\"",
                "$.hostedPlatformId: expected type \"string\", got null null",
                "$.agentLoopId: property not in the schema (additionalProperties is false)");
    }

    private static int indexOf(ArrayNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                return i;
            }
        }
        throw new AssertionError(value + " not in " + array);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
