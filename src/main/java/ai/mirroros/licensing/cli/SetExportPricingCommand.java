package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.marketplace.ExportPricing;
import ai.mirroros.licensing.marketplace.ExportPricingUpdate;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.PricingConfiguration;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licensing set-export-pricing}: the seed's command, a vault's export fees as a new registry version. */
@Command(name = "set-export-pricing", mixinStandardHelpOptions = true,
        description = {"Set what a vault charges for agent exports, agent-loop exports and platform forks, and the "
                + "default markup of its templates: a new version of the vault's pricingConfiguration, effective "
                + "from --as-of (default now); earlier payments keep the earlier prices.",
                "Customers are charged these fees only while the vault's monetizationConfig.enableCustomExportFees "
                        + "is on; otherwise the platform's defaults apply (the command warns).",
                "Example: licensing set-export-pricing --agent-fee 175 --loop-fee 525"})
final class SetExportPricingCommand extends TimedDatabaseCommand {
    @Option(names = "--agent-fee", paramLabel = "AMOUNT", description = "Agent export fee, e.g. 175.")
    String agentFee;

    @Option(names = "--loop-fee", paramLabel = "AMOUNT", description = "Agent-loop export fee, e.g. 525.")
    String loopFee;

    @Option(names = "--platform-fork-fee", paramLabel = "AMOUNT", description = "Platform fork fee.")
    String platformForkFee;

    @Option(names = "--template-markup", paramLabel = "PERCENT",
            description = "Default markup of templates priced from a base cost, 50-200.")
    String templateMarkup;

    @Option(names = "--vault", paramLabel = "VAULT", defaultValue = "${env:LICENSING_VAULT}",
            description = "The vault (env LICENSING_VAULT: the partner's own vault); may be "
            + "left out when exactly one vault is registered.")
    String vault;

    @Override
    public Integer call() {
        Optional<Percentage> markup = Optional.ofNullable(templateMarkup).map(Percentage::parse);
        try (LicensingApp app = store.openApp(asOf.clock())) {
            Instant effective = app.clock().instant();
            VaultChoice choice = VaultChoice.of(app, vault, effective);
            ExportPricingUpdate.Result result = MarketplaceOptions.marketplace(app).pricingUpdate().apply(
                    new ExportPricingUpdate.Request(choice.vault().vaultId(), Optional.ofNullable(agentFee),
                            Optional.ofNullable(loopFee), Optional.ofNullable(platformForkFee), markup, effective));
            print(out(), result, choice);
            if (result.source() == ExportPricing.Source.PLATFORM_DEFAULT) {
                PrintWriter err = spec.commandLine().getErr();
                PricingConfiguration d = result.charged();
                err.printf("warning: %s has monetizationConfig.enableCustomExportFees off: these fees are recorded, "
                                + "but customers are charged the platform defaults (agent export %s, agent-loop "
                                + "export %s, platform fork %s, template markup %s) until it is turned on in the "
                                + "registry%n", result.vaultId(), d.agentExportFee(), d.agentLoopExportFee(),
                        d.platformForkFee(), d.agentTemplateMarkup());
                err.flush();
            }
        }
        return 0;
    }

    private static void print(PrintWriter out, ExportPricingUpdate.Result r, VaultChoice choice) {
        if (!r.changed()) {
            out.printf("%s: export pricing unchanged (version %d)%s; nothing recorded%n", r.vaultId(), r.version(),
                    choice.note());
            return;
        }
        out.printf("%s: export pricing is version %d, effective from %s%s%n", r.vaultId(), r.version(),
                r.effectiveFrom(), choice.note());
        line(out, "agent export fee", r.before().agentExportFee(), r.after().agentExportFee());
        line(out, "agent-loop export fee", r.before().agentLoopExportFee(), r.after().agentLoopExportFee());
        line(out, "platform fork fee", r.before().platformForkFee(), r.after().platformForkFee());
        line(out, "template markup", r.before().agentTemplateMarkup(), r.after().agentTemplateMarkup());
        out.printf("customers are charged: %s%n", r.source().describe());
    }

    private static void line(PrintWriter out, String what, Object before, Object after) {
        out.printf("  %-22s %s%n", what, Objects.equals(before, after) ? before + " (unchanged)"
                : before + " -> " + after);
    }
}
