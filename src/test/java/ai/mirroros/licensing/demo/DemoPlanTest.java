package ai.mirroros.licensing.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.demo.DemoAction.DisputeClosed;
import ai.mirroros.licensing.demo.DemoAction.DisputeOpened;
import ai.mirroros.licensing.demo.DemoAction.PayoutRun;
import ai.mirroros.licensing.demo.DemoAction.Refund;
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
                case DemoPlan.HOSTED_PLATFORM -> assertThat(meta).containsKey(PaymentOrigin.HOSTED_PLATFORM_ID);
                case DemoPlan.LOOP_EXPORT -> assertThat(meta).containsKey(PaymentOrigin.AGENT_LOOP_ID);
                default -> assertThat(meta).containsOnlyKeys(PaymentOrigin.VAULT_ID, PaymentOrigin.PRODUCT_TYPE,
                        PaymentOrigin.CUSTOMER_COUNTRY);
            }
            assertThat(sale.invoice()).isEqualTo(sale.productType().equals(DemoPlan.HOSTED_PLATFORM));
        }
    }

    @Test
    void sixMonthsOfEveryStreamForEveryVault() {
        Map<String, Map<String, Long>> byVault = plan(SIX_MONTHS).sales().stream().collect(Collectors.groupingBy(
                Sale::vaultId, Collectors.groupingBy(Sale::productType, Collectors.counting())));

        assertThat(byVault.get(DemoCast.ENTERPRISE)).containsOnlyKeys(DemoPlan.TEMPLATE, DemoPlan.HOSTED_PLATFORM,
                DemoPlan.AGENT_EXPORT, DemoPlan.LOOP_EXPORT, DemoPlan.PLATFORM_FORK);
        assertThat(byVault.get(DemoCast.STARTUP)).containsOnlyKeys(DemoPlan.TEMPLATE, DemoPlan.HOSTED_PLATFORM,
                DemoPlan.AGENT_EXPORT, DemoPlan.LOOP_EXPORT);
        assertThat(byVault.get(DemoCast.INDIVIDUAL)).containsOnlyKeys(DemoPlan.TEMPLATE, DemoPlan.AGENT_EXPORT,
                DemoPlan.LOOP_EXPORT);
        // enterprise-client from the first month, acme-logistics from the second, northwind-health for two months,
        // bright-dental from the third: 6 + 5 + 2 invoices, and 4.
        assertThat(byVault.get(DemoCast.ENTERPRISE).get(DemoPlan.HOSTED_PLATFORM)).isEqualTo(13);
        assertThat(byVault.get(DemoCast.STARTUP).get(DemoPlan.HOSTED_PLATFORM)).isEqualTo(4);
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
