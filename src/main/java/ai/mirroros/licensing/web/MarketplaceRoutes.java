package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.Marketplace;
import ai.mirroros.licensing.marketplace.TemplateStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public marketplace: {@code GET /marketplace/templates} lists the published templates, and
 * {@code GET /marketplace/templates/{id}} shows one and counts the view (the denominator of its conversion). Unlisted
 * templates are not shown and their views are not counted.
 */
final class MarketplaceRoutes {
    private MarketplaceRoutes() {
    }

    static void register(RoutesConfig routes, LicensingApp app) {
        TemplateStore templates = Marketplace.over(app.database(), app.vaults(), app.activityLog(), app.clock(),
                app.platformTerms()).templates();
        routes.get("/marketplace/templates", ctx -> ctx.json(Map.of("data",
                templates.listed().stream().map(MarketplaceRoutes::listing).toList())));
        routes.get("/marketplace/templates/{id}", ctx -> show(ctx, templates));
    }

    private static void show(Context ctx, TemplateStore templates) {
        String id = ctx.pathParam("id");
        Optional<AgentTemplate> template = templates.viewListing(id);
        if (template.isEmpty()) {
            WebServer.problem(ctx, HttpStatus.NOT_FOUND, "template_not_listed", "no template '" + id
                    + "' is listed on the marketplace");
            return;
        }
        ctx.json(listing(template.get()));
    }

    /** A listing as the public sees it: no base cost or markup, which are the partner's business. */
    static Map<String, Object> listing(AgentTemplate t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", t.templateId());
        json.put("vaultId", t.vaultId());
        json.put("name", t.name());
        json.put("description", t.description().orElse(null));
        json.put("category", t.category().wireName());
        json.put("price", Map.of("amount", t.price().price().toDecimalString(),
                "currency", t.price().price().currency().code()));
        json.put("branding", t.branding().toMap());
        json.put("listedAt", t.listedAt().map(Object::toString).orElse(null));
        return json;
    }
}
