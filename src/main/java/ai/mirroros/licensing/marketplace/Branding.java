package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a template's listing is branded: the name it is sold under and its primary colour. Both optional; a listing
 * without branding shows the template's own name.
 *
 * @param name  the brand name shown on the listing, at most {@value #NAME_MAX_CHARS} characters
 * @param color the primary colour as {@code #RRGGBB} (or {@code #RGB}), stored lower-case
 */
public record Branding(Optional<String> name, Optional<String> color) {
    public static final int NAME_MAX_CHARS = 100;
    public static final Branding NONE = new Branding(Optional.empty(), Optional.empty());
    private static final Pattern COLOR = Pattern.compile("#([0-9a-f]{3}|[0-9a-f]{6})");

    public Branding {
        name = Objects.requireNonNull(name, "name").map(String::strip).filter(n -> !n.isEmpty());
        color = Objects.requireNonNull(color, "color").map(c -> c.strip().toLowerCase(java.util.Locale.ROOT));
        if (name.isPresent() && name.get().length() > NAME_MAX_CHARS) {
            throw new LicensingException("invalid_branding", "brand name is " + name.get().length()
                    + " characters; at most " + NAME_MAX_CHARS + " are allowed");
        }
        if (color.isPresent() && !COLOR.matcher(color.get()).matches()) {
            throw new LicensingException("invalid_branding", "brand colour '" + color.get()
                    + "' is not a hex colour such as #1a73e8");
        }
    }

    public boolean isEmpty() {
        return name.isEmpty() && color.isEmpty();
    }

    /** The fields that are set, for JSON. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        name.ifPresent(n -> map.put("name", n));
        color.ifPresent(c -> map.put("color", c));
        return map;
    }

    public static Branding fromMap(Map<String, ?> map) {
        return new Branding(Optional.ofNullable((String) map.get("name")),
                Optional.ofNullable((String) map.get("color")));
    }
}
