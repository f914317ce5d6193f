package ai.mirroros.licensing.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every figure of a vault's analytics, on a small history whose answers can be worked out by hand, and tied to the
 * ledger where the ledger holds the same money.
 */
class PartnerAnalyticsTest extends DatabaseTestSupport {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final String VAULT = "agency-fork.sig";
    private static final String REFERRER = "startup-vault.sig";
    private static final Instant FROM = Instant.parse("2026-09-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

    private LicensingApp app;
    private int sequence;

    @BeforeEach
    void history() {
        app = LicensingApp.over(db, Clock.fixed(TO, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        // August, before the period: one customer who comes back in September (not new then).
        pay("template", "100.00", "2026-08-20T10:00:00Z", "cus_old", Map.of("template_id", "tpl_a"));
        // September: 300 in templates, one agent export.
        pay("template", "200.00", "2026-09-03T10:00:00Z", "cus_old", Map.of("template_id", "tpl_a"));
        pay("template", "100.00", "2026-09-04T10:00:00Z", "cus_a", Map.of("template_id", "tpl_b"));
        pay("agent_export", "39.00", "2026-09-05T10:00:00Z", "cus_b", Map.of());
        // October: hosting, two loop exports on two loops, one platform fork, one payment without a customer.
        pay("hosted_platform", "999.00", "2026-10-01T10:00:00Z", "cus_c", Map.of("hosted_platform_id", "hp_1"));
        pay("loop_export", "79.00", "2026-10-02T10:00:00Z", "cus_a", Map.of("agent_loop_id", "loop_1"));
        pay("loop_export", "79.00", "2026-10-03T10:00:00Z", "cus_a", Map.of("agent_loop_id", "loop_2"));
        pay("platform_fork", "2000.00", "2026-10-04T10:00:00Z", "cus_d", Map.of());
        pay("template", "50.00", "2026-10-05T10:00:00Z", null, Map.of("template_id", "tpl_b"));
        // November, after the period.
        pay("template", "500.00", "2026-11-02T10:00:00Z", "cus_e", Map.of("template_id", "tpl_a"));
        db.jdbi().useHandle(h -> {
            h.execute("INSERT INTO agent_template (template_id, vault_id, name, category, currency, price_minor,"
                    + " listed, created_at, updated_at) VALUES ('tpl_a', ?, 'A', 'workflow', 'USD', 10000, TRUE,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('tpl_b', ?, 'B', 'analytics', 'USD', 10000, TRUE,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", VAULT, VAULT);
            h.execute("INSERT INTO funnel_count (kind, subject_id, on_day, hits) VALUES"
                    + " ('template_view', 'tpl_a', ?, 30), ('template_view', 'tpl_b', ?, 10),"
                    + " ('template_view', 'tpl_b', ?, 99)", LocalDate.parse("2026-09-02"),
                    LocalDate.parse("2026-10-02"), LocalDate.parse("2026-11-02"));
            h.execute("INSERT INTO hosted_platform (hosted_platform_id, vault_id, client, tier, currency,"
                    + " monthly_price_minor, parent_vault_id, fork_depth, status, created_at, canceled_at) VALUES"
                    + " ('hp_0', ?, 'old', 'starter', 'USD', 29900, ?, 2, 'canceled', ?, ?),"
                    + " ('hp_1', ?, 'new', 'professional', 'USD', 99900, ?, 2, 'active', ?, NULL),"
                    + " ('hp_2', ?, 'kept', 'starter', 'USD', 29900, ?, 2, 'active', ?, NULL)",
                    VAULT, VAULT, utc("2026-07-01T00:00:00Z"), utc("2026-10-15T00:00:00Z"),
                    VAULT, VAULT, utc("2026-10-01T00:00:00Z"),
                    VAULT, VAULT, utc("2026-06-01T00:00:00Z"));
            h.execute("INSERT INTO acquisition_spend (vault_id, month_start, currency, amount_minor, recorded_at)"
                    + " VALUES (?, ?, 'USD', 40000, CURRENT_TIMESTAMP), (?, ?, 'USD', 20000, CURRENT_TIMESTAMP),"
                    + " (?, ?, 'USD', 77700, CURRENT_TIMESTAMP)", VAULT, LocalDate.parse("2026-09-01"),
                    VAULT, LocalDate.parse("2026-10-01"), VAULT, LocalDate.parse("2026-11-01"));
        });
    }

    @Test
    void revenueByStreamCountsEachProductTypeOnce() {
        AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);

        assertThat(report.streams().get(Stream.TEMPLATES).payments()).isEqualTo(3);
        assertThat(report.streams().get(Stream.TEMPLATES).gross()).isEqualTo(usd("350.00"));
        assertThat(report.streams().get(Stream.HOSTING).gross()).isEqualTo(usd("999.00"));
        assertThat(report.streams().get(Stream.EXPORTS).payments()).isEqualTo(4);
        assertThat(report.streams().get(Stream.EXPORTS).gross()).isEqualTo(usd("2197.00"));
        assertThat(report.streams().get(Stream.OTHER).payments()).isZero();
    }

    @Test
    void partnerEarningsAndReferralCommissionsTieToTheLedger() {
        // Nothing has matured or been paid out: every partner line is still in the pending accounts.
        Money pendingBeforeNovember = app.ledger().balance(AccountRef.vaultPending(VAULT, USD)).negate();
        Money novemberShare = partnerShareOf("pay-10");

        AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);
        Money streamsTotal = report.streams().values().stream().map(AnalyticsReport.StreamFigures::partnerEarnings)
                .reduce(Money.zero(USD), Money::plus);

        assertThat(streamsTotal).isEqualTo(pendingBeforeNovember.minus(novemberShare).minus(partnerShareOf("pay-1")));
        AnalyticsReport referrer = app.analytics().report(REFERRER, FROM, TO);
        Money commissionsInLedger = app.ledger().balance(AccountRef.referrerPending(REFERRER, USD)).negate()
                .minus(levelOneCommissionOf("pay-1")).minus(levelOneCommissionOf("pay-10"));
        assertThat(referrer.referralCommissions()).isEqualTo(commissionsInLedger);
        assertThat(referrer.referralCommissions().isPositive()).isTrue();
        assertThat(referrer.totalEarned()).isEqualTo(referrer.referralCommissions());
    }

    @Test
    void aRefundInThePeriodIsReportedAsClawedBackExactlyAsTheLedgerTookIt() {
        Money before = app.ledger().balance(AccountRef.vaultPending(VAULT, USD));
        db.jdbi().useTransaction(h -> app.adjustments(PaymentAdjustments.DisputePolicy.DEFAULT).apply(h,
                new PaymentAdjustments.Refund(List.of("pi_pay-5"), usd("999.00"),
                        Instant.parse("2026-10-20T00:00:00Z"))));
        Money takenBack = app.ledger().balance(AccountRef.vaultPending(VAULT, USD)).minus(before);

        AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);

        assertThat(report.clawedBack()).isEqualTo(takenBack).isEqualTo(partnerShareOf("pay-5"));
    }

