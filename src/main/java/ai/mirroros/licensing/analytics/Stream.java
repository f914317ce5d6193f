package ai.mirroros.licensing.analytics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The revenue streams a partner's analytics are grouped by, from each payment's {@code product_type}. */
public enum Stream {
    TEMPLATES("templates", List.of("template")),
    HOSTING("hosting", List.of("hosted_platform")),
    EXPORTS("exports", List.of("agent_export", "loop_export", "platform_fork")),
    /** Payments posted by hand or without a product type. */
    OTHER("other", List.of());

    private final String label;
    private final List<String> productTypes;

    Stream(String label, List<String> productTypes) {
        this.label = label;
        this.productTypes = productTypes;
    }

    public String label() {
        return label;
    }

    public List<String> productTypes() {
        return productTypes;
    }

    /** The stream of a payment's product type; {@link #OTHER} when it has none or an unknown one. */
    public static Stream of(Optional<String> productType) {
        return productType.flatMap(type -> Arrays.stream(values()).filter(s -> s.productTypes.contains(type))
                .findFirst()).orElse(OTHER);
    }
}
