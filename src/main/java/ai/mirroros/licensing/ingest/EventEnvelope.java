package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * The envelope check every event passes before it is stored, from a webhook or an import: JSON, an object with a
 * string {@code id} and {@code type}, a numeric {@code created} and an object {@code data.object}. What is inside
 * the object is the processor's business; a malformed object parks the event rather than losing it.
 */
public final class EventEnvelope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventEnvelope() {
    }

    /** The event to store; throws {@link LicensingException} (code {@code malformed_event}) saying what is wrong. */
    public static IncomingEvent parse(String text, IncomingEvent.Origin origin) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw malformed("the body is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("id").isTextual() || !root.path("type").isTextual()
                || !root.path("created").canConvertToLong() || !root.path("data").path("object").isObject()) {
            throw malformed("not a Stripe event: it needs id, type, created and data.object");
        }
        String id = root.get("id").asText();
        String type = root.get("type").asText();
        if (id.isBlank() || id.length() > IncomingEvent.EVENT_ID_CHARS_MAX || type.isBlank()
                || type.length() > IncomingEvent.TYPE_CHARS_MAX) {
            throw malformed("event id must be 1 to " + IncomingEvent.EVENT_ID_CHARS_MAX + " characters and type 1 to "
                    + IncomingEvent.TYPE_CHARS_MAX);
        }
        return new IncomingEvent(id, type, Instant.ofEpochSecond(root.get("created").asLong()), text, origin);
    }

    private static LicensingException malformed(String detail) {
        return new LicensingException("malformed_event", detail);
    }
}
