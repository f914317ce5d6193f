package ai.mirroros.licensing.analytics;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.marketplace.ListingViews;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.referral.FunnelCounts;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.tier.MonthRevenue;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Computes a vault's {@link AnalyticsReport} from what is stored: payment rows (with the split each was posted
 * with), the ledger, hosted platforms, funnel counters and recorded acquisition spend. Read-only; one snapshot
 * transaction so the figures agree with each other.
 */
public final class PartnerAnalytics {
    private final Database database;
    private final VaultRegistry vaults;

    public PartnerAnalytics(Database database, VaultRegistry vaults) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
    }

    /** The vault's figures over {@code [from, to)}, in its settlement currency as of {@code to}. */
    public AnalyticsReport report(String vaultId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period must end after it starts: " + from + " .. " + to);
        }
        LicensedVault vault = vaults.require(vaultId, to.minusNanos(1));
        CurrencyUnit currency = vault.settlementCurrency();
        return database.jdbi().inTransaction(handle -> report(handle, vaultId, currency, from, to));
    }

    private AnalyticsReport report(Handle h, String vaultId, CurrencyUnit currency, Instant from, Instant to) {
        List<ProductRow> products = byProductType(h, vaultId, currency, from, to);
        Map<Stream, AnalyticsReport.StreamFigures> streams = streams(products, currency);
        Money partnerEarnings = streams.values().stream().map(AnalyticsReport.StreamFigures::partnerEarnings)
                .reduce(Money.zero(currency), Money::plus);
        Money commissions = ledgerCredits(h, List.of(AccountRef.referrerPending(vaultId, currency).key()),
                PaymentPosting.JOURNAL_KIND, currency, from, to);
        Money clawedBack = ledgerCredits(h, List.of(AccountRef.vaultPending(vaultId, currency).key(),
                AccountRef.vaultAvailable(vaultId, currency).key()), JournalEntry.KIND_ADJUSTMENT, currency, from, to)
                .negate();
        long customers = customersServed(h, vaultId, from, to);
        long newCustomers = newCustomers(h, vaultId, from, to);
        Money spend = acquisitionSpend(h, vaultId, currency, from, to);
        return new AnalyticsReport(vaultId, from, to, streams, commissions, partnerEarnings.plus(commissions),
                clawedBack, months(h, vaultId, currency, from, to), monthsByStream(h, vaultId, currency, from, to),
                customers, newCustomers,
                lifetimeValue(h, vaultId, currency, to), spend,
                newCustomers == 0 ? Optional.empty() : Optional.of(divide(spend, newCustomers)),
                churn(h, vaultId, from, to),
                exports(products, streams.get(Stream.EXPORTS), currency),
                templateConversion(h, vaultId, from, to), referralConversion(h, vaultId, from, to),
                loops(h, vaultId, currency, from, to));
    }

    /** One product type's payments in the period; the type is empty for payments posted without one. */
    private record ProductRow(Optional<String> productType, long payments, long grossMinor, long partnerMinor) {
    }

    private static List<ProductRow> byProductType(Handle h, String vaultId, CurrencyUnit currency, Instant from,
                                                  Instant to) {
        return h.createQuery("""
                        SELECT product_type, COUNT(*) AS n, SUM(gross_minor) AS gross, SUM(partner_minor) AS partner
                        FROM payment
                        WHERE vault_id = :vaultId AND currency = :currency
                          AND occurred_at >= :from AND occurred_at < :to
                        GROUP BY product_type""")
                .bind("vaultId", vaultId).bind("currency", currency.code())
                .bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> new ProductRow(Optional.ofNullable(rs.getString("product_type")), rs.getLong("n"),
                        rs.getLong("gross"), rs.getLong("partner")))
                .list();
    }

    private static Map<Stream, AnalyticsReport.StreamFigures> streams(List<ProductRow> rows, CurrencyUnit currency) {
        Map<Stream, long[]> sums = new EnumMap<>(Stream.class);
        for (Stream s : Stream.values()) {
            sums.put(s, new long[3]);
        }
        for (ProductRow row : rows) {
            long[] sum = sums.get(Stream.of(row.productType()));
            sum[0] += row.payments();
            sum[1] = Math.addExact(sum[1], row.grossMinor());
            sum[2] = Math.addExact(sum[2], row.partnerMinor());
        }
        Map<Stream, AnalyticsReport.StreamFigures> figures = new EnumMap<>(Stream.class);
        sums.forEach((stream, sum) -> figures.put(stream, new AnalyticsReport.StreamFigures(sum[0],
                Money.ofMinor(sum[1], currency), Money.ofMinor(sum[2], currency))));
        return figures;
    }

    /** The exports stream, and each of its product types (every one present, zero when none sold). */
    private static AnalyticsReport.Exports exports(List<ProductRow> rows, AnalyticsReport.StreamFigures stream,
                                                   CurrencyUnit currency) {
        Map<String, AnalyticsReport.ProductSales> byType = new LinkedHashMap<>();
        for (String type : Stream.EXPORTS.productTypes()) {
            long payments = 0;
            long gross = 0;
            for (ProductRow row : rows) {
                if (row.productType().equals(Optional.of(type))) {
                    payments += row.payments();
                    gross = Math.addExact(gross, row.grossMinor());
                }
            }
            byType.put(type, new AnalyticsReport.ProductSales(payments, Money.ofMinor(gross, currency),
                    average(Money.ofMinor(gross, currency), payments)));
        }
        return new AnalyticsReport.Exports(stream.payments(), stream.gross(), average(stream.gross(),
                stream.payments()), byType);
    }

    private static Optional<Money> average(Money total, long count) {
        return count == 0 ? Optional.empty() : Optional.of(divide(total, count));
    }

    /** What the given accounts were credited by entries of one kind in the period (credits are negative lines). */
    private static Money ledgerCredits(Handle h, List<String> accountKeys, String kind, CurrencyUnit currency,
                                       Instant from, Instant to) {
        long sum = h.createQuery("""
                        SELECT COALESCE(SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        WHERE l.account_key IN (<keys>) AND e.kind = :kind
                          AND e.occurred_at >= :from AND e.occurred_at < :to""")
                .bindList("keys", accountKeys).bind("kind", kind)
                .bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Long.class).one();
        return Money.ofMinor(Math.negateExact(sum), currency);
    }

    private static List<AnalyticsReport.MonthFigures> months(Handle h, String vaultId, CurrencyUnit currency,
                                                             Instant from, Instant to) {
        YearMonth first = MonthRevenue.monthOf(from);
        YearMonth last = MonthRevenue.monthOf(to.minusNanos(1));
        Map<YearMonth, Money> series = MonthRevenue.series(h, vaultId, currency, first.minusMonths(1), last);
        List<AnalyticsReport.MonthFigures> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            Money gross = series.get(m);
            Money before = series.get(m.minusMonths(1));
            Optional<BigDecimal> growth = before.isZero() ? Optional.empty()
                    : Optional.of(percent(gross.amountMinor() - before.amountMinor(), before.amountMinor()));
            months.add(new AnalyticsReport.MonthFigures(m, gross, growth));
        }
        return months;
    }

    /**
     * Partner earnings per calendar month (UTC) and stream: one GROUP BY over the payments {@link #streams} sums, with
     * the same filter, so each stream's months add up to its partner earnings there. Months of the period without
     * payments are zeros.
     */
    private static List<AnalyticsReport.MonthStreams> monthsByStream(Handle h, String vaultId, CurrencyUnit currency,
                                                                      Instant from, Instant to) {
        YearMonth first = MonthRevenue.monthOf(from);
        YearMonth last = MonthRevenue.monthOf(to.minusNanos(1));
        Map<YearMonth, Map<Stream, Long>> sums = new TreeMap<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            Map<Stream, Long> streams = new EnumMap<>(Stream.class);
            for (Stream s : Stream.values()) {
                streams.put(s, 0L);
            }
            sums.put(m, streams);
        }
        // AT TIME ZONE 'UTC': the month of the instant in UTC, whatever the session's time zone.
        String year = "EXTRACT(YEAR FROM occurred_at AT TIME ZONE 'UTC')";
        String month = "EXTRACT(MONTH FROM occurred_at AT TIME ZONE 'UTC')";
        h.createQuery("SELECT " + year + " AS y, " + month + " AS m, product_type, SUM(partner_minor) AS partner"
                        + " FROM payment WHERE vault_id = :vaultId AND currency = :currency"
                        + " AND occurred_at >= :from AND occurred_at < :to"
                        + " GROUP BY " + year + ", " + month + ", product_type")
                .bind("vaultId", vaultId).bind("currency", currency.code())
                .bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> {
                    YearMonth m = YearMonth.of(rs.getInt("y"), rs.getInt("m"));
                    Map<Stream, Long> streams = sums.get(m);
                    if (streams == null) {
                        throw new IllegalStateException("a payment of " + m + " in the period " + from + " .. " + to);
                    }
                    streams.merge(Stream.of(Optional.ofNullable(rs.getString("product_type"))),
                            rs.getLong("partner"), Math::addExact);
                    return m;
                })
                .list();
        List<AnalyticsReport.MonthStreams> months = new ArrayList<>(sums.size());
        sums.forEach((m, streams) -> {
            Map<Stream, Money> amounts = new EnumMap<>(Stream.class);
            streams.forEach((s, minor) -> amounts.put(s, Money.ofMinor(minor, currency)));
            months.add(new AnalyticsReport.MonthStreams(m, amounts));
        });
        return months;
    }

    private static long customersServed(Handle h, String vaultId, Instant from, Instant to) {
        return h.createQuery("""
                        SELECT COUNT(DISTINCT customer_id) + SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END)
                        FROM payment WHERE vault_id = :vaultId AND occurred_at >= :from AND occurred_at < :to""")
                .bind("vaultId", vaultId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Long.class).findOne().orElse(0L);
    }

    private static long newCustomers(Handle h, String vaultId, Instant from, Instant to) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM (
                            SELECT customer_id, MIN(occurred_at) AS first_paid FROM payment
                            WHERE vault_id = :vaultId AND customer_id IS NOT NULL AND occurred_at < :to
                            GROUP BY customer_id) firsts
                        WHERE first_paid >= :from""")
                .bind("vaultId", vaultId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Long.class).one()
                + h.createQuery("""
                        SELECT COUNT(*) FROM payment WHERE vault_id = :vaultId AND customer_id IS NULL
                          AND occurred_at >= :from AND occurred_at < :to""")
                .bind("vaultId", vaultId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Long.class).one();
    }

    private static Optional<Money> lifetimeValue(Handle h, String vaultId, CurrencyUnit currency, Instant to) {
        long[] totals = h.createQuery("""
                        SELECT COALESCE(SUM(gross_minor), 0) AS gross,
                               COUNT(DISTINCT customer_id)
                                   + SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END) AS customers
                        FROM payment WHERE vault_id = :vaultId AND currency = :currency AND occurred_at < :to""")
                .bind("vaultId", vaultId).bind("currency", currency.code()).bind("to", utc(to))
                .map((rs, ctx) -> new long[] {rs.getLong("gross"), rs.getLong("customers")})
                .one();
        return totals[1] == 0 ? Optional.empty() : Optional.of(divide(Money.ofMinor(totals[0], currency), totals[1]));
    }

    private static Money acquisitionSpend(Handle h, String vaultId, CurrencyUnit currency, Instant from, Instant to) {
        long sum = h.createQuery("""
                        SELECT COALESCE(SUM(amount_minor), 0) FROM acquisition_spend
                        WHERE vault_id = :vaultId AND currency = :currency
                          AND month_start >= :from AND month_start < :to""")
                .bind("vaultId", vaultId).bind("currency", currency.code())
                .bind("from", MonthRevenue.monthOf(from).atDay(1))
                .bind("to", day(to))
                .mapTo(Long.class).one();
        return Money.ofMinor(sum, currency);
    }

    private static AnalyticsReport.Churn churn(Handle h, String vaultId, Instant from, Instant to) {
        long[] counts = h.createQuery("""
                        SELECT SUM(CASE WHEN created_at < :from AND (canceled_at IS NULL OR canceled_at >= :from)
                                        THEN 1 ELSE 0 END) AS active_at_start,
                               SUM(CASE WHEN created_at >= :from AND created_at < :to THEN 1 ELSE 0 END) AS started,
                               SUM(CASE WHEN canceled_at >= :from AND canceled_at < :to THEN 1 ELSE 0 END) AS ended
                        FROM hosted_platform WHERE vault_id = :vaultId AND status <> 'pending'""")
                .bind("vaultId", vaultId).bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> new long[] {rs.getLong("active_at_start"), rs.getLong("started"),
                        rs.getLong("ended")})
                .one();
        long exposed = counts[0] + counts[1];
        return new AnalyticsReport.Churn(counts[0], counts[1], counts[2],
                exposed == 0 ? Optional.empty() : Optional.of(percent(counts[2], exposed)));
    }

    private static AnalyticsReport.Conversion templateConversion(Handle h, String vaultId, Instant from,
                                                                 Instant to) {
        long views = funnel(h, ListingViews.KIND, "SELECT template_id FROM agent_template WHERE vault_id = :vaultId",
                vaultId, from, to);
        long sales = h.createQuery("""
                        SELECT COUNT(*) FROM payment WHERE vault_id = :vaultId AND template_id IS NOT NULL
                          AND occurred_at >= :from AND occurred_at < :to""")
                .bind("vaultId", vaultId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Long.class).one();
        return new AnalyticsReport.Conversion(views, sales, views == 0 ? Optional.empty()
                : Optional.of(percent(sales, views)));
    }

    private static AnalyticsReport.Conversion referralConversion(Handle h, String vaultId, Instant from,
                                                                 Instant to) {
        long visits = funnel(h, FunnelCounts.REFERRAL_VISIT, "SELECT code FROM referral_code WHERE vault_id = :vaultId",
                vaultId, from, to);
        long signups = h.createQuery("""
                        SELECT COUNT(*) FROM referral_signup WHERE referrer_vault_id = :vaultId
                          AND signed_up_at >= :from AND signed_up_at < :to""")
                .bind("vaultId", vaultId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Long.class).one();
        return new AnalyticsReport.Conversion(visits, signups, visits == 0 ? Optional.empty()
                : Optional.of(percent(signups, visits)));
    }

    /** Funnel counts of one kind for the vault's subjects, on the days of the period. */
    private static long funnel(Handle h, String kind, String subjectsOfVault, String vaultId, Instant from,
                               Instant to) {
        return h.createQuery("SELECT COALESCE(SUM(hits), 0) FROM funnel_count WHERE kind = :kind"
                        + " AND on_day >= :fromDay AND on_day < :toDay AND subject_id IN (" + subjectsOfVault + ")")
                .bind("kind", kind).bind("vaultId", vaultId)
                .bind("fromDay", day(from)).bind("toDay", day(to))
                .mapTo(Long.class).one();
    }

    private static AnalyticsReport.Loops loops(Handle h, String vaultId, CurrencyUnit currency, Instant from,
                                               Instant to) {
        long[] totals = h.createQuery("""
                        SELECT COUNT(DISTINCT agent_loop_id) AS loops, COALESCE(SUM(gross_minor), 0) AS gross
                        FROM payment WHERE vault_id = :vaultId AND currency = :currency
                          AND agent_loop_id IS NOT NULL AND occurred_at >= :from AND occurred_at < :to""")
                .bind("vaultId", vaultId).bind("currency", currency.code())
                .bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> new long[] {rs.getLong("loops"), rs.getLong("gross")})
                .one();
        Money gross = Money.ofMinor(totals[1], currency);
        return new AnalyticsReport.Loops(totals[0], gross,
                totals[0] == 0 ? Optional.empty() : Optional.of(divide(gross, totals[0])));
    }

    /** An average in minor units, rounded half-up to the minor unit (a displayed figure, never posted). */
    private static Money divide(Money total, long count) {
        return Money.ofMinor(BigDecimal.valueOf(total.amountMinor())
                .divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP).longValueExact(), total.currency());
    }

    /** {@code part / whole} in percent with one decimal. */
    static BigDecimal percent(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    /** The UTC day of a moment. */
    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
