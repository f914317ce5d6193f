package ai.mirroros.licensing.marketplace;

import java.util.Objects;

/**
 * A template to create for {@code vaultId}; {@code publish} lists it at once.
 */
public record NewTemplate(String vaultId, TemplateDetails details, PriceRequest price, Branding branding,
                          boolean publish) {
    public NewTemplate {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(branding, "branding");
    }
}
