package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.access.Principal;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PayoutSchedule;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/me}, {@code /api/vaults} and {@code /api/vaults/{vaultId}}: who the caller is, the vaults it may see,
 * and one vault's profile, tier and compliance state. {@link #vault(Context, LicensingApp)} is the one gate every
 * per-vault route goes through.
 */
final class VaultApi {
    static final String VAULT_PARAM = "vaultId";

    private VaultApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        api.get("/api/me", ctx -> ctx.json(me(ApiAuth.principal(ctx))));
        api.get("/api/vaults", ctx -> {
            Principal principal = ApiAuth.principal(ctx);
            List<Map<String, Object>> data = app.vaults().latest().stream()
                    .filter(v -> principal.canSee(v.vaultId()))
                    .map(VaultApi::summary).toList();
            ctx.json(Map.of("data", data));
        });
        api.get("/api/vaults/{vaultId}", ctx -> {
            LicensedVault vault = vault(ctx, app);
            Optional<Payee> payee = app.database().jdbi().withHandle(h -> PayeeStore.find(h, vault.vaultId()));
            ctx.json(detail(vault, payee));
        });
    }

    /**
     * The vault named by the path, as in force now, if the caller may see it. Another partner's vault and a vault
     * that does not exist get the same 404, so a partner learns nothing about who else is registered.
     */
    static LicensedVault vault(Context ctx, LicensingApp app) {
        String vaultId = ctx.pathParam(VAULT_PARAM);
        if (!ApiAuth.principal(ctx).canSee(vaultId)) {
            throw ApiProblem.notFound("vault", vaultId);
        }
        Instant now = app.clock().instant();
        return app.vaults().find(vaultId, now)
                .or(() -> app.vaults().latest().stream().filter(v -> v.vaultId().equals(vaultId)).findFirst())
                .orElseThrow(() -> ApiProblem.notFound("vault", vaultId));
    }

    private static Map<String, Object> me(Principal principal) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keyId", principal.keyId());
        json.put("role", principal.role().wireName());
        json.put("vaultId", principal.vaultId().orElse(null));
        return json;
    }

    static Map<String, Object> summary(LicensedVault v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vaultId", v.vaultId());
        json.put("licenseType", v.licenseType().wireName());
        json.put("partnerSharePercent", v.revenueSharing().partnerShare().toDecimal().stripTrailingZeros()
                .toPlainString());
        json.put("settlementCurrency", v.settlementCurrency().code());
        return json;
    }

    private static Map<String, Object> detail(LicensedVault v, Optional<Payee> payee) {
        Map<String, Object> json = summary(v);
        json.put("licensedSince", v.licensedSince().toString());
        json.put("parentVaultId", v.mirrorOrigin().parentVault().orElse(null));
        json.put("referrerChain", v.mirrorOrigin().referrerChain());
        PayoutSchedule s = v.payoutSchedule();
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("frequency", s.frequency().name().toLowerCase(Locale.ROOT));
        schedule.put("dayOfWeek", s.dayOfWeek().map(d -> d.name().toLowerCase(Locale.ROOT)).orElse(null));
        schedule.put("dayOfMonth", s.dayOfMonth().orElse(null));
        schedule.put("minimumAmount", s.minimumAmount().toDecimalString());
        schedule.put("holdingDays", s.holdingPeriodDays());
        schedule.put("automatic", s.autoPayoutEnabled());
        json.put("payoutSchedule", schedule);
        json.put("compliance", compliance(v.vaultId(), payee));
        return json;
    }

    /** The payee record decides payouts (see {@link Payee#blockers()}); a vault never onboarded has none. */
    private static Map<String, Object> compliance(String vaultId, Optional<Payee> payee) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (payee.isEmpty()) {
            json.put("kycStatus", "not_onboarded");
            json.put("payoutsEnabled", false);
            json.put("taxDocument", "missing");
            json.put("payoutAccountVerified", false);
            json.put("hold", null);
            json.put("riskHold", null);
            json.put("blockers", Payee.blockers(vaultId, payee));
            return json;
        }
        Payee p = payee.get();
        json.put("kycStatus", p.kyc().name().toLowerCase(Locale.ROOT));
        json.put("payoutsEnabled", p.payoutsEnabled());
        json.put("taxDocument", p.taxDocument().name().toLowerCase(Locale.ROOT));
        json.put("payoutAccountVerified", p.payoutAccountVerified());
        json.put("hold", p.holdReason().orElse(null));
        json.put("riskHold", p.riskHold().orElse(null));
        json.put("blockers", p.blockers());
        return json;
    }
}
