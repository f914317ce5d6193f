package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The export file format of the activity log: a JSON array of entry objects in seq order, one per line, with the
 * fields {@code seq, occurredAt, recordedAt, type, vaultId, sourceId, payload, prevHash, hash} (times ISO-8601 UTC,
 * absent ids {@code null}, payload a JSON object). It carries everything the hash covers, so the file alone can be
 * verified; the payload is re-canonicalised on reading, so re-formatting the file with a JSON tool is harmless.
 */
final class ActivityExport {
    private static final Set<String> FIELDS = Set.of(
            "seq", "occurredAt", "recordedAt", "type", "vaultId", "sourceId", "payload", "prevHash", "hash");

    private ActivityExport() {
    }

    static void write(Iterator<ActivityEntry> entries, OutputStream out) {
        try (JsonGenerator json = CanonicalJson.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new OneEntryPerLine());
            json.writeStartArray();
            while (entries.hasNext()) {
                writeEntry(entries.next(), json);
            }
            json.writeEndArray();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the activity export: " + e.getMessage(), e);
        }
    }

    private static void writeEntry(ActivityEntry entry, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("seq", entry.seq());
        json.writeStringField("occurredAt", entry.occurredAt().toString());
        json.writeStringField("recordedAt", entry.recordedAt().toString());
        json.writeStringField("type", entry.type());
        json.writeStringField("vaultId", entry.vaultId().orElse(null));
        json.writeStringField("sourceId", entry.sourceId().orElse(null));
        json.writeFieldName("payload");
        if (isJsonObject(entry.payloadJson())) {
            json.writeRawValue(entry.payloadJson());
        } else {
            // Only a tampered row gets here; a string keeps the file readable and fails verification at this entry.
            json.writeString(entry.payloadJson());
        }
        json.writeStringField("prevHash", entry.prevHash());
        json.writeStringField("hash", entry.hash());
        json.writeEndObject();
    }

    private static boolean isJsonObject(String text) {
        try {
            return CanonicalJson.MAPPER.readTree(text) instanceof ObjectNode;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Streams the file through a {@link ChainVerifier}; one entry's tree in memory at a time. Does not close in. */
    static VerificationResult verify(InputStream in, Optional<ChainHead> head) {
        ChainVerifier verifier = new ChainVerifier();
        try (JsonParser parser = CanonicalJson.MAPPER.createParser(in)) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return malformed(verifier, OptionalLong.empty(), "the export is not a JSON array of entries");
            }
            long index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    return malformed(verifier, OptionalLong.empty(), "element " + index + " is not an entry object");
                }
                JsonNode node = parser.readValueAsTree();
                ActivityEntry entry;
                try {
                    entry = toEntry(node);
                } catch (IllegalArgumentException e) {
                    OptionalLong seq = node.path("seq").canConvertToLong()
                            ? OptionalLong.of(node.path("seq").longValue()) : OptionalLong.empty();
                    return malformed(verifier, seq, "element " + index + seq.stream().mapToObj(s -> " (entry " + s
                            + ")").findFirst().orElse("") + ": " + e.getMessage());
                }
                if (!verifier.accept(entry)) {
                    return verifier.finish(head);
                }
                index++;
            }
            if (parser.nextToken() != null) {
                return malformed(verifier, OptionalLong.empty(), "unexpected content after the entry array");
            }
            return verifier.finish(head);
        } catch (JsonProcessingException e) {
            return malformed(verifier, OptionalLong.empty(), "not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the activity export: " + e.getMessage(), e);
        }
    }

    /** A problem found earlier in the chain (a gap waiting for its next entry) is still the first problem. */
    private static VerificationResult malformed(ChainVerifier verifier, OptionalLong seq, String message) {
        VerificationResult earlier = verifier.finish(Optional.empty());
        if (!earlier.ok()) {
            return earlier;
        }
        return seq.isPresent()
                ? VerificationResult.failed(verifier.entriesChecked(), seq.getAsLong(), ChainProblem.MALFORMED, message)
                : VerificationResult.failed(verifier.entriesChecked(), ChainProblem.MALFORMED, message);
    }

    private static ActivityEntry toEntry(JsonNode node) {
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unexpected field '" + name + "'");
            }
        }
        JsonNode seq = required(node, "seq");
        if (!seq.isIntegralNumber() || !seq.canConvertToLong()) {
            throw new IllegalArgumentException("seq must be an integer, got " + seq);
        }
        JsonNode payload = required(node, "payload");
        if (!payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object, got " + payload.getNodeType());
        }
        return new ActivityEntry(
                seq.longValue(),
                instant(node, "occurredAt"),
                instant(node, "recordedAt"),
                text(node, "type"),
                optionalText(node, "vaultId"),
                optionalText(node, "sourceId"),
                CanonicalJson.of((ObjectNode) payload).text(),
                text(node, "prevHash"),
                text(node, "hash"));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, got " + value.getNodeType());
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return required(node, field).isNull() ? Optional.empty() : Optional.of(text(node, field));
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not an ISO-8601 instant");
        }
    }

    /** {@code [} newline, entries separated by comma-newline, newline {@code ]}: diffable and greppable. */
    private static final class OneEntryPerLine extends MinimalPrettyPrinter {
        @Override
        public void beforeArrayValues(JsonGenerator json) throws IOException {
            json.writeRaw('\n');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator json) throws IOException {
            json.writeRaw(",\n");
        }

        @Override
        public void writeEndArray(JsonGenerator json, int nrOfValues) throws IOException {
            if (nrOfValues > 0) {
                json.writeRaw('\n');
            }
            json.writeRaw(']');
        }
    }
}
