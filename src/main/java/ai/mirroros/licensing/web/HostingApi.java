package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.hosting.HostedPlatform;
import ai.mirroros.licensing.hosting.HostedPlatformStore;
import ai.mirroros.licensing.vault.LicensedVault;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/vaults/{vaultId}/hosted-platforms[/{hostedPlatformId}]}: the white-label platforms a vault hosts, newest
 * first (at most HostedPlatformStore.LIST_MAX). Another vault's platform is a 404, like one that does not exist.
 */
final class HostingApi {
    static final String HOSTED_PLATFORM_PARAM = "hostedPlatformId";

    private HostingApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        api.get("/api/vaults/{vaultId}/hosted-platforms", ctx -> {
            LicensedVault vault = VaultApi.vault(ctx, app);
            ctx.json(Map.of("data", app.database().jdbi().withHandle(h -> HostedPlatformStore.list(h,
                    Optional.of(vault.vaultId()), Optional.empty())).stream().map(HostingApi::hosted).toList()));
        });
        api.get("/api/vaults/{vaultId}/hosted-platforms/{hostedPlatformId}", ctx -> {
            LicensedVault vault = VaultApi.vault(ctx, app);
            String id = ctx.pathParam(HOSTED_PLATFORM_PARAM);
            HostedPlatform platform = app.database().jdbi().withHandle(h -> HostedPlatformStore.find(h, id))
                    .filter(p -> p.vaultId().equals(vault.vaultId()))
                    .orElseThrow(() -> ApiProblem.notFound("hosted platform", id));
            ctx.json(hosted(platform));
        });
    }

    private static Map<String, Object> hosted(HostedPlatform p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hostedPlatformId", p.hostedPlatformId());
        json.put("clientName", p.client());
        json.put("plan", p.plan().tier().wireName());
        json.put("monthlyPrice", p.monthlyPrice().toDecimalString());
        json.put("currency", p.monthlyPrice().currency().code());
        json.put("status", p.status().dbName());
        json.put("createdAt", p.createdAt().toString());
        json.put("canceledAt", p.canceledAt().map(Object::toString).orElse(null));
        return json;
    }
}
