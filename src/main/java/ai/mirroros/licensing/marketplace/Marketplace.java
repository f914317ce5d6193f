package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.VaultRegistry;
import java.time.Clock;

/**
 * The marketplace's services over one database and clock, built the same way by the CLI and the HTTP server.
 */
public record Marketplace(TemplateStore templates, TemplateSales sales, ExportPricing exportPricing,
                          ExportPricingUpdate pricingUpdate) {

    public static Marketplace over(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock,
                                   PlatformTerms terms) {
        ExportPricing pricing = new ExportPricing(terms);
        TemplateStore templates = new TemplateStore(database, vaults, pricing, activityLog, clock, new TemplateIds());
        return new Marketplace(templates, new TemplateSales(database, templates), pricing,
                new ExportPricingUpdate(database, vaults, activityLog, pricing));
    }
}
