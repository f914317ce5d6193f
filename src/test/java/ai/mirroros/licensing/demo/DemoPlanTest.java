package ai.mirroros.licensing.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.demo.DemoAction.DisputeClosed;
import ai.mirroros.licensing.demo.DemoAction.DisputeOpened;
import ai.mirroros.licensing.demo.DemoAction.HostedCancel;
import ai.mirroros.licensing.demo.DemoAction.HostedFork;
import ai.mirroros.licensing.demo.DemoAction.PayoutRun;
import ai.mirroros.licensing.demo.DemoAction.Refund;
import ai.mirroros.licensing.demo.DemoAction.Renewals;
import ai.mirroros.licensing.demo.DemoAction.Sale;
import ai.mirroros.licensing.ingest.StripeEventDecoder;
import ai.mirroros.licensing.payout.PayoutCalendar;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.vault.LicensedVault;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo's history as planned, before anything touches Stripe or a database. */
class DemoPlanTest {
    static final Instant AS_OF = Instant.parse("2026-11-24T18:00:00Z");
    static final DemoSettings SIX_MONTHS = new DemoSettings(42, 6, AS_OF);

    static DemoPlan plan(DemoSettings settings) {
        return DemoPlan.of(settings, vaults(settings), PlatformTerms.defaults());
    }

    static List<LicensedVault> vaults(DemoSettings settings) {
        return DemoCast.vaults(LocalDate.ofInstant(settings.start(), ZoneOffset.UTC));
    }

    @Test
    void theSameSettingsPlanTheSameHistoryAndAnotherSeedAnother() {
        assertThat(plan(SIX_MONTHS).actions()).isEqualTo(plan(SIX_MONTHS).actions());
        assertThat(plan(new DemoSettings(43, 6, AS_OF)).actions()).isNotEqualTo(plan(SIX_MONTHS).actions());
    }

