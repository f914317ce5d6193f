package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.analytics.AnalyticsJson;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.tier.MonthRevenue;
import ai.mirroros.licensing.tier.TierPolicy;
import ai.mirroros.licensing.tier.UpgradeCalculator;
import ai.mirroros.licensing.tier.UpgradeEstimate;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.LicensedVault;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a vault grows: {@code /api/vaults/{vaultId}/analytics} (the CLI's {@code analytics show --json}, partner
 * earnings per stream and month included) and {@code /upgrade}, the upgrade calculator over the last six months as
 * {@code licensing tiers roi} computes it. At the highest tier there is no next tier to compare with: the upgrade's
 * next-tier and ROI figures are null and only the months' gross is shown.
 */
final class GrowthApi {
    /** The dashboard's trend: six calendar months, the current one included (as the CLI's default). */
    static final int RECENT_MONTHS = 6;
    /** Ten years of monthly figures is more than any chart shows; longer periods are an export's job. */
    static final int PERIOD_MONTHS_MAX = 120;

    private GrowthApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        TierPolicy policy = new TierPolicy(app.platformTerms());
        UpgradeCalculator calculator = new UpgradeCalculator(app.database(), app.vaults(), policy, app.json());
        api.get("/api/vaults/{vaultId}/analytics", ctx -> {
            LicensedVault vault = VaultApi.vault(ctx, app);
            ApiRequest.Period period = analyticsPeriod(ctx, app.clock().instant());
            if (app.vaults().find(vault.vaultId(), period.to().minusNanos(1)).isEmpty()) {
                throw ApiProblem.invalidParameter("to", "vault '" + vault.vaultId() + "' was not yet registered "
                        + "before " + period.to());
            }
            ctx.json(AnalyticsJson.toMap(app.analytics().report(vault.vaultId(), period.from(), period.to())));
        });
        api.get("/api/vaults/{vaultId}/upgrade", ctx -> {
            LicensedVault vault = VaultApi.vault(ctx, app);
            Instant now = app.clock().instant();
            Optional<LicenseType> next = TierPolicy.next(vault.licenseType());
            ctx.json(next.isEmpty() ? topTier(app, vault, now)
                    : upgrade(vault, policy, calculator.estimate(vault.vaultId(), now, RECENT_MONTHS)));
        });
    }

    /**
     * {@code [from, to)} from the query, else the six calendar months ending with the month of {@code to} (default:
     * now), the CLI's default period.
     */
    static ApiRequest.Period analyticsPeriod(Context ctx, Instant now) {
        ApiRequest.Period given = ApiRequest.period(ctx, Instant.EPOCH, now);
        String from = ctx.queryParam("from");
        Instant start = from != null && !from.isBlank() ? given.from()
                : MonthRevenue.start(MonthRevenue.monthOf(given.to().minusNanos(1)).minusMonths(RECENT_MONTHS - 1));
        long months = ChronoUnit.MONTHS.between(MonthRevenue.monthOf(start),
                MonthRevenue.monthOf(given.to().minusNanos(1))) + 1;
        if (months > PERIOD_MONTHS_MAX) {
            throw ApiProblem.invalidParameter("from", "the period spans " + months + " calendar months; at most "
                    + PERIOD_MONTHS_MAX + " are allowed");
        }
        return new ApiRequest.Period(start, given.to());
    }

    private static Map<String, Object> upgrade(LicensedVault vault, TierPolicy policy, UpgradeEstimate e) {
        Map<String, Object> json = tiers(vault);
        json.put("nextTier", e.nextTier().wireName());
        json.put("nextSharePercent", percent(TierPolicy.onTier(vault, e.nextTier()).revenueSharing().partnerShare()));
        // Thresholds are in the platform's currency; a vault settling in another is not moved by revenue.
        json.put("nextThreshold", policy.applies(vault) ? e.nextThreshold().toDecimalString() : null);
        List<Map<String, Object>> months = new ArrayList<>();
        for (UpgradeEstimate.Month m : e.months()) {
            months.add(month(m.month(), m.gross(), m.reachesNextThreshold()));
        }
        json.put("months", months);
        json.put("earned", e.earned().toDecimalString());
        json.put("wouldHaveEarned", e.wouldHaveEarned().toDecimalString());
        json.put("difference", e.difference().toDecimalString());
        json.put("currency", vault.settlementCurrency().code());
        return json;
    }

    private static Map<String, Object> topTier(LicensingApp app, LicensedVault vault, Instant now) {
        YearMonth last = MonthRevenue.monthOf(now);
        Map<YearMonth, Money> series = app.database().jdbi().withHandle(h -> MonthRevenue.series(h,
                vault.vaultId(), vault.settlementCurrency(), last.minusMonths(RECENT_MONTHS - 1), last));
        Map<String, Object> json = tiers(vault);
        json.put("nextTier", null);
        json.put("nextSharePercent", null);
        json.put("nextThreshold", null);
        List<Map<String, Object>> months = new ArrayList<>();
        series.forEach((month, gross) -> months.add(month(month, gross, false)));
        json.put("months", months);
        json.put("earned", null);
        json.put("wouldHaveEarned", null);
        json.put("difference", null);
        json.put("currency", vault.settlementCurrency().code());
        return json;
    }

    private static Map<String, Object> tiers(LicensedVault vault) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("currentTier", vault.licenseType().wireName());
        json.put("currentSharePercent", percent(vault.revenueSharing().partnerShare()));
        return json;
    }

    private static Map<String, Object> month(YearMonth month, Money gross, boolean reaches) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("month", month.toString());
        json.put("gross", gross.toDecimalString());
        json.put("reachesNextThreshold", reaches);
        return json;
    }

    private static String percent(Percentage p) {
        return p.toDecimal().toPlainString();
    }
}
