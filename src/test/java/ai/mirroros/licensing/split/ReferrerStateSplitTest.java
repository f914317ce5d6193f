package ai.mirroros.licensing.split;

import static ai.mirroros.licensing.split.VaultFixture.vault;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.FeeBearer;
import ai.mirroros.licensing.vault.LicensedVault;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The referrer side of a split: a high-volume referrer's bonus and a referrer whose programme is off. */
class ReferrerStateSplitTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final LicensedVault REFERRED = vault(FeeBearer.SHARED, 8_000).referrerRates(500, 200)
            .referredBy("near.sig", "far.sig").build();

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    private static ReferrerState bonus(int points, String referredRevenue) {
        return new ReferrerState(true, Percentage.ofPercent(points), usd(referredRevenue), 30);
    }

    private static SplitResult split(LicensedVault vault, Map<String, ReferrerState> referrers) {
        return SplitEngine.split(SplitRequest.of(usd("1000.00"), vault, BonusState.none(USD))
                .withReferrers(referrers));
    }

    @Test
    void aVolumeBonusAddsToTheReferrersRateAndTheProvenanceSaysSo() {
        SplitResult plain = split(REFERRED, Map.of());
        SplitResult boosted = split(REFERRED, Map.of("near.sig", bonus(1, "12000.00")));

        // net 971.00: 5 % → 48.55; 5 % + 1 % → 58.26. Level 2 is unchanged.
        SplitLine near = boosted.referrerLines().get(0);
        assertThat(near.amount()).isEqualTo(usd("58.26"));
        assertThat(near.provenance().rate()).isEqualTo(Percentage.ofPercent(6));
        assertThat(near.provenance().note()).isEqualTo("commission on the base, out of the master share, "
                + "incl. +1% volume bonus (referred revenue 12000.00 USD over the last 30 days)");
        assertThat(boosted.referrerLines().get(1).amount()).isEqualTo(plain.referrerLines().get(1).amount());
        assertThat(boosted.partnerPayout()).isEqualTo(plain.partnerPayout());
        assertThat(boosted.masterPayout()).isEqualTo(plain.masterPayout().minus(usd("9.71")));
    }

    @Test
    void aReferrersBonusAppliesAtWhicheverLevelItIsPaid() {
        SplitResult result = split(REFERRED, Map.of("far.sig", bonus(2, "60000.00")));

        // 2 % + 2 % of 971.00.
        assertThat(result.referrerLines().get(1).amount()).isEqualTo(usd("38.84"));
        assertThat(result.referrerLines().get(1).provenance().note()).contains("incl. +2% volume bonus");
    }

    @Test
    void aBonusCannotTakeMoreThanWhatIsLeftOfTheMasterShare() {
        // Master share 20 % of 971.00 = 194.20; a 5 % + 30 % commission would be 339.85.
        SplitResult result = split(REFERRED, Map.of("near.sig", bonus(30, "1.00")));

        List<SplitLine> referrers = result.referrerLines();
        assertThat(referrers.get(0).amount()).isEqualTo(usd("194.20"));
        assertThat(referrers.get(0).provenance().note()).startsWith("capped: master share exhausted")
                .contains("incl. +30% volume bonus");
        assertThat(referrers.get(1).amount()).isEqualTo(usd("0.00"));
        assertThat(result.masterPayout()).isEqualTo(usd("0.00"));
        assertThat(result.partnerPayout()).isEqualTo(usd("776.80"));
    }

    @Test
    void aLevelConfiguredAtZeroStaysUnpaidWhateverTheBonus() {
        LicensedVault vault = vault(FeeBearer.SHARED, 8_000).referrerRates(0, 200).referredBy("near.sig", "far.sig")
                .build();

        SplitResult result = split(vault, Map.of("near.sig", bonus(3, "100000.00")));

        assertThat(result.referrerLines().get(0).amount()).isEqualTo(usd("0.00"));
        assertThat(result.referrerLines().get(0).provenance().note()).doesNotContain("volume bonus");
    }

    @Test
    void aReferrerWithTheProgrammeOffIsListedWithNothingPaidAndDeeperLevelsStillPaid() {
        SplitResult result = split(REFERRED, Map.of("near.sig",
                new ReferrerState(false, Percentage.ZERO, usd("0.00"), 30)));

        assertThat(result.referrerLines().get(0).amount()).isEqualTo(usd("0.00"));
        assertThat(result.referrerLines().get(0).provenance().note()).isEqualTo(ReferrerState.PROGRAMME_OFF_NOTE);
        assertThat(result.referrerLines().get(1).amount()).isEqualTo(usd("19.42"));
        assertThat(result.masterPayout()).isEqualTo(usd("174.78"));
    }

    @Test
    void aSplitWithReferrerStatesReadsBackFromItsReport() {
        SplitResult result = split(REFERRED, Map.of("near.sig", bonus(1, "12000.00")));

        assertThat(SplitReport.fromMap(SplitReport.toMap(result))).isEqualTo(result);
    }
}
