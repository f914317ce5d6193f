package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What kind of work a marketplace template does; stored and shown by its lower-case wire name. */
public enum TemplateCategory {
    INDUSTRY,
    WORKFLOW,
    ANALYTICS,
    INTEGRATION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name (case-insensitive); anything else is an error that lists the choices. */
    public static TemplateCategory parse(String text) {
        String wanted = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new LicensingException("invalid_category", "category '" + text
                        + "' is not one of " + Arrays.stream(values()).map(TemplateCategory::wireName)
                        .collect(Collectors.joining(", "))));
    }
}
