package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.referral.ReferralStats;
import ai.mirroros.licensing.referral.ReferredVaults;
import ai.mirroros.licensing.referral.Referrals;
import ai.mirroros.licensing.vault.LicensedVault;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/vaults/{vaultId}/referrals}: the vault's referral codes with their funnel, its own referrer chain, the
 * vaults it referred and what it earned from them. Of a referred vault only summary figures are shown (id, sign-up,
 * level, commissions earned from it): its payments and customers are its own partner's business.
 */
final class ReferralApi {
    private ReferralApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        ReferralStats stats = Referrals.of(app).stats();
        ReferredVaults referred = new ReferredVaults(app.database(), app.vaults());
        api.get("/api/vaults/{vaultId}/referrals", ctx -> {
            LicensedVault vault = VaultApi.vault(ctx, app);
            ctx.json(referrals(vault, stats.stats(Optional.of(vault.vaultId())),
                    referred.of(vault.vaultId(), app.clock().instant())));
        });
    }

    private static Map<String, Object> referrals(LicensedVault vault, List<ReferralStats.CodeStats> codes,
                                                 List<ReferredVaults.ReferredVault> referredVaults) {
        CurrencyUnit currency = vault.settlementCurrency();
        List<Map<String, Object>> codeList = new ArrayList<>(codes.size());
        long visits = 0;
        long signups = 0;
        for (ReferralStats.CodeStats s : codes) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("code", s.code().code());
            code.put("link", "/r/" + s.code().code());
            code.put("shares", s.shares());
            code.put("visits", s.visits());
            code.put("signUps", s.signUps());
            code.put("firstRevenue", s.firstRevenue());
            code.put("createdAt", s.code().createdAt().toString());
            codeList.add(code);
            visits += s.visits();
            signups += s.signUps();
        }
        Money total = Money.zero(currency);
        List<Map<String, Object>> referredList = new ArrayList<>(referredVaults.size());
        for (ReferredVaults.ReferredVault r : referredVaults) {
            // One entry per currency the vault paid commissions in (nearly always one: its settlement currency).
            List<Money> earned = r.commissions().isEmpty() ? List.of(Money.zero(currency)) : r.commissions();
            for (Money amount : earned) {
                if (amount.currency().equals(currency)) {
                    total = total.plus(amount);
                }
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("vaultId", r.vaultId());
                json.put("signedUpAt", r.signedUpAt().map(Object::toString).orElse(null));
                json.put("level", r.level());
                json.put("commissionsEarned", amount.toDecimalString());
                json.put("currency", amount.currency().code());
                referredList.add(json);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("codes", codeList);
        json.put("referrerChain", vault.mirrorOrigin().referrerChain());
        json.put("referredVaults", referredList);
        // In the vault's settlement currency, its referrer account's; commissions credited in another currency
        // (from a referred vault settling in it) are in that referred vault's entry and in the balances.
        json.put("commissionsEarned", total.toDecimalString());
        json.put("currency", currency.code());
        Map<String, Object> conversions = new LinkedHashMap<>();
        conversions.put("visits", visits);
        conversions.put("signups", signups);
        conversions.put("ratePercent", visits == 0 ? null : BigDecimal.valueOf(signups)
                .multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(visits), 1, RoundingMode.HALF_UP)
                .toPlainString());
        json.put("conversions", conversions);
        return json;
    }
}
