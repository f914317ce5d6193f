package ai.mirroros.licensing.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.tier.MonthRevenue;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any payments and any period, the per-month stream figures of the analytics add up to each stream's partner
 * earnings, cover exactly the period's calendar months, and total the partner shares of the payments posted in the
 * period. Each try posts to a vault of its own on one shared embedded database (both databases:
 * {@link MonthsByStreamTest}).
 */
class MonthsByStreamProperties {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Instant YEAR_START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long YEAR_SECONDS = 365L * 24 * 3600;
    /** Product types of every stream, and none (a payment posted by hand). */
    private static final List<Optional<String>> PRODUCT_TYPES = List.of(Optional.of("template"),
            Optional.of("hosted_platform"), Optional.of("agent_export"), Optional.of("loop_export"),
            Optional.of("platform_fork"), Optional.of("unknown_product"), Optional.empty());
    private static final AtomicLong TRIES = new AtomicLong();

    private static TestDatabases.TestDatabase database;
    private static LicensingApp app;
    private static LicensedVault template;

    record Sale(Optional<String> productType, long amountMinor, long secondOfYear) {
    }

    @BeforeContainer
    static void openDatabase() {
        database = TestDatabases.fresh(TestDatabases.Kind.H2);
        app = LicensingApp.over(database.database(), Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"),
                ZoneOffset.UTC));
        template = VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values().stream()
                .filter(v -> v.vaultId().equals("individual-vault.sig")).findFirst().orElseThrow();
    }

    @AfterContainer
    static void closeDatabase() {
        database.close();
    }

    @Property(tries = 60)
    void monthsByStreamAddUpToTheStreamsAndToThePaymentsOfThePeriod(
            @ForAll("sales") List<Sale> sales, @ForAll("instants") Instant a, @ForAll("instants") Instant b) {
        if (a.equals(b)) {
            return;
        }
        Instant from = a.isBefore(b) ? a : b;
        Instant to = a.isBefore(b) ? b : a;
        String vaultId = "prop-" + TRIES.incrementAndGet() + ".sig";
        app.vaults().importVaults(List.of(copy(template, vaultId)), Instant.parse("2025-01-01T00:00:00Z"));
        long partnerInPeriod = 0;
        for (int i = 0; i < sales.size(); i++) {
            Sale sale = sales.get(i);
            Instant at = YEAR_START.plusSeconds(sale.secondOfYear());
            long share = app.payments().post(payment(vaultId + "-" + i, vaultId, sale, at)).split().partnerPayout()
                    .amountMinor();
            if (!at.isBefore(from) && at.isBefore(to)) {
                partnerInPeriod += share;
            }
        }

        AnalyticsReport report = app.analytics().report(vaultId, from, to);

        List<YearMonth> expectedMonths = new ArrayList<>();
        for (YearMonth m = MonthRevenue.monthOf(from); !m.isAfter(MonthRevenue.monthOf(to.minusNanos(1)));
             m = m.plusMonths(1)) {
            expectedMonths.add(m);
        }
        assertThat(report.monthsByStream()).extracting(AnalyticsReport.MonthStreams::month)
                .containsExactlyElementsOf(expectedMonths);
        Map<Stream, Long> sums = new EnumMap<>(Stream.class);
        long total = 0;
        for (AnalyticsReport.MonthStreams month : report.monthsByStream()) {
            for (Map.Entry<Stream, Money> e : month.partnerEarnings().entrySet()) {
                sums.merge(e.getKey(), e.getValue().amountMinor(), Long::sum);
                total += e.getValue().amountMinor();
            }
        }
        for (Stream stream : Stream.values()) {
            assertThat(sums.get(stream)).as(stream.label())
                    .isEqualTo(report.streams().get(stream).partnerEarnings().amountMinor());
        }
        assertThat(total).as("every payment of the period, once").isEqualTo(partnerInPeriod);
    }

    @Provide
    Arbitrary<List<Sale>> sales() {
        Arbitrary<Sale> sale = Combinators.combine(Arbitraries.of(PRODUCT_TYPES),
                Arbitraries.longs().between(100, 50_000), Arbitraries.longs().between(0, YEAR_SECONDS - 1))
                .as(Sale::new);
        return sale.list().ofMinSize(0).ofMaxSize(12);
    }

    /** Moments from a month before the payments' year to a month after it, often on a month's first second. */
    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Instant> any = Arbitraries.longs().between(-31L * 24 * 3600, YEAR_SECONDS + 31L * 24 * 3600)
                .map(YEAR_START::plusSeconds);
        Arbitrary<Instant> monthStart = Arbitraries.integers().between(-1, 13)
                .map(m -> MonthRevenue.start(YearMonth.of(2026, 1).plusMonths(m)));
        return Arbitraries.oneOf(any, monthStart);
    }

    private static PaymentEvent payment(String id, String vaultId, Sale sale, Instant at) {
        Money gross = Money.ofMinor(sale.amountMinor(), USD);
        if (sale.productType().isEmpty()) {
            return new PaymentEvent(id, vaultId, gross, Optional.empty(), at);
        }
        String type = sale.productType().get();
        return new PaymentEvent(id, vaultId, gross, Optional.empty(), at, new PaymentOrigin(List.of("pi_" + id),
                Optional.of(type), Map.of(PaymentOrigin.VAULT_ID, vaultId, PaymentOrigin.PRODUCT_TYPE, type),
                Optional.empty(), Optional.empty()));
    }

    private static LicensedVault copy(LicensedVault v, String vaultId) {
        return new LicensedVault(vaultId, v.licenseType(), v.licensedSince(), v.settlementCurrency(),
                v.revenueSharing(), v.mirrorOrigin(), v.monetizationConfig(), v.pricingConfiguration(),
                v.payoutSchedule(), v.compliance());
    }
}
