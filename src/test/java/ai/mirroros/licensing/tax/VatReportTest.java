package ai.mirroros.licensing.tax;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Marketplace sales record their VAT/GST when posted, on H2 and PostgreSQL, and the quarterly report nets refunds
 * proportionally and ties to the ledger.
 */
class VatReportTest extends DatabaseTestSupport {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant AUGUST = Instant.parse("2026-08-10T12:00:00Z");
    private static final Quarter Q3 = Quarter.parse("2026-Q3");
    private static final Instant NOVEMBER = Instant.parse("2026-11-20T12:00:00Z");
    private static final Quarter Q4 = Quarter.parse("2026-Q4");
    /** Settles in EUR. */
    private static final String EUR_VAULT = "premium-enterprise-vault.sig";
    /** Settles in USD. */
    private static final String USD_VAULT = "enterprise-vault.sig";

    private LicensingApp app;

    @BeforeEach
    void registerVaults() {
        app = LicensingApp.over(db, Clock.fixed(AUGUST, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                REGISTERED);
    }

    @Test
    void aGermanMarketplaceSaleOf119EuroRecordsTaxable100AndTax19AndARefundOfHalfHalvesIt() {
        sale("evt_de", EUR_VAULT, "119.00", "EUR", "template", AUGUST, "pi_de", "DE", null, null);

        Map<String, Object> recorded = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT jurisdiction, treatment, scheme, rate_bp, taxable_minor, tax_minor, location_source "
                                + "FROM payment_tax WHERE source_id = 'evt_de'").mapToMap().one());
        assertThat(recorded).containsEntry("jurisdiction", "DE").containsEntry("treatment", "taxed")
                .containsEntry("scheme", "EU_VAT").containsEntry("rate_bp", 1900)
                .containsEntry("taxable_minor", 10_000L).containsEntry("tax_minor", 1_900L)
                .containsEntry("location_source", "billing_address");

        refund("pi_de", "59.50", "EUR");

