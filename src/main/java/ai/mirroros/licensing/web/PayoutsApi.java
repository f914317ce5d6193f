package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.payout.Payout;
import ai.mirroros.licensing.payout.PayoutCalendar;
import ai.mirroros.licensing.payout.PayoutForecast;
import ai.mirroros.licensing.payout.PayoutStore;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PayoutSchedule;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/vaults/{vaultId}/payouts}: a vault's payouts (newest due date first), the next one it can expect, and
 * one payout with its history. A vault is paid as payee {@code vaultId}, for its own share and its referrer
 * commissions together; every read names the payee, so another vault's payout is not found.
 */
final class PayoutsApi {
    private PayoutsApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        api.get("/api/vaults/{vaultId}/payouts", ctx -> list(ctx, app));
        // Before /payouts/{payoutId}, which would otherwise take "upcoming" for an id.
        api.get("/api/vaults/{vaultId}/payouts/upcoming", ctx -> upcoming(ctx, app));
        api.get("/api/vaults/{vaultId}/payouts/{payoutId}", ctx -> detail(ctx, app));
    }

    private static void list(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        int limit = ApiRequest.limit(ctx);
        ApiRequest.Period period = ApiRequest.period(ctx, PaymentsApi.ALL_TIME_FROM, PaymentsApi.ALL_TIME_TO);
        Optional<PayoutStore.Position> after = ApiRequest.cursor(ctx, 2).map(PayoutsApi::position);
        List<Payout> fetched = app.database().jdbi().withHandle(h -> PayoutStore.page(h, vault.vaultId(),
                firstDayFrom(period.from()), firstDayFrom(period.to()), after, ApiPage.fetchSize(limit)));
        ctx.json(ApiPage.of(fetched, limit, PayoutsApi::payout,
                p -> ApiRequest.cursor(p.dueDate().toString(), p.payoutId())));
    }

    private static void upcoming(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        Instant now = app.clock().instant();
        PayoutSchedule schedule = vault.payoutSchedule();
        CurrencyUnit currency = vault.settlementCurrency();
        String payeeId = vault.vaultId();
        PayoutForecast.Forecast forecast = app.database().jdbi().inTransaction(h -> {
            Optional<Payee> payee = PayeeStore.find(h, payeeId);
            PayoutStore.Available available = PayoutStore.availableBalances(h, List.of(payeeId))
                    .get(PayoutStore.balanceKey(payeeId, currency));
            Money availableNow = available == null ? Money.zero(currency) : available.total();
            LocalDate lastDue = PayoutCalendar.lastDueDate(schedule, LocalDate.ofInstant(now, ZoneOffset.UTC));
            Set<LocalDate> made = PayoutStore.dueDatesPlanned(h, payeeId, currency, lastDue);
            return PayoutForecast.next(schedule, now, availableNow, PayoutStore.pendingMaturities(h, payeeId,
                    currency), made, PayoutForecast.blockers(payeeId, payee, schedule));
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nextPayoutDate", forecast.payoutDate().toString());
        json.put("dueDate", forecast.dueDate().toString());
        json.put("currency", currency.code());
        json.put("estimatedAmount", forecast.amount().toDecimalString());
        json.put("minimumAmount", schedule.minimumAmount().toDecimalString());
        json.put("reachesMinimum", forecast.reachesMinimum());
        json.put("blockers", forecast.blockers());
        ctx.json(json);
    }

    private static void detail(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        String payoutId = ctx.pathParam("payoutId");
        Map<String, Object> json = app.database().jdbi().withHandle(h -> PayoutStore.find(h, vault.vaultId(),
                payoutId).map(payout -> {
                    Map<String, Object> detail = payout(payout);
                    detail.put("events", PayoutStore.events(h, payoutId).stream().map(PayoutsApi::event).toList());
                    return detail;
                })).orElseThrow(() -> ApiProblem.notFound("payout", payoutId));
        ctx.json(json);
    }

    /**
     * The first date whose start (00:00 UTC) is at or after {@code instant}: a payout falls in the period
     * {@code [from, to)} when the start of its due date does.
     */
    static LocalDate firstDayFrom(Instant instant) {
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(instant) ? day : day.plusDays(1);
    }

    private static PayoutStore.Position position(List<String> cursor) {
        try {
            return new PayoutStore.Position(LocalDate.parse(cursor.get(0)), cursor.get(1));
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidParameter("cursor", "not a cursor this endpoint returned; pass nextCursor "
                    + "from the previous page unchanged");
        }
    }

    static Map<String, Object> payout(Payout p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("payoutId", p.payoutId());
        json.put("dueDate", p.dueDate().toString());
        json.put("currency", p.amount().currency().code());
        json.put("amount", p.amount().toDecimalString());
        json.put("vaultShare", p.vaultPart().toDecimalString());
        json.put("referrerShare", p.referrerPart().toDecimalString());
        json.put("status", p.status().dbName());
        json.put("transferId", p.transferId().orElse(null));
        json.put("attempts", p.attempts());
        json.put("nextAttemptAt", p.nextAttemptAt().map(Instant::toString).orElse(null));
        json.put("lastError", p.lastError().orElse(null));
        json.put("createdAt", p.createdAt().toString());
        json.put("updatedAt", p.updatedAt().toString());
        json.put("reversed", p.reversed().toDecimalString());
        return json;
    }

    private static Map<String, Object> event(PayoutStore.Event e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", e.at().toString());
        json.put("status", e.status().dbName());
        json.put("detail", e.detail());
        return json;
    }
}
