package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a partner writes about a template, checked once here: a name, and optionally a description and the deployment
 * it was made from. Limits are the columns' ({@code agent_template}, V7).
 */
public record TemplateDetails(String name, Optional<String> description, TemplateCategory category,
                              Optional<String> deploymentId) {
    public static final int NAME_MAX_CHARS = 200;
    public static final int DESCRIPTION_MAX_CHARS = 2_000;
    public static final int DEPLOYMENT_ID_MAX_CHARS = 100;

    public TemplateDetails {
        name = Objects.requireNonNull(name, "name").strip();
        description = Objects.requireNonNull(description, "description").map(String::strip).filter(d -> !d.isEmpty());
        Objects.requireNonNull(category, "category");
        deploymentId = Objects.requireNonNull(deploymentId, "deploymentId").map(String::strip)
                .filter(d -> !d.isEmpty());
        if (name.isEmpty()) {
            throw new LicensingException("invalid_template", "a template needs a name, e.g. --name \"Enterprise "
                    + "Analytics Bot\"");
        }
        requireAtMost("name", name, NAME_MAX_CHARS);
        description.ifPresent(d -> requireAtMost("description", d, DESCRIPTION_MAX_CHARS));
        deploymentId.ifPresent(d -> requireAtMost("deployment id", d, DEPLOYMENT_ID_MAX_CHARS));
    }

    private static void requireAtMost(String field, String value, int max) {
        if (value.length() > max) {
            throw new LicensingException("invalid_template", "template " + field + " is " + value.length()
                    + " characters; at most " + max + " are allowed");
        }
    }
}
