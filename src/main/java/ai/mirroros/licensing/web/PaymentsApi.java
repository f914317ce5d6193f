package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.analytics.Stream;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentHistory;
import ai.mirroros.licensing.revenue.PaymentHistory.Position;
import ai.mirroros.licensing.revenue.PaymentHistory.ProductTypes;
import ai.mirroros.licensing.revenue.PaymentHistory.StoredPayment;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.vault.LicensedVault;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/vaults/{vaultId}/payments} (a vault's payments, newest first, by period and revenue stream) and
 * {@code /payments/{paymentId}} (one payment with its split lines, their provenance and what refunds and disputes
 * took back). Every read names the vault in its WHERE clause, so another vault's payment is simply not found.
 */
final class PaymentsApi {
    /** No period given: every payment. */
    static final Instant ALL_TIME_FROM = Instant.EPOCH;
    static final Instant ALL_TIME_TO = Instant.parse("9999-01-01T00:00:00Z");

    private PaymentsApi() {
    }

    static void register(ApiRouter api, LicensingApp app) {
        api.get("/api/vaults/{vaultId}/payments", ctx -> list(ctx, app));
        api.get("/api/vaults/{vaultId}/payments/{paymentId}", ctx -> detail(ctx, app));
    }

    private static void list(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        int limit = ApiRequest.limit(ctx);
        ApiRequest.Period period = ApiRequest.period(ctx, ALL_TIME_FROM, ALL_TIME_TO);
        Optional<ProductTypes> stream = stream(ctx);
        Optional<Position> after = ApiRequest.cursor(ctx, 2).map(PaymentsApi::position);
        List<StoredPayment> fetched = app.database().jdbi().withHandle(h -> PaymentHistory.page(h, vault.vaultId(),
                period.from(), period.to(), stream, after, ApiPage.fetchSize(limit)));
        ctx.json(ApiPage.of(fetched, limit, PaymentsApi::payment,
                p -> ApiRequest.cursor(p.occurredAt().toString(), p.sourceId())));
    }

    private static void detail(Context ctx, LicensingApp app) {
        LicensedVault vault = VaultApi.vault(ctx, app);
        String paymentId = ctx.pathParam("paymentId");
        StoredPayment payment = app.database().jdbi()
                .withHandle(h -> PaymentHistory.find(h, vault.vaultId(), paymentId))
                .orElseThrow(() -> ApiProblem.notFound("payment", paymentId));
        ctx.json(detail(payment));
    }

    /** The {@code stream} filter: a revenue stream's product types, or for "other" everything the rest do not claim. */
    private static Optional<ProductTypes> stream(Context ctx) {
        String raw = ctx.queryParam("stream");
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Stream stream = Arrays.stream(Stream.values()).filter(s -> s.label().equals(raw.strip())).findFirst()
                .orElseThrow(() -> ApiProblem.invalidParameter("stream", "must be one of " + Arrays.stream(
                        Stream.values()).map(Stream::label).toList() + ", got '" + raw + "'"));
        if (stream == Stream.OTHER) {
            return Optional.of(ProductTypes.noneOf(Arrays.stream(Stream.values())
                    .flatMap(s -> s.productTypes().stream()).toList()));
        }
        return Optional.of(ProductTypes.anyOf(stream.productTypes()));
    }

    private static Position position(List<String> cursor) {
        try {
            return new Position(Instant.parse(cursor.get(0)), cursor.get(1));
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidParameter("cursor", "not a cursor this endpoint returned; pass nextCursor "
                    + "from the previous page unchanged");
        }
    }

    static Map<String, Object> payment(StoredPayment p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("paymentId", p.sourceId());
        json.put("occurredAt", p.occurredAt().toString());
        json.put("currency", p.currency().code());
        json.put("gross", p.split().gross().toDecimalString());
        json.put("fee", p.split().fee().toDecimalString());
        json.put("feeSource", p.split().feeSource().name().toLowerCase(Locale.ROOT));
        json.put("partner", p.split().partnerPayout().toDecimalString());
        json.put("platform", p.split().masterPayout().toDecimalString());
        json.put("referrers", p.split().referrerPayout().toDecimalString());
        json.put("stream", Stream.of(p.productType()).label());
        json.put("productType", p.productType().orElse(null));
        json.put("templateId", p.templateId().orElse(null));
        json.put("hostedPlatformId", p.hostedPlatformId().orElse(null));
        json.put("agentLoopId", p.agentLoopId().orElse(null));
        json.put("customerId", p.customerId().orElse(null));
        json.put("refunded", p.refunded().toDecimalString());
        json.put("disputed", p.disputeHeld().plus(p.disputeLost()).toDecimalString());
        return json;
    }

    private static Map<String, Object> detail(StoredPayment p) {
        Map<String, Object> json = payment(p);
        json.put("disputeHeld", p.disputeHeld().toDecimalString());
        json.put("disputeLost", p.disputeLost().toDecimalString());
        json.put("journalEntryId", p.journalEntryId());
        json.put("fx", p.charge().map(c -> {
            Map<String, Object> fx = new LinkedHashMap<>();
            fx.put("chargedAmount", c.charged().toDecimalString());
            fx.put("chargedCurrency", c.charged().currency().code());
            fx.put("exchangeRate", c.exchangeRate().toPlainString());
            fx.put("balanceTransactionId", c.balanceTransactionId().orElse(null));
            return fx;
        }).orElse(null));
        List<SplitLine> lines = p.split().lines();
        List<Money> clawedBack = p.clawedBackPerLine();
        List<Map<String, Object>> split = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            split.add(line(lines.get(i), clawedBack.get(i), p));
        }
        json.put("split", split);
        return json;
    }

    /** One split line with the rule that produced it and the account it was posted to. */
    private static Map<String, Object> line(SplitLine line, Money clawedBack, StoredPayment p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("party", SplitReport.partyKind(line.party()));
        json.put("partyId", line.partyId());
        json.put("level", line.party() instanceof Party.Referrer referrer ? referrer.level() : null);
        json.put("account", PaymentPosting.postedTo(line.party(), p.currency()).key());
        json.put("amount", line.amount().toDecimalString());
        json.put("rule", line.provenance().rule());
        json.put("rate", line.provenance().rate().toDecimal().toPlainString());
        json.put("base", line.provenance().base().toDecimalString());
        json.put("note", line.provenance().note().isEmpty() ? null : line.provenance().note());
        json.put("clawedBack", clawedBack.toDecimalString());
        return json;
    }
}
