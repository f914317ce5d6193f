package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.vault.LicensedVault;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/vaults/{vaultId}/balances} (the vault's ledger accounts, as {@code licensing ledger balances --vault}
 * shows them, plus the named figures a partner reads) and {@code /activity} (its entries of the hash-chained
 * activity log, with their hashes, newest first).
 */
final class LedgerApi {
    private LedgerApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        api.get("/api/vaults/{vaultId}/balances", ctx -> balances(ctx, app));
        api.get("/api/vaults/{vaultId}/activity", ctx -> activity(ctx, app));
    }

    private static void balances(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        Instant now = app.clock().instant();
        CurrencyUnit currency = vault.settlementCurrency();
        List<AccountBalance> accounts = app.ledger().balances(Optional.of(vault.vaultId()), Optional.of(now));
        Money disputesHeld = app.database().jdbi().withHandle(h ->
                PaymentAdjustments.heldByOpenDisputes(h, vault.vaultId(), currency));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vaultId", vault.vaultId());
        json.put("asOf", now.toString());
        json.put("currency", currency.code());
        json.put("pending", figure(accounts, AccountType.VAULT_PENDING, currency));
        json.put("available", figure(accounts, AccountType.VAULT_AVAILABLE, currency));
        json.put("inTransit", figure(accounts, AccountType.VAULT_IN_TRANSIT, currency));
        json.put("paidOut", figure(accounts, AccountType.VAULT_PAID_OUT, currency));
        json.put("referrerPending", figure(accounts, AccountType.REFERRER_PENDING, currency));
        json.put("referrerAvailable", figure(accounts, AccountType.REFERRER_AVAILABLE, currency));
        json.put("referrerInTransit", figure(accounts, AccountType.REFERRER_IN_TRANSIT, currency));
        json.put("referrerPaidOut", figure(accounts, AccountType.REFERRER_PAID_OUT, currency));
        json.put("disputesHeld", disputesHeld.toDecimalString());
        json.put("accounts", accounts.stream().map(LedgerApi::account).toList());
        ctx.json(json);
    }

    /** The normal balance of the vault's account of {@code type} in {@code currency}; zero when it has none. */
    private static String figure(List<AccountBalance> accounts, AccountType type, CurrencyUnit currency) {
        return accounts.stream()
                .filter(a -> a.account().type() == type && a.account().currency().equals(currency))
                .map(AccountBalance::normalBalance)
                .findFirst()
                .orElse(Money.zero(currency))
                .toDecimalString();
    }

    private static Map<String, Object> account(AccountBalance balance) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", balance.account().key());
        json.put("type", balance.account().type().keyName());
        json.put("currency", balance.account().currency().code());
        json.put("balance", balance.normalBalance().toDecimalString());
        return json;
    }

    private static void activity(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        int limit = ApiRequest.limit(ctx);
        Optional<Long> beforeSeq = ApiRequest.cursor(ctx, 1).map(LedgerApi::seq);
        List<ActivityEntry> fetched = app.activityLog().page(vault.vaultId(), beforeSeq, ApiPage.fetchSize(limit));
        ctx.json(ApiPage.of(fetched, limit, LedgerApi::entry, e -> ApiRequest.cursor(Long.toString(e.seq()))));
    }

    private static long seq(List<String> cursor) {
        try {
            return Long.parseLong(cursor.getFirst());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidParameter("cursor", "not a cursor this endpoint returned; pass nextCursor "
                    + "from the previous page unchanged");
        }
    }

    private static Map<String, Object> entry(ActivityEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", e.seq());
        json.put("occurredAt", e.occurredAt().toString());
        json.put("recordedAt", e.recordedAt().toString());
        json.put("type", e.type());
        json.put("sourceId", e.sourceId().orElse(null));
        json.put("payload", e.payload());
        json.put("prevHash", e.prevHash());
        json.put("hash", e.hash());
        return json;
    }
}
