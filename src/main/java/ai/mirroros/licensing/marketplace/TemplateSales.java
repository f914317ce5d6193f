package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.money.Rounding;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Per-template sales figures, read from the posted payments ({@code payment.template_id}, filled from the checkout's
 * metadata) and the listing-view counters. A payment counts for a template when it names the template and was made to
 * the template's vault. Refunds and disputes are netted as the ledger nets them.
 */
public final class TemplateSales {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVERSED = "(p.refunded_minor + p.disputed_held_minor + p.dispute_lost_minor)";

    private final Database database;
    private final TemplateStore templates;

    public TemplateSales(Database database, TemplateStore templates) {
        this.database = Objects.requireNonNull(database, "database");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /**
     * Stats of every template of {@code vaultId} (or of all vaults), for payments and views from {@code from} to
     * {@code to}, whole UTC days, inclusive; an empty bound is open.
     */
    public List<TemplateStats> stats(Optional<String> vaultId, Optional<LocalDate> from, Optional<LocalDate> to) {
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new LicensingException("invalid_period", "--from " + from.get() + " is after --to " + to.get());
        }
        List<AgentTemplate> all = templates.list(vaultId);
        return database.jdbi().withHandle(handle -> {
            Map<String, Map<CurrencyUnit, Totals>> totals = totals(handle, vaultId, from, to);
            Map<String, Long> views = ListingViews.counts(handle, all.stream().map(AgentTemplate::templateId)
                    .toList(), from, to);
            List<TemplateStats> stats = new ArrayList<>(all.size());
            for (AgentTemplate template : all) {
                stats.add(statsOf(template, totals.getOrDefault(template.templateId(), Map.of()),
                        views.getOrDefault(template.templateId(), 0L)));
            }
            return stats;
        });
    }

    private static TemplateStats statsOf(AgentTemplate template, Map<CurrencyUnit, Totals> byCurrency, long views) {
        long sales = byCurrency.values().stream().mapToLong(Totals::sales).sum();
        List<TemplateStats.Revenue> revenue = byCurrency.isEmpty()
                ? List.of(TemplateStats.Revenue.zero(Money.zero(template.price().price().currency())))
                : byCurrency.values().stream().map(Totals::revenue).toList();
        return new TemplateStats(template, sales, views, conversion(sales, views), revenue);
    }

    /**
     * Sales per view in basis points, HALF_UP; empty without views, and when sales outnumber views so far (over
     * 200,000 to 1, all direct checkouts) that the rate no longer fits a percentage.
     */
    static Optional<Percentage> conversion(long sales, long views) {
        if (views == 0) {
            return Optional.empty();
        }
        long basisPoints = Rounding.divideHalfUp(Math.multiplyExact(sales, Percentage.FULL_BASIS_POINTS), views);
        return basisPoints > Integer.MAX_VALUE ? Optional.empty()
                : Optional.of(Percentage.ofBasisPoints((int) basisPoints));
    }

    private record Totals(long sales, TemplateStats.Revenue revenue) {
        Totals plus(Totals other) {
            return new Totals(sales + other.sales, revenue.plus(other.revenue));
        }
    }

    /**
     * Sums per template and currency. Payments nothing was taken back from (nearly all) are summed by the database;
     * for the others the partner's clawback is recomputed from the stored split, which is why they are read row by
     * row.
     */
    private static Map<String, Map<CurrencyUnit, Totals>> totals(Handle handle, Optional<String> vaultId,
                                                                  Optional<LocalDate> from, Optional<LocalDate> to) {
        String filter = " FROM payment p JOIN agent_template t ON t.template_id = p.template_id"
                + " AND t.vault_id = p.vault_id WHERE 1 = 1"
                + vaultId.map(v -> " AND t.vault_id = :vaultId").orElse("")
                + from.map(d -> " AND p.occurred_at >= :from").orElse("")
                + to.map(d -> " AND p.occurred_at < :toExclusive").orElse("");
        Map<String, Map<CurrencyUnit, Totals>> totals = new LinkedHashMap<>();
        var untouched = handle.createQuery("SELECT p.template_id, p.currency, COUNT(*) AS sales,"
                + " SUM(p.gross_minor) AS gross, SUM(p.partner_minor) AS partner" + filter
                + " AND " + REVERSED + " = 0 GROUP BY p.template_id, p.currency");
        bindPeriod(untouched, vaultId, from, to).map((rs, ctx) -> {
            CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
            Money gross = Money.ofMinor(rs.getLong("gross"), currency);
            Money zero = Money.zero(currency);
            return Map.entry(rs.getString("template_id"), new Totals(rs.getLong("sales"),
                    new TemplateStats.Revenue(gross, zero, gross, Money.ofMinor(rs.getLong("partner"), currency))));
        }).forEach(e -> add(totals, e.getKey(), e.getValue()));
        var reversed = handle.createQuery("SELECT p.template_id, p.currency, p.gross_minor, p.split_json, "
                + REVERSED + " AS reversed" + filter + " AND " + REVERSED + " > 0");
        bindPeriod(reversed, vaultId, from, to).map((rs, ctx) -> Map.entry(rs.getString("template_id"),
                        reversedSale(CurrencyUnit.of(rs.getString("currency")), rs.getLong("gross_minor"),
                                rs.getLong("reversed"), rs.getString("split_json"))))
                .forEach(e -> add(totals, e.getKey(), e.getValue()));
        return totals;
    }

    private static void add(Map<String, Map<CurrencyUnit, Totals>> totals, String templateId, Totals more) {
        totals.computeIfAbsent(templateId, id -> new LinkedHashMap<>())
                .merge(more.revenue().gross().currency(), more, Totals::plus);
    }

    /**
     * One sale something was taken back from: the partner loses its line's part of the clawback, by
     * {@link PaymentAdjustments#clawbackPerLine}, the rule the ledger was posted with.
     */
    private static Totals reversedSale(CurrencyUnit currency, long grossMinor, long reversedMinor, String splitJson) {
        SplitResult split = SplitReport.fromMap(readMap(splitJson));
        List<SplitLine> lines = split.lines();
        long[] clawback = PaymentAdjustments.clawbackPerLine(split, reversedMinor);
        long partnerNet = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).party() instanceof Party.Partner) {
                partnerNet += lines.get(i).amount().amountMinor() - clawback[i];
            }
        }
        Money gross = Money.ofMinor(grossMinor, currency);
        Money reversed = Money.ofMinor(reversedMinor, currency);
        return new Totals(1, new TemplateStats.Revenue(gross, reversed, gross.minus(reversed),
                Money.ofMinor(partnerNet, currency)));
    }

    private static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindPeriod(
            Q query, Optional<String> vaultId, Optional<LocalDate> from, Optional<LocalDate> to) {
        vaultId.ifPresent(v -> query.bind("vaultId", v));
        from.ifPresent(d -> query.bind("from", startOf(d)));
        to.ifPresent(d -> query.bind("toExclusive", startOf(d.plusDays(1))));
        return query;
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static Map<String, Object> readMap(String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored split is not valid JSON", e);
        }
    }
}
