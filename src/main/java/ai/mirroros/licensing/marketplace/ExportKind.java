package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.PricingConfiguration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a customer can export from a vault, each with its fee in the vault's pricing configuration and the
 * {@code product_type} its checkout carries (docs/STRIPE_INTEGRATION.md).
 */
public enum ExportKind {
    AGENT("agent", "agent_export", PricingConfiguration::agentExportFee),
    LOOP("loop", "loop_export", PricingConfiguration::agentLoopExportFee),
    PLATFORM_FORK("platform-fork", "platform_fork", PricingConfiguration::platformForkFee);

    private final String cliName;
    private final String productType;
    private final Function<PricingConfiguration, Money> fee;

    ExportKind(String cliName, String productType, Function<PricingConfiguration, Money> fee) {
        this.cliName = cliName;
        this.productType = productType;
        this.fee = fee;
    }

    /** How the CLI names it: {@code agent}, {@code loop}, {@code platform-fork}. */
    public String cliName() {
        return cliName;
    }

    /** The checkout's {@code product_type} metadata. */
    public String productType() {
        return productType;
    }

    Money feeIn(PricingConfiguration pricing) {
        return fee.apply(pricing);
    }

    public static ExportKind parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.cliName.equals(wanted) || k.productType.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new LicensingException("invalid_export_kind", "export kind '" + text
                        + "' is not one of " + Arrays.stream(values()).map(ExportKind::cliName)
                        .collect(Collectors.joining(", "))));
    }
}
