package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The quarterly VAT/GST report: marketplace sales of a quarter (UTC, by sale time) per jurisdiction, rate and
 * currency, with the number of sales and their gross, and a total per currency whose gross ties exactly to the
 * ledger's gross for those payments (checked on every run); then the refunds and lost disputes that happened in the
 * quarter, and the taxable amount and tax net of them.
 *
 * <p>Figures come from what each sale recorded when it was posted (payment_tax), never from today's rate table.
 * A refund or lost dispute is adjusted in the quarter in which it happened (payment_reversal, written by
 * revenue.PaymentAdjustments), under the sale's jurisdiction and rate, so a filed quarter never changes when a late
 * refund arrives: the later quarter carries it, as a row with no sales if nothing else was sold at that key. The
 * tax one event reverses is the difference of {@link IncludedTax#afterReversal} on the payment's cumulative
 * reversed amount before and after it, so over all quarters a sale's taxable amount and tax add up to exactly its
 * after-reversal parts. Open disputes reduce nothing; reversals from before V13 are dated at their sale. Amounts are
 * in the payment's settlement currency.
 */
public final class VatReport {
    /** Rows streamed from the database per round trip; the aggregation holds one entry per group only. */
    private static final int FETCH_SIZE = 1_000;

    private VatReport() {
    }

    /** The grouping of a row: one jurisdiction at one rate (a mid-quarter rate change gives two rows). */
    public record Key(CurrencyUnit currency, String jurisdiction, Optional<String> country, Optional<String> region,
                      SaleTax.Treatment treatment, Optional<TaxScheme> scheme, int rateBp) {
    }

    /**
     * Sums over a group of sales, in minor units of its currency.
     *
     * @param sales         sales made in the quarter
     * @param grossMinor    their gross, as recorded
     * @param reversedMinor refunded and lost to disputes in the quarter, of sales of this or earlier quarters
     * @param taxableMinor  the sales' recorded taxable amount minus what the quarter's reversals took back (negative
     *                      for a row with reversals only); with the tax it sums to gross minus reversed for taxed rows
     */
    public record Sums(long sales, long grossMinor, long reversedMinor, long taxableMinor, long taxMinor) {
        public static final Sums ZERO = new Sums(0, 0, 0, 0, 0);

        Sums plus(Sums o) {
            return new Sums(sales + o.sales, Math.addExact(grossMinor, o.grossMinor),
                    Math.addExact(reversedMinor, o.reversedMinor), Math.addExact(taxableMinor, o.taxableMinor),
                    Math.addExact(taxMinor, o.taxMinor));
        }

        public long netGrossMinor() {
            return grossMinor - reversedMinor;
        }
    }

    public record Row(Key key, Sums sums) {
    }

    /** A currency's total; {@code ledgerGrossMinor} is what the ledger's payment entries of these sales add up to. */
    public record Total(CurrencyUnit currency, Sums sums, long ledgerGrossMinor) {
    }

    public record Report(Quarter quarter, List<Row> rows, List<Total> totals) {
        public Report {
            Objects.requireNonNull(quarter, "quarter");
            rows = List.copyOf(rows);
            totals = List.copyOf(totals);
        }
    }

    /** The report for {@code quarter}, read in the caller's handle (use one transaction for a consistent view). */
    public static Report of(Handle handle, Quarter quarter) {
        Map<Key, Sums> groups = new TreeMap<>(ORDER);
        // The quarter's sales, with the parts they recorded when posted.
        handle.createQuery("""
                        SELECT t.currency, t.gross_minor, t.country, t.region, t.jurisdiction,
                            t.treatment, t.scheme, t.rate_bp, t.taxable_minor, t.tax_minor
                        FROM payment_tax t
                        WHERE t.occurred_at >= :from AND t.occurred_at < :to """)
                .bind("from", quarter.start().atOffset(ZoneOffset.UTC))
                .bind("to", quarter.end().atOffset(ZoneOffset.UTC))
                .setFetchSize(FETCH_SIZE)
                .map((rs, ctx) -> {
                    Key key = key(rs);
                    IncludedTax.Parts recorded = recorded(key, rs);
                    return Map.entry(key, new Sums(1, rs.getLong("gross_minor"), 0, recorded.taxableMinor(),
                            recorded.taxMinor()));
                })
                .forEach(e -> groups.merge(e.getKey(), e.getValue(), Sums::plus));
        // Refunds and lost disputes that happened in the quarter, of sales of this or any earlier quarter, under the
        // sale's key. What one event reversed is its cumulative total minus the payment's previous one (totals only
        // grow, so the previous row is the one with the next smaller total).
        handle.createQuery("""
                        SELECT t.currency, t.gross_minor, t.country, t.region, t.jurisdiction,
                            t.treatment, t.scheme, t.rate_bp, t.taxable_minor, t.tax_minor,
                            r.refunded_after_minor + r.dispute_lost_after_minor AS after_minor,
                            COALESCE((SELECT MAX(b.refunded_after_minor + b.dispute_lost_after_minor)
                                FROM payment_reversal b
                                WHERE b.payment_source_id = r.payment_source_id
                                  AND b.refunded_after_minor + b.dispute_lost_after_minor
                                      < r.refunded_after_minor + r.dispute_lost_after_minor), 0) AS before_minor
                        FROM payment_reversal r JOIN payment_tax t ON t.source_id = r.payment_source_id
                        WHERE r.occurred_at >= :from AND r.occurred_at < :to """)
                .bind("from", quarter.start().atOffset(ZoneOffset.UTC))
                .bind("to", quarter.end().atOffset(ZoneOffset.UTC))
                .setFetchSize(FETCH_SIZE)
                .map((rs, ctx) -> {
                    Key key = key(rs);
                    long gross = rs.getLong("gross_minor");
                    long before = Math.min(gross, rs.getLong("before_minor"));
                    long after = Math.min(gross, rs.getLong("after_minor"));
                    if (key.treatment() != SaleTax.Treatment.TAXED) {
                        return Map.entry(key, new Sums(0, 0, after - before, 0, 0));
                    }
                    IncludedTax.Parts recorded = recorded(key, rs);
                    IncludedTax.Parts was = IncludedTax.afterReversal(recorded, before);
                    IncludedTax.Parts now = IncludedTax.afterReversal(recorded, after);
                    return Map.entry(key, new Sums(0, 0, after - before,
                            now.taxableMinor() - was.taxableMinor(), now.taxMinor() - was.taxMinor()));
                })
                .forEach(e -> groups.merge(e.getKey(), e.getValue(), Sums::plus));
        List<Row> rows = groups.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
        Map<CurrencyUnit, Sums> byCurrency = new TreeMap<>(Comparator.comparing(CurrencyUnit::code));
        rows.forEach(r -> byCurrency.merge(r.key().currency(), r.sums(), Sums::plus));
        Map<String, Long> ledger = ledgerGross(handle, quarter);
        List<Total> totals = new ArrayList<>();
        byCurrency.forEach((currency, sums) -> {
            long ledgerGross = ledger.getOrDefault(currency.code(), 0L);
            if (ledgerGross != sums.grossMinor()) {
                // The payment rows and the journal disagree: a report that does not tie must not be filed.
                throw new IllegalStateException("VAT report " + quarter + " " + currency + ": sales gross "
                        + sums.grossMinor() + " does not tie to the ledger's " + ledgerGross);
            }
            totals.add(new Total(currency, sums, ledgerGross));
        });
        return new Report(quarter, rows, totals);
    }

    private static Key key(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Key(CurrencyUnit.of(rs.getString("currency")), rs.getString("jurisdiction"),
                Optional.ofNullable(rs.getString("country")), Optional.ofNullable(rs.getString("region")),
                SaleTax.Treatment.valueOf(rs.getString("treatment").toUpperCase(java.util.Locale.ROOT)),
                Optional.ofNullable(rs.getString("scheme")).map(TaxScheme::valueOf), rs.getInt("rate_bp"));
    }

    /** The parts the sale recorded; untaxed rows carry none. */
    private static IncludedTax.Parts recorded(Key key, java.sql.ResultSet rs) throws java.sql.SQLException {
        return key.treatment() == SaleTax.Treatment.TAXED
                ? new IncludedTax.Parts(rs.getLong("taxable_minor"), rs.getLong("tax_minor"))
                : new IncludedTax.Parts(0, 0);
    }

    /** The debit side (Stripe clearing plus processing fee = gross) of the payment entries of the quarter's sales. */
    private static Map<String, Long> ledgerGross(Handle handle, Quarter quarter) {
        Map<String, Long> sums = new LinkedHashMap<>();
        handle.createQuery("""
                        SELECT t.currency, SUM(l.amount_minor) AS gross
                        FROM payment_tax t
                        JOIN journal_entry e ON e.source_id = t.source_id AND e.kind = 'payment'
                        JOIN journal_line l ON l.entry_id = e.entry_id AND l.amount_minor > 0
                        WHERE t.occurred_at >= :from AND t.occurred_at < :to
                        GROUP BY t.currency""")
                .bind("from", quarter.start().atOffset(ZoneOffset.UTC))
                .bind("to", quarter.end().atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> Map.entry(rs.getString("currency"), rs.getLong("gross")))
                .forEach(e -> sums.put(e.getKey(), e.getValue()));
        return sums;
    }

    /** Currency, then jurisdiction, then rate: a fixed order, so the same ledger gives the same bytes. */
    private static final Comparator<Key> ORDER = Comparator.comparing((Key k) -> k.currency().code())
            .thenComparing(Key::jurisdiction)
            .thenComparing(Key::treatment)
            .thenComparingInt(Key::rateBp)
            .thenComparing(k -> k.scheme().map(Enum::name).orElse(""))
            .thenComparing(k -> k.country().orElse(""))
            .thenComparing(k -> k.region().orElse(""));

    static final List<String> CSV_HEADER = List.of("quarter", "jurisdiction", "country", "region", "treatment",
            "scheme", "rate_percent", "currency", "sales", "gross", "refunded", "net_gross", "taxable", "tax");

    /** The report as CSV (RFC 4180, LF line ends): one line per row, then a TOTAL line per currency. */
    public static String toCsv(Report report) {
        StringBuilder out = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
        for (Row row : report.rows()) {
            Key k = row.key();
            line(out, report.quarter(), k.jurisdiction(), k.country().orElse(""), k.region().orElse(""),
                    k.treatment().wireName(), k.scheme().map(Enum::name).orElse(""),
                    k.treatment() == SaleTax.Treatment.TAXED ? percent(k.rateBp()) : "", k.currency(), row.sums());
        }
        for (Total total : report.totals()) {
            line(out, report.quarter(), "TOTAL", "", "", "", "", "", total.currency(), total.sums());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, Quarter quarter, String jurisdiction, String country, String region,
                             String treatment, String scheme, String rate, CurrencyUnit currency, Sums s) {
        // Every field is a code, a number or a decimal we produce: none contains a comma, quote or line break.
        out.append(String.join(",", quarter.toString(), jurisdiction, country, region, treatment, scheme, rate,
                currency.code(), Long.toString(s.sales()), money(s.grossMinor(), currency),
                money(s.reversedMinor(), currency), money(s.netGrossMinor(), currency),
                money(s.taxableMinor(), currency), money(s.taxMinor(), currency))).append('\n');
    }

    /** The report as a JSON-ready map with decimal strings for money, in the same order as the CSV. */
    public static Map<String, Object> toJson(Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("quarter", report.quarter().toString());
        json.put("from", report.quarter().start().toString());
        json.put("to", report.quarter().end().toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : report.rows()) {
            Key k = row.key();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("jurisdiction", k.jurisdiction());
            r.put("country", k.country().orElse(null));
            r.put("region", k.region().orElse(null));
            r.put("treatment", k.treatment().wireName());
            r.put("scheme", k.scheme().map(Enum::name).orElse(null));
            r.put("ratePercent", k.treatment() == SaleTax.Treatment.TAXED ? percent(k.rateBp()) : null);
            r.put("currency", k.currency().code());
            sums(r, row.sums(), k.currency());
            rows.add(r);
        }
        json.put("rows", rows);
        List<Map<String, Object>> totals = new ArrayList<>();
        for (Total total : report.totals()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("currency", total.currency().code());
            sums(t, total.sums(), total.currency());
            t.put("ledgerGross", money(total.ledgerGrossMinor(), total.currency()));
            totals.add(t);
        }
        json.put("totals", totals);
        return json;
    }

    private static void sums(Map<String, Object> out, Sums s, CurrencyUnit currency) {
        out.put("sales", s.sales());
        out.put("gross", money(s.grossMinor(), currency));
        out.put("refunded", money(s.reversedMinor(), currency));
        out.put("netGross", money(s.netGrossMinor(), currency));
        out.put("taxable", money(s.taxableMinor(), currency));
        out.put("tax", money(s.taxMinor(), currency));
    }

    private static String percent(int rateBp) {
        return BigDecimal.valueOf(rateBp, 2).toPlainString();
    }

    private static String money(long minor, CurrencyUnit currency) {
        return Money.ofMinor(minor, currency).toDecimalString();
    }
}
