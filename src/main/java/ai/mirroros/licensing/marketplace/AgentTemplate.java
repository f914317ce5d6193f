package ai.mirroros.licensing.marketplace;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent template a vault sells on the marketplace. Its price is fixed when it is saved; a sale is a Stripe payment
 * whose metadata names {@code template_id}, split by the vault's rules like any other payment.
 *
 * @param templateId   readable and unique: {@code tpl_<slug of the name>_<5 random characters>} ({@link TemplateIds})
 * @param deploymentId the vault deployment the template was made from, when given
 * @param listed       whether the marketplace lists it (and so whether it can be bought)
 * @param listedAt     when it was last published; kept after it is unpublished
 */
public record AgentTemplate(
        String templateId,
        String vaultId,
        String name,
        Optional<String> description,
        TemplateCategory category,
        Optional<String> deploymentId,
        TemplatePrice price,
        Branding branding,
        boolean listed,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> listedAt) {

    public AgentTemplate {
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(branding, "branding");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(listedAt, "listedAt");
    }

    /** The name the listing shows: the brand name when there is one. */
    public String displayName() {
        return branding.name().orElse(name);
    }
}
