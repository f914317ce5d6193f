package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.ExportKind;
import ai.mirroros.licensing.marketplace.ExportPricing;
import ai.mirroros.licensing.marketplace.Marketplace;
import ai.mirroros.licensing.marketplace.TemplateSales;
import ai.mirroros.licensing.marketplace.TemplateStats;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.LicensedVault;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vault's marketplace business: {@code /api/vaults/{vaultId}/templates[/{templateId}]} with each template's views,
 * sales and gross over its whole life (TemplateSales), and {@code /export-pricing}, the export fees in force. Another
 * vault's template is a 404, like one that does not exist.
 */
final class MarketplaceApi {
    static final String TEMPLATE_PARAM = "templateId";

    private MarketplaceApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        Marketplace marketplace = Marketplace.over(app.database(), app.vaults(), app.activityLog(), app.clock(),
                app.platformTerms());
        api.get("/api/vaults/{vaultId}/templates", ctx -> ctx.json(Map.of("data",
                stats(marketplace.sales(), VaultApi.vault(ctx, app)).stream().map(MarketplaceApi::template)
                        .toList())));
        api.get("/api/vaults/{vaultId}/templates/{templateId}", ctx -> ctx.json(template(
                oneTemplate(ctx, marketplace.sales(), VaultApi.vault(ctx, app)))));
        api.get("/api/vaults/{vaultId}/export-pricing", ctx -> ctx.json(exportPricing(marketplace.exportPricing(),
                VaultApi.vault(ctx, app))));
    }

    /** All-time figures of the vault's templates, newest first (at most TemplateStore.LIST_MAX). */
    private static List<TemplateStats> stats(TemplateSales sales, LicensedVault vault) {
        return sales.stats(Optional.of(vault.vaultId()), Optional.empty(), Optional.empty());
    }

    private static TemplateStats oneTemplate(Context ctx, TemplateSales sales, LicensedVault vault) {
        String templateId = ctx.pathParam(TEMPLATE_PARAM);
        return stats(sales, vault).stream().filter(s -> s.template().templateId().equals(templateId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("template", templateId));
    }

    private static Map<String, Object> template(TemplateStats s) {
        AgentTemplate t = s.template();
        CurrencyUnit currency = t.price().price().currency();
        Money gross = s.revenue().stream().map(TemplateStats.Revenue::gross)
                .filter(m -> m.currency().equals(currency)).reduce(Money.zero(currency), Money::plus);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("templateId", t.templateId());
        json.put("name", t.name());
        json.put("category", t.category().wireName());
        json.put("price", t.price().price().toDecimalString());
        json.put("currency", currency.code());
        json.put("listed", t.listed());
        json.put("views", s.views());
        json.put("sales", s.sales());
        json.put("gross", gross.toDecimalString());
        json.put("conversionPercent", s.conversion().map(p -> p.toDecimal().toPlainString()).orElse(null));
        return json;
    }

    private static Map<String, Object> exportPricing(ExportPricing pricing, LicensedVault vault) {
        Money agent = pricing.fee(vault, ExportKind.AGENT).amount();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("currency", agent.currency().code());
        json.put("agentExportFee", agent.toDecimalString());
        json.put("loopExportFee", pricing.fee(vault, ExportKind.LOOP).amount().toDecimalString());
        json.put("platformForkFee", pricing.fee(vault, ExportKind.PLATFORM_FORK).amount().toDecimalString());
        json.put("customFeesEnabled", pricing.source(vault) == ExportPricing.Source.VAULT);
        return json;
    }
}
