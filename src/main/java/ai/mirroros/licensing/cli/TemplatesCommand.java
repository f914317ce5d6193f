package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.Branding;
import ai.mirroros.licensing.marketplace.PriceRequest;
import ai.mirroros.licensing.marketplace.TemplateCategory;
import ai.mirroros.licensing.marketplace.TemplateChanges;
import ai.mirroros.licensing.marketplace.TemplateStats;
import ai.mirroros.licensing.marketplace.TemplateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing templates …}: the marketplace's templates, their listings and how they sell. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "List, show, update, publish and unpublish marketplace templates, and their sales stats. "
                + "Create them with licensing create-agent-template.",
        subcommands = {TemplatesCommand.ListTemplates.class, TemplatesCommand.Show.class,
                TemplatesCommand.Update.class, TemplatesCommand.Publish.class, TemplatesCommand.Unpublish.class,
                TemplatesCommand.Stats.class})
final class TemplatesCommand extends CommandGroup {

    /** The lines under "created template …" and of {@code templates show}. */
    static void printDetails(PrintWriter out, AgentTemplate t) {
        out.printf("  name:       %s%n", t.name());
        t.description().ifPresent(d -> out.printf("  description: %s%n", d));
        out.printf("  category:   %s%n", t.category().wireName());
        out.printf("  price:      %s%n", t.price().describe());
        t.deploymentId().ifPresent(d -> out.printf("  deployment: %s%n", d));
        if (!t.branding().isEmpty()) {
            out.printf("  branding:   %s%s%n", t.branding().name().map(n -> "name \"" + n + "\"").orElse(""),
                    t.branding().color().map(c -> (t.branding().name().isPresent() ? ", " : "") + "colour " + c)
                            .orElse(""));
        }
        out.printf("  listing:    %s%n", t.listed() ? "listed on the marketplace since " + t.listedAt().orElseThrow()
                : "not listed; publish it with: licensing templates publish " + t.templateId());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Templates, newest first.")
    static final class ListTemplates extends TimedDatabaseCommand {
        @Option(names = "--vault", paramLabel = "VAULT", description = "Only this vault's templates.")
        String vault;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                List<AgentTemplate> templates = MarketplaceOptions.marketplace(app).templates()
                        .list(Optional.ofNullable(vault));
                PrintWriter out = out();
                if (templates.isEmpty()) {
                    out.println("no templates yet; create one with: licensing create-agent-template --name NAME "
                            + "--price AMOUNT");
                    return 0;
                }
                String row = "%-44s %-24s %-11s %16s  %-6s  %s%n";
                out.printf(row, "TEMPLATE", "VAULT", "CATEGORY", "PRICE", "LISTED", "NAME");
                for (AgentTemplate t : templates) {
                    out.printf(row, t.templateId(), t.vaultId(), t.category().wireName(), t.price().price(),
                            t.listed() ? "yes" : "no", t.name());
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Every field of one template.")
    static final class Show extends TimedDatabaseCommand {
        @Parameters(paramLabel = "ID", description = "Template id, e.g. tpl_enterprise-analytics-bot_k3f9x.")
        String templateId;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                AgentTemplate t = MarketplaceOptions.marketplace(app).templates().require(templateId);
                PrintWriter out = out();
                out.printf("%s  vault %s%n", t.templateId(), t.vaultId());
                printDetails(out, t);
                out.printf("  created:    %s%n  updated:    %s%n", t.createdAt(), t.updatedAt());
            }
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a template's name, description, category, deployment, price or branding. A new "
                    + "price follows the create rules (--price, or --base-cost with an optional 50-200 % --markup).")
    static final class Update extends TimedDatabaseCommand {
        @Parameters(paramLabel = "ID", description = "Template id.")
        String templateId;
        @Option(names = "--name", paramLabel = "NAME")
        String name;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--category", paramLabel = "CATEGORY")
        String category;
        @Option(names = "--deployment", paramLabel = "ID")
        String deployment;
        @Option(names = "--price", paramLabel = "AMOUNT")
        String price;
        @Option(names = "--base-cost", paramLabel = "AMOUNT")
        String baseCost;
        @Option(names = "--markup", paramLabel = "PERCENT")
        String markup;
        @Option(names = "--brand-name", paramLabel = "NAME")
        String brandName;
        @Option(names = "--brand-color", paramLabel = "#RRGGBB")
        String brandColor;

        @Override
        public Integer call() {
            Optional<PriceRequest> newPrice = price == null && baseCost == null && markup == null ? Optional.empty()
                    : Optional.of(PriceRequest.of(Optional.ofNullable(price), Optional.ofNullable(baseCost),
                            Optional.ofNullable(markup)));
            try (LicensingApp app = store.openApp(asOf.clock())) {
                TemplateStore templates = MarketplaceOptions.marketplace(app).templates();
                AgentTemplate before = templates.require(templateId);
                Optional<Branding> branding = brandName == null && brandColor == null ? Optional.empty()
                        : Optional.of(new Branding(Optional.ofNullable(brandName).or(before.branding()::name),
                                Optional.ofNullable(brandColor).or(before.branding()::color)));
                TemplateStore.Change change = templates.update(templateId, new TemplateChanges(
                        Optional.ofNullable(name), Optional.ofNullable(description),
                        Optional.ofNullable(category).map(TemplateCategory::parse), Optional.ofNullable(deployment),
                        newPrice, branding));
                PrintWriter out = out();
                out.println(change.changed() ? "updated template " + templateId
                        : templateId + ": unchanged; nothing recorded");
                printDetails(out, change.template());
            }
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "List a template on the marketplace (refused when its vault no longer resells templates).")
    static final class Publish extends TimedDatabaseCommand {
        @Parameters(paramLabel = "ID", description = "Template id.")
        String templateId;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                TemplateStore.Change change = MarketplaceOptions.marketplace(app).templates()
                        .publish(templateId);
                out().println(change.changed() ? templateId + ": listed on the marketplace at "
                        + change.template().price().price()
                        : templateId + ": already listed; nothing recorded");
            }
            return 0;
        }
    }

    @Command(name = "unpublish", mixinStandardHelpOptions = true,
            description = "Take a template's listing down; the template and its sales stay.")
    static final class Unpublish extends TimedDatabaseCommand {
        @Parameters(paramLabel = "ID", description = "Template id.")
        String templateId;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                TemplateStore.Change change = MarketplaceOptions.marketplace(app).templates()
                        .unpublish(templateId);
                out().println(change.changed() ? templateId + ": no longer listed; it cannot be bought until "
                        + "published again" : templateId + ": not listed; nothing recorded");
            }
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Per template: sales (payments naming it), listing views, conversion (sales / views), "
                    + "gross revenue, what refunds and disputes took back, net, and the partner's share net of "
                    + "clawbacks, all as booked in the ledger.",
                    "Dates are whole UTC days, inclusive; without them, all history."})
    static final class Stats extends TimedDatabaseCommand {
        @Option(names = "--vault", paramLabel = "VAULT", description = "Only this vault's templates.")
        String vault;
        @Option(names = "--from", paramLabel = "DATE", description = "First day, e.g. 2026-03-01.")
        String from;
        @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive.")
        String to;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                List<TemplateStats> stats = MarketplaceOptions.marketplace(app).sales().stats(
                        Optional.ofNullable(vault), MarketplaceOptions.date("--from", from),
                        MarketplaceOptions.date("--to", to));
                PrintWriter out = out();
                if (stats.isEmpty()) {
                    out.println("no templates yet; create one with: licensing create-agent-template --name NAME "
                            + "--price AMOUNT");
                    return 0;
                }
                String row = "%-44s %5s %6s %10s %16s %16s %16s %16s%n";
                out.printf(row, "TEMPLATE", "SALES", "VIEWS", "CONVERSION", "GROSS", "REFUNDED/DISP.", "NET",
                        "PARTNER SHARE");
                for (TemplateStats s : stats) {
                    String conversion = s.conversion().map(Object::toString).orElse("n/a");
                    boolean first = true;
                    for (TemplateStats.Revenue r : s.revenue()) {
                        out.printf(row, first ? s.template().templateId() : "", first ? s.sales() : "",
                                first ? s.views() : "", first ? conversion : "", r.gross(), r.reversed(), r.net(),
                                r.partnerShare());
                        first = false;
                    }
                }
            }
            return 0;
        }
    }
}
