package ai.mirroros.licensing.marketplace;

import java.util.Objects;
import java.util.Optional;

/** What an update changes on a template; an empty field keeps the current value. */
public record TemplateChanges(Optional<String> name, Optional<String> description,
                              Optional<TemplateCategory> category, Optional<String> deploymentId,
                              Optional<PriceRequest> price, Optional<Branding> branding) {
    public TemplateChanges {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(branding, "branding");
    }

    public boolean isEmpty() {
        return name.isEmpty() && description.isEmpty() && category.isEmpty() && deploymentId.isEmpty()
                && price.isEmpty() && branding.isEmpty();
    }
}