    @Test
    void monthsShowGrossAndGrowthOverTheMonthBefore() {
        AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);

        assertThat(report.months()).extracting(AnalyticsReport.MonthFigures::month)
                .containsExactly(YearMonth.of(2026, 9), YearMonth.of(2026, 10));
        assertThat(report.months().get(0).gross()).isEqualTo(usd("339.00"));
        assertThat(report.months().get(0).growthPercent()).contains(new BigDecimal("239.0"));
        assertThat(report.months().get(1).gross()).isEqualTo(usd("3207.00"));
        assertThat(report.months().get(1).growthPercent()).contains(new BigDecimal("846.0"));
    }

    @Test
    void customersLifetimeValueAndAcquisitionCost() {
        AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);

        // cus_old, cus_a, cus_b, cus_c, cus_d, plus one payment without a customer.
        assertThat(report.customersServed()).isEqualTo(6);
        // cus_old paid first in August.
        assertThat(report.newCustomers()).isEqualTo(5);
        // Up to the end of October: 3,646.00 gross from the six customers above.
        assertThat(report.lifetimeValue()).contains(usd("607.67"));
        assertThat(report.acquisitionSpend()).isEqualTo(usd("600.00"));
        assertThat(report.acquisitionCost()).contains(usd("120.00"));
    }

    @Test
    void churnExportsConversionAndLoops() {
        AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);

        assertThat(report.churn()).isEqualTo(new AnalyticsReport.Churn(2, 1, 1,
                Optional.of(new BigDecimal("33.3"))));
        assertThat(report.exports().averageValue()).contains(usd("549.25"));
        assertThat(report.exports().byProductType()).as("every export type, in the stream's order")
                .containsExactly(
                        Map.entry("agent_export", new AnalyticsReport.ProductSales(1, usd("39.00"),
                                Optional.of(usd("39.00")))),
                        Map.entry("loop_export", new AnalyticsReport.ProductSales(2, usd("158.00"),
                                Optional.of(usd("79.00")))),
                        Map.entry("platform_fork", new AnalyticsReport.ProductSales(1, usd("2000.00"),
                                Optional.of(usd("2000.00")))));
        assertThat(report.templateConversion()).isEqualTo(new AnalyticsReport.Conversion(40, 3,
                Optional.of(new BigDecimal("7.5"))));
        assertThat(report.referralConversion().ratePercent()).as("no visits: no rate, not 0 %").isEmpty();
        assertThat(report.loops()).isEqualTo(new AnalyticsReport.Loops(2, usd("158.00"),
                Optional.of(usd("79.00"))));
    }

    private void pay(String productType, String amount, String at, String customer, Map<String, String> extra) {
        sequence++;
        String id = "pay-" + sequence;
        Map<String, String> metadata = new HashMap<>(extra);
        metadata.put("vault_id", VAULT);
        metadata.put("product_type", productType);
        app.payments().post(new PaymentEvent(id, VAULT, usd(amount), Optional.empty(), Instant.parse(at),
                new PaymentOrigin(List.of("pi_" + id), Optional.of(productType), metadata, Optional.empty(),
                        Optional.empty(), Optional.ofNullable(customer))));
    }

    private Money partnerShareOf(String sourceId) {
        return app.payments().find(sourceId).orElseThrow().split().partnerPayout();
    }

    private Money levelOneCommissionOf(String sourceId) {
        return app.payments().find(sourceId).orElseThrow().split().referrerLines().getFirst().amount();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    private static java.time.OffsetDateTime utc(String at) {
        return Instant.parse(at).atOffset(ZoneOffset.UTC);
    }
}
