package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PricingConfiguration;
import java.util.Objects;

/**
 * What a vault charges for an agent export, an agent-loop export and a platform fork, and the markup its templates
 * get by default. The rule, in one place: the vault's own {@code pricingConfiguration} when its
 * {@code monetizationConfig.enableCustomExportFees} is on, else the platform's defaults
 * ({@link PlatformTerms#defaultPricing()}, in their own currency).
 */
public final class ExportPricing {
    private final PricingConfiguration platformDefaults;

    public ExportPricing(PlatformTerms terms) {
        this.platformDefaults = Objects.requireNonNull(terms, "terms").defaultPricing();
    }

    /** Whose prices apply. */
    public enum Source {
        VAULT,
        PLATFORM_DEFAULT;

        /** Says where a figure came from, for messages and listings. */
        public String describe() {
            return this == VAULT ? "the vault's own pricing"
                    : "platform default: the vault's enableCustomExportFees is off";
        }
    }

    /** A fee and whose it is. */
    public record Fee(ExportKind kind, Money amount, Source source) {
        public Fee {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A template markup and whose it is. */
    public record Markup(Percentage rate, Source source) {
        public Markup {
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(source, "source");
        }
    }

    public Source source(LicensedVault vault) {
        return vault.monetizationConfig().enableCustomExportFees() ? Source.VAULT : Source.PLATFORM_DEFAULT;
    }

    /** The pricing configuration in force for {@code vault}: its own, or the platform's defaults. */
    public PricingConfiguration inForce(LicensedVault vault) {
        return source(vault) == Source.VAULT ? vault.pricingConfiguration() : platformDefaults;
    }

    public Fee fee(LicensedVault vault, ExportKind kind) {
        return new Fee(kind, kind.feeIn(inForce(vault)), source(vault));
    }

    /** The markup a template priced from its base cost gets when the partner names none. */
    public Markup templateMarkup(LicensedVault vault) {
        return new Markup(inForce(vault).agentTemplateMarkup(), source(vault));
    }

    public PricingConfiguration platformDefaults() {
        return platformDefaults;
    }
}
