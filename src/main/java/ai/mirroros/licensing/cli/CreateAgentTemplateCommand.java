package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.Branding;
import ai.mirroros.licensing.marketplace.NewTemplate;
import ai.mirroros.licensing.marketplace.PriceRequest;
import ai.mirroros.licensing.marketplace.TemplateCategory;
import ai.mirroros.licensing.marketplace.TemplateDetails;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licensing create-agent-template}: the seed's command, a template on the vault's marketplace shelf. */
@Command(name = "create-agent-template", mixinStandardHelpOptions = true,
        description = {"Create an agent template a vault sells on the marketplace, priced in the vault's settlement "
                + "currency: an explicit --price, or --base-cost plus a --markup of 50-200 % (the markup amount "
                + "rounded half-up to the cent; without --markup, the vault's template markup).",
                "Refused when the vault's monetizationConfig.enableAgentTemplateResale is off. The template is "
                        + "not listed until published (--publish, or licensing templates publish ID).",
                "Example: licensing create-agent-template --name \"Enterprise Analytics Bot\" --price 875"})
final class CreateAgentTemplateCommand extends TimedDatabaseCommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The template's name.")
    String name;

    @Option(names = "--price", paramLabel = "AMOUNT",
            description = "Explicit price, e.g. 875 = 875.00 in the vault's settlement currency.")
    String price;

    @Option(names = "--base-cost", paramLabel = "AMOUNT",
            description = "Base cost; the price is base cost + markup.")
    String baseCost;

    @Option(names = "--markup", paramLabel = "PERCENT",
            description = "Markup on --base-cost, 50-200 (default: the vault's template markup).")
    String markup;

    @Option(names = "--category", paramLabel = "CATEGORY", defaultValue = "workflow",
            description = "industry, workflow, analytics or integration (default: ${DEFAULT-VALUE}).")
    String category;

    @Option(names = "--vault", paramLabel = "VAULT", defaultValue = "${env:LICENSING_VAULT}",
            description = "The selling vault (env LICENSING_VAULT: the partner's own vault); may be "
            + "left out when exactly one vault is registered.")
    String vault;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the template does.")
    String description;

    @Option(names = "--deployment", paramLabel = "ID", description = "The deployment the template was made from.")
    String deployment;

    @Option(names = "--brand-name", paramLabel = "NAME", description = "The name the listing is branded with.")
    String brandName;

    @Option(names = "--brand-color", paramLabel = "#RRGGBB", description = "The listing's primary colour.")
    String brandColor;

    @Option(names = "--publish", description = "List it on the marketplace at once.")
    boolean publish;

    @Override
    public Integer call() {
        PriceRequest priceRequest = PriceRequest.of(Optional.ofNullable(price), Optional.ofNullable(baseCost),
                Optional.ofNullable(markup));
        TemplateDetails details = new TemplateDetails(name, Optional.ofNullable(description),
                TemplateCategory.parse(category), Optional.ofNullable(deployment));
        Branding branding = new Branding(Optional.ofNullable(brandName), Optional.ofNullable(brandColor));
        try (LicensingApp app = store.openApp(asOf.clock())) {
            VaultChoice choice = VaultChoice.of(app, vault, app.clock().instant());
            AgentTemplate template = MarketplaceOptions.marketplace(app).templates().create(
                    new NewTemplate(choice.vault().vaultId(), details, priceRequest, branding, publish));
            PrintWriter out = out();
            out.printf("created template %s for vault %s%s%n", template.templateId(), template.vaultId(),
                    choice.note());
            TemplatesCommand.printDetails(out, template);
        }
        return 0;
    }
}
