package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;

/** A vault's list prices: export fees, the hosted fork fee, and the markup on marketplace templates. */
public record PricingConfiguration(
        Money agentExportFee,
        Money agentLoopExportFee,
        Money platformForkFee,
        Percentage agentTemplateMarkup) {
    public PricingConfiguration {
        Objects.requireNonNull(agentExportFee, "agentExportFee");
        Objects.requireNonNull(agentLoopExportFee, "agentLoopExportFee");
        Objects.requireNonNull(platformForkFee, "platformForkFee");
        Objects.requireNonNull(agentTemplateMarkup, "agentTemplateMarkup");
    }
}
