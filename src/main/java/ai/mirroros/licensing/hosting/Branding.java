package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.LicensingException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a white-label platform presents itself to the client's users.
 *
 * @param name  the brand name shown instead of MirrorOS
 * @param color the brand's main colour, {@code #rrggbb}
 */
public record Branding(Optional<String> name, Optional<String> color) {
    public static final Branding NONE = new Branding(Optional.empty(), Optional.empty());
    static final int NAME_LENGTH_MAX = 100;
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Branding {
        name = Objects.requireNonNull(name, "name").map(String::strip).filter(n -> !n.isEmpty());
        color = Objects.requireNonNull(color, "color").map(c -> c.strip().toLowerCase(Locale.ROOT))
                .filter(c -> !c.isEmpty());
        if (name.isPresent() && name.get().length() > NAME_LENGTH_MAX) {
            throw new LicensingException("invalid_branding", "--brand-name is longer than " + NAME_LENGTH_MAX
                    + " characters");
        }
        if (color.isPresent() && !COLOR.matcher(color.get()).matches()) {
            throw new LicensingException("invalid_branding", "--brand-color must be a hex colour such as #1a2b3c, "
                    + "got '" + color.get() + "'");
        }
    }

    public boolean isEmpty() {
        return name.isEmpty() && color.isEmpty();
    }

    /** The {@code branding_json} column: {@code {"color":…,"name":…}}, or empty when there is no branding. */
    Optional<String> toJson() {
        if (isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = JSON.createObjectNode();
        color.ifPresent(c -> node.put("color", c));
        name.ifPresent(n -> node.put("name", n));
        try {
            return Optional.of(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static Branding fromJson(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return new Branding(Optional.ofNullable(node.path("name").textValue()),
                    Optional.ofNullable(node.path("color").textValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("branding_json is written by Branding.toJson: " + json, e);
        }
    }
}