        VatReport.Row de = only(report().rows());
        assertThat(de.key().jurisdiction()).isEqualTo("DE");
        assertThat(de.sums()).isEqualTo(new VatReport.Sums(1, 11_900, 5_950, 5_000, 950));
    }

    @Test
    void theReportGroupsByJurisdictionAndItsTotalTiesToTheLedgerGross() {
        sale("s1", EUR_VAULT, "119.00", "EUR", "template", AUGUST, "pi_1", "DE", null, null);
        sale("s2", EUR_VAULT, "120.00", "EUR", "agent_export", AUGUST.plusSeconds(60), "pi_2", null, "FR", null);
        sale("s3", EUR_VAULT, "50.00", "EUR", "loop_export", AUGUST.plusSeconds(120), "pi_3", null, null, null);
        sale("s4", USD_VAULT, "113.00", "USD", "template", AUGUST.plusSeconds(180), "pi_4", "CA", "CA", "ON");
        sale("s5", USD_VAULT, "40.00", "USD", "template", AUGUST.plusSeconds(240), "pi_5", "US", null, null);
        sale("s6", USD_VAULT, "30.00", "USD", "template", AUGUST.plusSeconds(300), "pi_6", null, "CA", null);
        // Not marketplace sales: a hosted subscription and a hand posting carry no VAT row.
        sale("s7", USD_VAULT, "99.00", "USD", "hosted_platform", AUGUST.plusSeconds(360), "pi_7", "DE", null, null);
        app.payments().post(new PaymentEvent("manual", USD_VAULT, Money.parse("10.00", "USD"), Optional.empty(),
                AUGUST));
        // Another quarter.
        sale("s8", EUR_VAULT, "119.00", "EUR", "template", Instant.parse("2026-10-01T00:00:00Z"), "pi_8", "DE", null,
                null);
        refund("pi_2", "120.00", "EUR");

        VatReport.Report report = report();

        assertThat(report.rows()).extracting(r -> r.key().currency().code() + " " + r.key().jurisdiction() + " "
                + r.key().treatment().wireName() + " " + r.key().rateBp() + " " + r.sums()).containsExactly(
                "EUR DE taxed 1900 Sums[sales=1, grossMinor=11900, reversedMinor=0, taxableMinor=10000, taxMinor=1900]",
                "EUR FR taxed 2000 Sums[sales=1, grossMinor=12000, reversedMinor=12000, taxableMinor=0, taxMinor=0]",
                "EUR unknown unknown_location 0 Sums[sales=1, grossMinor=5000, reversedMinor=0, taxableMinor=0, "
                        + "taxMinor=0]",
                "USD CA-ON taxed 1300 Sums[sales=1, grossMinor=11300, reversedMinor=0, taxableMinor=10000, "
                        + "taxMinor=1300]",
                "USD CA-unknown unknown_location 0 Sums[sales=1, grossMinor=3000, reversedMinor=0, taxableMinor=0, "
                        + "taxMinor=0]",
                "USD US out_of_scope 0 Sums[sales=1, grossMinor=4000, reversedMinor=0, taxableMinor=0, taxMinor=0]");
        assertThat(report.totals()).hasSize(2);
        for (VatReport.Total total : report.totals()) {
            assertThat(total.sums().grossMinor()).isEqualTo(ledgerGross(total.currency().code()))
                    .isEqualTo(total.ledgerGrossMinor());
        }
        assertThat(report.totals().get(0).sums().grossMinor()).isEqualTo(11_900 + 12_000 + 5_000);
        assertThat(report.totals().get(1).sums().grossMinor()).isEqualTo(11_300 + 3_000 + 4_000);
    }

    @Test
    void theCsvIsTheSameBytesForTheSameLedgerAndKeepsTheRecordedRate() {
        sale("s1", EUR_VAULT, "119.00", "EUR", "template", AUGUST, "pi_1", "DE", null, null);
        sale("s2", EUR_VAULT, "10.00", "EUR", "template", AUGUST.plusSeconds(1), "pi_2", "NL", null, null);
        String first = VatReport.toCsv(report());
        // A different rate table afterwards changes nothing already recorded.
        db.jdbi().useHandle(h -> h.execute("UPDATE payment_tax SET rates_version = rates_version"));

        assertThat(VatReport.toCsv(report())).isEqualTo(first);
        assertThat(first).isEqualTo("""
                quarter,jurisdiction,country,region,treatment,scheme,rate_percent,currency,sales,gross,refunded,\
                net_gross,taxable,tax
                2026-Q3,DE,DE,,taxed,EU_VAT,19.00,EUR,1,119.00,0.00,119.00,100.00,19.00
                2026-Q3,NL,NL,,taxed,EU_VAT,21.00,EUR,1,10.00,0.00,10.00,8.26,1.74
                2026-Q3,TOTAL,,,,,,EUR,2,129.00,0.00,129.00,108.26,20.74
                """);
    }


    @Test
    void aRefundInALaterQuarterIsAdjustedThereAndLeavesTheSalesQuarterAsFiled() {
        sale("evt_de", EUR_VAULT, "119.00", "EUR", "template", AUGUST, "pi_de", "DE", null, null);
        String filed = VatReport.toCsv(report());

        refundAt("pi_de", "59.50", "EUR", NOVEMBER);

        assertThat(VatReport.toCsv(report())).isEqualTo(filed);
        assertThat(only(report().rows()).sums()).isEqualTo(new VatReport.Sums(1, 11_900, 0, 10_000, 1_900));
        VatReport.Report q4 = report(Q4);
        VatReport.Row de = only(q4.rows());
        assertThat(de.key().jurisdiction()).isEqualTo("DE");
        assertThat(de.key().rateBp()).isEqualTo(1900);
        assertThat(de.sums()).isEqualTo(new VatReport.Sums(0, 0, 5_950, -5_000, -950));
        assertThat(q4.totals()).singleElement().satisfies(t -> assertThat(t.ledgerGrossMinor()).isZero());
        assertThat(VatReport.toCsv(q4)).contains(
                "2026-Q4,DE,DE,,taxed,EU_VAT,19.00,EUR,0,0.00,59.50,-59.50,-50.00,-9.50\n");
    }

    @Test
    void aRedeliveredRefundOrAHeldOrWonDisputeWritesNoReversalAndALostOneWritesOne() {
        sale("s1", EUR_VAULT, "119.00", "EUR", "template", AUGUST, "pi_1", "DE", null, null);
        refundAt("pi_1", "10.00", "EUR", NOVEMBER);
        refundAt("pi_1", "10.00", "EUR", NOVEMBER);
        assertThat(reversals("s1")).isEqualTo(1);

        PaymentAdjustments adjustments = app.adjustments(PaymentAdjustments.DisputePolicy.DEFAULT);
        db.jdbi().useTransaction(h -> adjustments.apply(h, new PaymentAdjustments.DisputeOpened("dp_won",
                List.of("pi_1"), Money.parse("20.00", "EUR"), NOVEMBER)));
        db.jdbi().useTransaction(h -> adjustments.apply(h, new PaymentAdjustments.DisputeClosed("dp_won",
                List.of("pi_1"), Money.parse("20.00", "EUR"), true, NOVEMBER)));
        assertThat(reversals("s1")).isEqualTo(1);

        db.jdbi().useTransaction(h -> adjustments.apply(h, new PaymentAdjustments.DisputeClosed("dp_lost",
                List.of("pi_1"), Money.parse("30.00", "EUR"), false, NOVEMBER)));
        db.jdbi().useTransaction(h -> adjustments.apply(h, new PaymentAdjustments.DisputeClosed("dp_lost",
                List.of("pi_1"), Money.parse("30.00", "EUR"), false, NOVEMBER)));
        assertThat(reversals("s1")).isEqualTo(2);
        assertThat(only(report(Q4).rows()).sums().reversedMinor()).isEqualTo(1_000 + 3_000);
    }

    @Test
    void overAllQuartersEachSalesTaxableAndTaxAddUpToItsAfterReversalParts() {
        Instant[] quarters = {AUGUST, NOVEMBER, Instant.parse("2027-02-10T12:00:00Z"),
                Instant.parse("2027-05-10T12:00:00Z")};
        java.util.Random random = new java.util.Random(7);
        String[] countries = {"DE", "FR", "NL", "US"};
        for (int i = 0; i < 12; i++) {
            String pi = "pi_" + i;
            long grossMinor = 100 + random.nextInt(20_000);
            int saleQuarter = random.nextInt(2);
            sale("s" + i, EUR_VAULT, Money.ofMinor(grossMinor, CurrencyUnit.EUR)
                            .toDecimalString(), "EUR", "template", quarters[saleQuarter].plusSeconds(i), pi,
                    countries[i % countries.length], null, null);
            long refunded = 0;
            for (int q = saleQuarter; q < quarters.length; q++) {
                if (random.nextBoolean()) {
                    refunded = Math.min(grossMinor, refunded + 1 + random.nextInt((int) grossMinor));
                    refundAt(pi, Money.ofMinor(refunded, CurrencyUnit.EUR)
                            .toDecimalString(), "EUR", quarters[q].plusSeconds(100 + i));
                }
            }
            if (i % 3 == 0) {
                PaymentAdjustments adjustments = app.adjustments(PaymentAdjustments.DisputePolicy.DEFAULT);
                int at = quarters.length - 1;
                db.jdbi().useTransaction(h -> adjustments.apply(h, new PaymentAdjustments.DisputeClosed("dp_" + pi,
                        List.of(pi), Money.parse("1.00", "EUR"), false, quarters[at].plusSeconds(200))));
            }
        }
        // Per jurisdiction and rate: what the quarters' rows add up to, and what the sales have left after reversals.
        Map<String, List<Long>> reported = new java.util.TreeMap<>();
        for (Quarter q : List.of(Q3, Q4, Quarter.parse("2027-Q1"), Quarter.parse("2027-Q2"))) {
            for (VatReport.Row row : report(q).rows()) {
                VatReport.Sums sums = row.sums();
                reported.merge(row.key().jurisdiction() + "@" + row.key().rateBp(), List.of(sums.grossMinor(),
                        sums.reversedMinor(), sums.taxableMinor(), sums.taxMinor()), VatReportTest::add);
            }
        }
        Map<String, List<Long>> expected = new java.util.TreeMap<>();
        db.jdbi().useHandle(h -> h.createQuery("""
                        SELECT t.jurisdiction, t.rate_bp, t.gross_minor, t.taxable_minor, t.tax_minor, t.treatment,
                            p.refunded_minor + p.dispute_lost_minor AS reversed
                        FROM payment_tax t JOIN payment p ON p.source_id = t.source_id""")
                .mapToMap().forEach(r -> {
                    long reversed = ((Number) r.get("reversed")).longValue();
                    IncludedTax.Parts left = "taxed".equals(r.get("treatment"))
                            ? IncludedTax.afterReversal(new IncludedTax.Parts(((Number) r.get("taxable_minor"))
                                    .longValue(), ((Number) r.get("tax_minor")).longValue()), reversed)
                            : new IncludedTax.Parts(0, 0);
                    expected.merge(r.get("jurisdiction") + "@" + r.get("rate_bp"), List.of(
                            ((Number) r.get("gross_minor")).longValue(), reversed, left.taxableMinor(),
                            left.taxMinor()), VatReportTest::add);
                }));
        assertThat(expected.values().stream().mapToLong(v -> v.get(1)).sum()).isPositive();
        assertThat(reported).isEqualTo(expected);
    }

    private static List<Long> add(List<Long> a, List<Long> b) {
        return java.util.stream.IntStream.range(0, a.size()).mapToObj(i -> a.get(i) + b.get(i)).toList();
    }

    private VatReport.Report report() {
        return report(Q3);
    }

    private VatReport.Report report(Quarter quarter) {
        return db.jdbi().inTransaction(h -> VatReport.of(h, quarter));
    }

    private int reversals(String paymentSourceId) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM payment_reversal WHERE payment_source_id = :p")
                .bind("p", paymentSourceId).mapTo(Integer.class).one());
    }

    /** The debit side of the payment entries of the quarter's marketplace sales, read straight from the journal. */
    private long ledgerGross(String currency) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        JOIN payment p ON p.source_id = e.source_id
                        WHERE e.kind = 'payment' AND l.amount_minor > 0 AND l.currency = :currency
                          AND p.product_type IN ('template', 'agent_export', 'loop_export', 'platform_fork')
                          AND p.occurred_at >= :from AND p.occurred_at < :to""")
                .bind("currency", currency)
                .bind("from", Q3.start().atOffset(ZoneOffset.UTC)).bind("to", Q3.end().atOffset(ZoneOffset.UTC))
                .mapTo(Long.class).one());
    }

    private void sale(String sourceId, String vault, String gross, String currency, String productType, Instant at,
                      String paymentIntent, String billingCountry, String metadataCountry, String region) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PaymentOrigin.VAULT_ID, vault);
        metadata.put(PaymentOrigin.PRODUCT_TYPE, productType);
        if (metadataCountry != null) {
            metadata.put(PaymentOrigin.CUSTOMER_COUNTRY, metadataCountry);
        }
        if (region != null) {
            metadata.put(PaymentOrigin.CUSTOMER_REGION, region);
        }
        Optional<PaymentOrigin.BillingAddress> billing = Optional.ofNullable(billingCountry)
                .map(c -> new PaymentOrigin.BillingAddress(Optional.of(c), Optional.empty()));
        app.payments().post(new PaymentEvent(sourceId, vault, Money.parse(gross, currency), Optional.empty(), at,
                new PaymentOrigin(List.of(paymentIntent), Optional.of(productType), metadata, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), billing)));
    }

    private void refund(String paymentIntent, String refundedToDate, String currency) {
        refundAt(paymentIntent, refundedToDate, currency, AUGUST.plusSeconds(3600));
    }

    private void refundAt(String paymentIntent, String refundedToDate, String currency, Instant at) {
        PaymentAdjustments adjustments = app.adjustments(PaymentAdjustments.DisputePolicy.DEFAULT);
        db.jdbi().useTransaction(h -> adjustments.apply(h, new PaymentAdjustments.Refund(List.of(paymentIntent),
                Money.parse(refundedToDate, currency), at)));
    }

    private static VatReport.Row only(List<VatReport.Row> rows) {
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }
}