    @Test
    void everythingHappensInOrderInsideTheHistory() {
        DemoPlan plan = plan(SIX_MONTHS);
        List<DemoAction> actions = plan.actions();

        assertThat(plan.start()).isEqualTo(Instant.parse("2026-05-24T18:00:00Z"));
        assertThat(actions).extracting(DemoAction::at).isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(plan.start(), AS_OF));
    }

    @Test
    void salesFollowTheCheckoutMetadataContract() {
        for (Sale sale : plan(SIX_MONTHS).sales()) {
            Map<String, String> meta = sale.metadata();
            assertThat(meta.get(PaymentOrigin.VAULT_ID)).isIn(DemoCast.VAULT_IDS);
            assertThat(meta.get(PaymentOrigin.PRODUCT_TYPE)).isIn(StripeEventDecoder.PRODUCT_TYPES);
            assertThat(meta.get(PaymentOrigin.CUSTOMER_COUNTRY)).isIn(DemoCast.CUSTOMER_COUNTRIES.keySet());
            switch (sale.productType()) {
                case DemoPlan.TEMPLATE -> assertThat(meta).containsKey(PaymentOrigin.TEMPLATE_ID);
                case DemoPlan.LOOP_EXPORT -> assertThat(meta).containsKey(PaymentOrigin.AGENT_LOOP_ID);
                default -> assertThat(meta).containsOnlyKeys(java.util.stream.Stream.of(PaymentOrigin.VAULT_ID,
                        PaymentOrigin.PRODUCT_TYPE, PaymentOrigin.CUSTOMER_COUNTRY, PaymentOrigin.CUSTOMER_REGION)
                        .filter(meta::containsKey).toList());
            }
            if (meta.get(PaymentOrigin.CUSTOMER_COUNTRY).equals("CA")) {
                assertThat(meta.get(PaymentOrigin.CUSTOMER_REGION)).isIn(DemoCast.CUSTOMER_PROVINCES.keySet());
            } else {
                assertThat(meta).doesNotContainKey(PaymentOrigin.CUSTOMER_REGION);
            }
            assertThat(sale.buyer()).startsWith(sale.vaultId() + "#");
        }
    }

    @Test
    void canadianBuyersComeFromHstAndGstOnlyProvinces() {
        List<String> provinces = plan(SIX_MONTHS).sales().stream().map(Sale::metadata)
                .filter(meta -> "CA".equals(meta.get(PaymentOrigin.CUSTOMER_COUNTRY)))
                .map(meta -> meta.get(PaymentOrigin.CUSTOMER_REGION)).toList();
        assertThat(provinces).contains("ON", "QC");
    }

    @Test
    void sixMonthsOfEveryStreamForEveryVault() {
        Map<String, Map<String, Long>> byVault = plan(SIX_MONTHS).sales().stream().collect(Collectors.groupingBy(
                Sale::vaultId, Collectors.groupingBy(Sale::productType, Collectors.counting())));

        assertThat(byVault.get(DemoCast.ENTERPRISE)).containsOnlyKeys(DemoPlan.TEMPLATE, DemoPlan.AGENT_EXPORT,
                DemoPlan.LOOP_EXPORT, DemoPlan.PLATFORM_FORK);
        assertThat(byVault.get(DemoCast.STARTUP)).containsOnlyKeys(DemoPlan.TEMPLATE, DemoPlan.AGENT_EXPORT,
                DemoPlan.LOOP_EXPORT);
        assertThat(byVault.get(DemoCast.INDIVIDUAL)).containsOnlyKeys(DemoPlan.TEMPLATE, DemoPlan.AGENT_EXPORT,
                DemoPlan.LOOP_EXPORT);
    }

    @Test
    void hostedPlatformsAreForkedInTheirFirstMonthRenewedDailyAndTheLeavingClientCancels() {
        DemoPlan plan = plan(SIX_MONTHS);
        List<DemoAction> actions = plan.actions();
        List<HostedFork> forks = actions.stream().filter(HostedFork.class::isInstance).map(HostedFork.class::cast)
                .toList();
        List<HostedCancel> cancels = actions.stream().filter(HostedCancel.class::isInstance)
                .map(HostedCancel.class::cast).toList();
        LocalDate start = LocalDate.ofInstant(plan.start(), ZoneOffset.UTC);

        assertThat(forks).extracting(HostedFork::client)
                .containsExactly("enterprise-client", "acme-logistics", "northwind-health", "bright-dental");
        assertThat(forks).extracting(f -> LocalDate.ofInstant(f.at(), ZoneOffset.UTC)).containsExactly(
                start.plusDays(2), start.plusMonths(1).plusDays(9), start.plusMonths(2).plusDays(15),
                start.plusMonths(2).plusDays(20));
        // northwind-health pays two months (its fork's and one renewal), then leaves before the third.
        HostedFork northwind = forks.get(2);
        assertThat(cancels).singleElement().satisfies(c -> {
            assertThat(c.client()).isEqualTo("northwind-health");
            assertThat(c.at()).isAfter(northwind.at().atZone(ZoneOffset.UTC).plusMonths(1).toInstant())
                    .isBefore(northwind.at().atZone(ZoneOffset.UTC).plusMonths(2).toInstant());
        });
        List<LocalDate> renewalDays = actions.stream().filter(Renewals.class::isInstance)
                .map(a -> LocalDate.ofInstant(a.at(), ZoneOffset.UTC)).toList();
        assertThat(renewalDays).doesNotHaveDuplicates().first().isEqualTo(start.plusDays(3));
        assertThat(renewalDays.getLast()).isEqualTo(LocalDate.ofInstant(AS_OF, ZoneOffset.UTC));
    }

    @Test
    void buyersComeBackAndNewOnesKeepComing() {
        List<Sale> sales = plan(SIX_MONTHS).sales();
        for (String vault : DemoCast.VAULT_IDS) {
            List<String> buyers = sales.stream().filter(s -> s.vaultId().equals(vault)).map(Sale::buyer).toList();
            assertThat(buyers.stream().distinct().count()).as(vault).isLessThan(buyers.size()).isGreaterThan(
                    buyers.size() / 3);
        }
    }

    @Test
    void everyListingIsViewedEveryDayAndMoreOftenThanItSells() {
        DemoPlan plan = plan(SIX_MONTHS);
        Map<String, Long> views = plan.views().stream().collect(Collectors.groupingBy(DemoPlan.Views::templateId,
                Collectors.summingLong(DemoPlan.Views::views)));
        Map<String, Long> sold = plan.sales().stream().filter(s -> s.productType().equals(DemoPlan.TEMPLATE))
                .collect(Collectors.groupingBy(s -> s.metadata().get(PaymentOrigin.TEMPLATE_ID),
                        Collectors.counting()));

        assertThat(views).containsOnlyKeys(DemoCast.TEMPLATES.stream().map(DemoCast.Template::templateId).toList());
        views.forEach((template, count) -> assertThat(count).as(template).isGreaterThan(5 * sold.get(template)));
        assertThat(plan.views()).allSatisfy(v -> assertThat(v.views()).isPositive());
    }

    @Test
    void everyVaultSpendsOnAcquisitionEachMonthWithinTwentyPercentOfItsBudget() {
        List<DemoPlan.Spend> spends = plan(SIX_MONTHS).spends();
        // 24 May to 24 November: seven calendar months touched.
        assertThat(spends).hasSize(3 * 7).allSatisfy(spend -> {
            long budget = DemoCast.customers(spend.vaultId()).acquisitionSpend().amountMinor();
            assertThat(spend.amount().amountMinor()).isBetween(budget * 4 / 5, budget * 6 / 5);
            assertThat(spend.monthStart().getDayOfMonth()).isEqualTo(1);
        });
    }

    @Test
    void theIndividualPaysThePlatformsExportPricesBecauseItsCustomFeesAreOff() {
        DemoPlan plan = plan(SIX_MONTHS);
        PlatformTerms terms = PlatformTerms.defaults();

        assertThat(plan.sales()).filteredOn(s -> s.vaultId().equals(DemoCast.INDIVIDUAL)
                        && s.productType().equals(DemoPlan.AGENT_EXPORT))
                .isNotEmpty().allSatisfy(s -> assertThat(s.price()).isEqualTo(terms.defaultPricing().agentExportFee()));
        assertThat(plan.sales()).filteredOn(s -> s.vaultId().equals(DemoCast.ENTERPRISE)
                        && s.productType().equals(DemoPlan.LOOP_EXPORT))
                .isNotEmpty().allSatisfy(s -> assertThat(s.price().toDecimalString()).isEqualTo("99.00"));
    }

    @Test
    void aFewRefundsAndOneLostDisputeOnDifferentSales() {
        List<DemoAction> actions = plan(SIX_MONTHS).actions();
        List<Refund> refunds = actions.stream().filter(Refund.class::isInstance).map(Refund.class::cast).toList();
        List<DisputeOpened> opened = actions.stream().filter(DisputeOpened.class::isInstance)
                .map(DisputeOpened.class::cast).toList();
        List<DisputeClosed> closed = actions.stream().filter(DisputeClosed.class::isInstance)
                .map(DisputeClosed.class::cast).toList();

        assertThat(refunds).hasSize(6).extracting(Refund::saleNo).doesNotHaveDuplicates()
                .doesNotContain(opened.getFirst().saleNo());
        assertThat(refunds).filteredOn(r -> r.amount().isPresent()).hasSize(3);
        assertThat(opened).hasSize(1);
        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.saleNo()).isEqualTo(opened.getFirst().saleNo());
            assertThat(c.won()).isFalse();
            assertThat(c.at()).isAfter(opened.getFirst().at());
        });
    }

    @Test
    void payoutRunsFallOnTheVaultsPayoutDays() {
        List<LicensedVault> vaults = vaults(SIX_MONTHS);
        List<LocalDate> runDays = plan(SIX_MONTHS).actions().stream().filter(PayoutRun.class::isInstance)
                .map(a -> LocalDate.ofInstant(a.at(), ZoneOffset.UTC)).toList();

        assertThat(runDays).doesNotHaveDuplicates().allSatisfy(day -> assertThat(vaults)
                .anyMatch(v -> PayoutCalendar.lastDueDate(v.payoutSchedule(), day).equals(day)));
        // Fridays (enterprise), every other Monday (startup), the 1st (individual): about 26 + 13 + 6 days.
        assertThat(runDays).hasSizeBetween(40, 46);
    }

    @Test
    void salesGrowMonthOverMonthWithoutFloatingPoint() {
        assertThat(DemoPlan.monthlyCount(new SplittableRandom(1), 10, 20, 0)).isBetween(8, 13);
        // 10 × 1.2^5 = 24.88 → 24.88 ± 25 %
        assertThat(DemoPlan.monthlyCount(new SplittableRandom(1), 10, 20, 5)).isBetween(18, 31);
        assertThat(DemoPlan.monthlyCount(new SplittableRandom(1), 0, 20, 5)).isZero();
    }

    @Test
    void monthsAreBounded() {
        assertThatThrownBy(() -> new DemoSettings(1, 0, AS_OF)).isInstanceOf(LicensingException.class)
                .hasMessage("--months must be 1 to 12, got 0");
        assertThatThrownBy(() -> new DemoSettings(1, 13, AS_OF)).isInstanceOf(LicensingException.class);
    }
}
