package ai.mirroros.licensing.split;

import static ai.mirroros.licensing.split.VaultFixture.vault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.FeeBearer;
import ai.mirroros.licensing.vault.FeeSchedule;
import ai.mirroros.licensing.vault.LicensedVault;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SplitEngineTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    private static SplitResult split(LicensedVault vault, Money gross) {
        return SplitEngine.split(SplitRequest.of(gross, vault, BonusState.none(gross.currency())));
    }

    private static SplitResult split(LicensedVault vault, Money gross, Money actualFee) {
        return SplitEngine.split(SplitRequest.of(gross, vault, BonusState.none(gross.currency()))
                .withActualFee(actualFee));
    }

    private static SplitResult split(LicensedVault vault, Money gross, BonusState bonusState) {
        return SplitEngine.split(SplitRequest.of(gross, vault, bonusState));
    }

    private static SplitLine partnerLine(SplitResult result) {
        return result.lines().get(1);
    }

    private static SplitLine masterLine(SplitResult result) {
        return result.lines().get(result.lines().size() - 1);
    }

    @Nested
    class SeedVectors {
        @Test
        void sharedFeeSplitOf1228_45At85PercentGivesThePartner1013_90() {
            SplitResult result = split(vault(FeeBearer.SHARED, 8_500).build(), usd("1228.45"));

            assertThat(result.fee()).isEqualTo(usd("35.63"));
            assertThat(result.net()).isEqualTo(usd("1192.82"));
            assertThat(result.partnerPayout()).isEqualTo(usd("1013.90"));
            assertThat(result.masterPayout()).isEqualTo(usd("178.92"));
            assertThat(result.referrerPayout()).isEqualTo(usd("0.00"));
        }

        @Test
        void templateSaleOf875At75PercentGivesTheTiedLastCentToThePartner() {
            SplitResult result = split(vault(FeeBearer.SHARED, 7_500).build(), usd("875"));

            assertThat(result.fee()).isEqualTo(usd("25.38"));
            assertThat(result.partnerPayout()).isEqualTo(usd("637.22"));
            assertThat(result.masterPayout()).isEqualTo(usd("212.40"));
        }

        @Test
        void hostingOf2500At85PercentWithThePlatformBearingTheFeeGivesThePartner2125() {
            SplitResult result = split(vault(FeeBearer.PLATFORM, 8_500).build(), usd("2500"));

            assertThat(result.partnerPayout()).isEqualTo(usd("2125.00"));
            assertThat(result.fee()).isEqualTo(usd("72.50"));
            assertThat(result.masterPayout()).isEqualTo(usd("302.50"));
        }

        @Test
        void exportOf1228_45At85PercentWithThePlatformBearingTheFeeGivesThePartner1044_18() {
            SplitResult result = split(vault(FeeBearer.PLATFORM, 8_500).build(), usd("1228.45"));

            assertThat(result.partnerPayout()).isEqualTo(usd("1044.18"));
            assertThat(result.masterPayout()).isEqualTo(usd("148.64"));
        }

        @Test
        void fivePercentLevelOneCommissionOn156000Is7800() {
            LicensedVault vault = vault(FeeBearer.PLATFORM, 8_500).referrerRates(500).referredBy("referrer.sig")
                    .build();

            SplitResult result = split(vault, usd("156000.00"), usd("0"));

            assertThat(result.referrerPayout()).isEqualTo(usd("7800.00"));
            assertThat(result.partnerPayout()).isEqualTo(usd("132600.00"));
            assertThat(result.masterPayout()).isEqualTo(usd("15600.00"));
        }
    }

    @Nested
    class LinesAndProvenance {
        @Test
        void linesComeInOrderFeePartnerReferrersByLevelMaster() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_000).referrerRates(500, 200)
                    .referredBy("near.sig", "far.sig").build();

            List<Party> parties = split(vault, usd("100.00")).lines().stream().map(SplitLine::party).toList();

            assertThat(parties).containsExactly(
                    Party.ProcessingFee.STRIPE,
                    new Party.Partner(VaultFixture.VAULT_ID),
                    new Party.Referrer(1, "near.sig"),
                    new Party.Referrer(2, "far.sig"),
                    Party.Master.PLATFORM);
        }

        @Test
        void scheduledFeeIsMarkedAsAnEstimate() {
            SplitResult result = split(vault(FeeBearer.SHARED, 8_500).build(), usd("1228.45"));

            assertThat(result.feeSource()).isEqualTo(FeeSource.SCHEDULE);
            Provenance fee = result.lines().get(0).provenance();
            assertThat(fee.rule()).isEqualTo(Provenance.FEE_SCHEDULE);
            assertThat(fee.rate()).isEqualTo(Percentage.ofBasisPoints(290));
            assertThat(fee.base()).isEqualTo(usd("1228.45"));
            assertThat(fee.note()).contains("estimate");
        }

        @Test
        void actualStripeFeeReplacesTheSchedule() {
            SplitResult result = split(vault(FeeBearer.SHARED, 8_500).build(), usd("1228.45"), usd("36.00"));

            assertThat(result.feeSource()).isEqualTo(FeeSource.ACTUAL);
            assertThat(result.fee()).isEqualTo(usd("36.00"));
            assertThat(result.net()).isEqualTo(usd("1192.45"));
            assertThat(result.lines().get(0).provenance().rule()).isEqualTo(Provenance.STRIPE_ACTUAL_FEE);
        }

        @Test
        void partnerAndMasterLinesNameTheirRateAndBase() {
            SplitResult result = split(vault(FeeBearer.SHARED, 8_500).build(), usd("1228.45"));

            Provenance partner = partnerLine(result).provenance();
            assertThat(partner.rule()).isEqualTo(Provenance.PARTNER_SHARE);
            assertThat(partner.rate()).isEqualTo(Percentage.ofPercent(85));
            assertThat(partner.base()).isEqualTo(usd("1192.82"));
            Provenance master = masterLine(result).provenance();
            assertThat(master.rule()).isEqualTo(Provenance.MASTER_REMAINDER);
            assertThat(master.rate()).isEqualTo(Percentage.ofPercent(15));
        }

        @Test
        void zeroGrossSplitsIntoZeroLines() {
            SplitResult result = split(vault(FeeBearer.SHARED, 8_500).referrerRates(500).referredBy("r.sig").build(),
                    usd("0.00"));

            assertThat(result.lines()).allSatisfy(line -> assertThat(line.amount()).isEqualTo(usd("0.00")));
        }
    }

    @Nested
    class Referrers {
        @Test
        void multiLevelChainPaysEachLevelItsRateOutOfTheMasterShare() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_000).referrerRates(500, 200, 100)
                    .referredBy("l1.sig", "l2.sig", "l3.sig").build();

            SplitResult result = split(vault, usd("1000.00"));

            // net 971.00: partner 776.80, master 194.20 before commissions of 5 %, 2 %, 1 % of the net.
            assertThat(result.referrerLines()).extracting(SplitLine::amount)
                    .containsExactly(usd("48.55"), usd("19.42"), usd("9.71"));
            assertThat(result.partnerPayout()).isEqualTo(usd("776.80"));
            assertThat(result.masterPayout()).isEqualTo(usd("116.52"));
        }

        @Test
        void referrersNeverShrinkThePartnerLine() {
            Money gross = usd("1000.00");
            SplitResult without = split(vault(FeeBearer.SHARED, 8_000).build(), gross);
            SplitResult with = split(vault(FeeBearer.SHARED, 8_000).referrerRates(2_000, 2_000, 2_000)
                    .referredBy("a.sig", "b.sig", "c.sig").build(), gross);

            assertThat(with.partnerPayout()).isEqualTo(without.partnerPayout());
        }

        @Test
        void levelsBeyondTheConfiguredRatesAreNotListed() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_000).referrerRates(500, 200)
                    .referredBy("l1.sig", "l2.sig", "l3.sig", "l4.sig").build();

            assertThat(split(vault, usd("100.00")).referrerLines()).hasSize(2);
        }

        @Test
        void levelsBeyondTheMaximumDepthAreNotListed() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_000).referrerRates(500, 200, 100).maxReferralDepth(1)
                    .referredBy("l1.sig", "l2.sig", "l3.sig").build();

            assertThat(split(vault, usd("100.00")).referrerLines()).extracting(SplitLine::party)
                    .containsExactly(new Party.Referrer(1, "l1.sig"));
        }

        @Test
        void commissionIsCappedWhenTheMasterShareIsExhaustedAndDeeperLevelsGetZero() {
            LicensedVault vault = vault(FeeBearer.PLATFORM, 9_500).referrerRates(2_000, 500)
                    .referredBy("l1.sig", "l2.sig").build();

            // master 50.00 of the gross, less the 29.00 fee the platform bears: 21.00 left for referrers.
            SplitResult result = split(vault, usd("1000.00"), usd("29.00"));

            List<SplitLine> referrers = result.referrerLines();
            assertThat(referrers.get(0).amount()).isEqualTo(usd("21.00"));
            assertThat(referrers.get(0).provenance().note())
                    .startsWith("capped: master share exhausted").contains("200.00 USD");
            assertThat(referrers.get(1).amount()).isEqualTo(usd("0.00"));
            assertThat(referrers.get(1).provenance().note())
                    .startsWith("capped: master share exhausted").contains("50.00 USD");
            assertThat(result.masterPayout()).isEqualTo(usd("0.00"));
            assertThat(result.partnerPayout()).isEqualTo(usd("950.00"));
        }

        @Test
        void aBlankReferrerIdIsRefused() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_000).referrerRates(500).referredBy(" ").build();

            assertThatThrownBy(() -> split(vault, usd("100.00")))
                    .isInstanceOf(SplitException.class).hasMessageContaining("referrer chain entry 1");
        }
    }

    @Nested
    class Bonuses {
        private final VaultFixture volumeVault = vault(FeeBearer.SHARED, 8_500)
                .volumeBonus(usd("10000.00"), 200).bonusCeiling(500);

        @Test
        void volumeBonusIsNotEarnedOneCentBelowTheThreshold() {
            SplitResult result = split(volumeVault.build(), usd("1000.00"), new BonusState(usd("9999.99"), 0));

            assertThat(partnerLine(result).provenance().rate()).isEqualTo(Percentage.ofPercent(85));
            assertThat(partnerLine(result).provenance().note()).contains("volume bonus not earned");
        }

        @Test
        void volumeBonusIsEarnedAtTheThresholdAndComesOutOfTheMasterShare() {
            SplitResult result = split(volumeVault.build(), usd("1000.00"), new BonusState(usd("10000.00"), 0));

            // net 971.00 at 87 %.
            assertThat(partnerLine(result).provenance().rate()).isEqualTo(Percentage.ofPercent(87));
            assertThat(partnerLine(result).provenance().note()).contains("volume bonus +2%");
            assertThat(result.partnerPayout()).isEqualTo(usd("844.77"));
            assertThat(result.masterPayout()).isEqualTo(usd("126.23"));
        }

        @Test
        void volumeBonusIsNotAppliedWhenTheWindowRevenueIsInAnotherCurrency() {
            SplitResult result = split(volumeVault.build(), usd("1000.00"),
                    new BonusState(Money.parse("50000", CurrencyUnit.EUR), 0));

            assertThat(partnerLine(result).provenance().rate()).isEqualTo(Percentage.ofPercent(85));
            assertThat(partnerLine(result).provenance().note()).contains("volume bonus not applied", "EUR", "USD");
        }

        @Test
        void loyaltyBonusIsEarnedAfterTheRequiredMonths() {
            VaultFixture loyal = vault(FeeBearer.SHARED, 8_500).loyaltyBonus(12, 100).bonusCeiling(500);

            SplitResult before = split(loyal.build(), usd("1000.00"), new BonusState(usd("0"), 11));
            SplitResult after = split(loyal.build(), usd("1000.00"), new BonusState(usd("0"), 12));

            assertThat(partnerLine(before).provenance().rate()).isEqualTo(Percentage.ofPercent(85));
            assertThat(partnerLine(after).provenance().rate()).isEqualTo(Percentage.ofPercent(86));
            assertThat(partnerLine(after).provenance().note()).contains("loyalty bonus +1%");
        }

        @Test
        void bonusesTogetherAreCappedAtTheBonusCeiling() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_500).volumeBonus(usd("10000.00"), 200)
                    .loyaltyBonus(12, 150).bonusCeiling(300).build();

            SplitResult result = split(vault, usd("1000.00"), new BonusState(usd("20000.00"), 24));

            assertThat(partnerLine(result).provenance().rate()).isEqualTo(Percentage.ofPercent(88));
            assertThat(partnerLine(result).provenance().note()).contains("capped at the 3% ceiling", "3.5%");
        }

        @Test
        void partnerRateIsCappedAtOneHundredPercent() {
            LicensedVault vault = vault(FeeBearer.SHARED, 9_900).volumeBonus(usd("0.00"), 200).bonusCeiling(500)
                    .build();

            SplitResult result = split(vault, usd("1000.00"), new BonusState(usd("0.00"), 0));

            assertThat(partnerLine(result).provenance().rate()).isEqualTo(Percentage.HUNDRED);
            assertThat(partnerLine(result).provenance().note()).contains("capped at 100%");
            assertThat(result.partnerPayout()).isEqualTo(usd("971.00"));
            assertThat(result.masterPayout()).isEqualTo(usd("0.00"));
        }
    }

    @Nested
    class FeeBearers {
        @Test
        void partnerBearingTheFeeGetsItsShareOfTheGrossLessTheWholeFee() {
            SplitResult result = split(vault(FeeBearer.PARTNER, 8_500).build(), usd("1000.00"));

            assertThat(result.fee()).isEqualTo(usd("29.00"));
            assertThat(result.partnerPayout()).isEqualTo(usd("821.00"));
            assertThat(result.masterPayout()).isEqualTo(usd("150.00"));
        }

        @Test
        void feeExceedingTheMasterShareMovesTheExcessToThePartnerWhenThePlatformBearsIt() {
            SplitResult result = split(vault(FeeBearer.PLATFORM, 9_900).build(), usd("100.00"), usd("3.20"));

            // master 1.00 cannot carry the 3.20 fee: the partner absorbs the other 2.20.
            assertThat(result.masterPayout()).isEqualTo(usd("0.00"));
            assertThat(result.partnerPayout()).isEqualTo(usd("96.80"));
            assertThat(partnerLine(result).provenance().note()).contains("absorbs 2.20 USD");
            assertThat(masterLine(result).provenance().note()).contains("partner absorbs");
        }

        @Test
        void feeExceedingThePartnerShareMovesTheExcessToTheMasterWhenThePartnerBearsIt() {
            SplitResult result = split(vault(FeeBearer.PARTNER, 100).build(), usd("100.00"), usd("3.20"));

            assertThat(result.partnerPayout()).isEqualTo(usd("0.00"));
            assertThat(result.masterPayout()).isEqualTo(usd("96.80"));
            assertThat(partnerLine(result).provenance().note()).contains("master absorbs");
        }
    }

    @Nested
    class Currencies {
        @Test
        void yenHasNoMinorUnitsAndTheTiedYenGoesToThePartner() {
            CurrencyUnit jpy = CurrencyUnit.JPY;
            LicensedVault vault = vault(FeeBearer.SHARED, 8_500).currency(jpy).build();

            // fee 290, net 9710, 85 % of it is 8253.5: a tie between partner and master.
            SplitResult result = split(vault, Money.parse("10000", jpy));

            assertThat(result.fee()).isEqualTo(Money.parse("290", jpy));
            assertThat(result.partnerPayout()).isEqualTo(Money.parse("8254", jpy));
            assertThat(result.masterPayout()).isEqualTo(Money.parse("1456", jpy));
        }

        @Test
        void bahrainiDinarSplitsToThreeDecimals() {
            CurrencyUnit bhd = CurrencyUnit.of("BHD");
            LicensedVault vault = vault(FeeBearer.SHARED, 8_500).currency(bhd).build();

            SplitResult result = split(vault, Money.parse("1228.450", bhd));

            assertThat(result.fee().toDecimalString()).isEqualTo("35.625");
            assertThat(result.partnerPayout().toDecimalString()).isEqualTo("1013.901");
            assertThat(result.masterPayout().toDecimalString()).isEqualTo("178.924");
        }

        @Test
        void fixedFeeInAnotherCurrencyIsIgnoredAndTheNoteSaysSo() {
            LicensedVault vault = vault(FeeBearer.SHARED, 8_500)
                    .feeSchedule(new FeeSchedule(Percentage.ofBasisPoints(290), usd("0.30"))).build();

            SplitResult result = split(vault, Money.parse("100.00", CurrencyUnit.EUR));

            assertThat(result.fee()).isEqualTo(Money.parse("2.90", CurrencyUnit.EUR));
            assertThat(result.lines().get(0).provenance().note()).contains("0.30 USD ignored");
        }
    }

    @Nested
    class Validation {
        private final LicensedVault vault = vault(FeeBearer.SHARED, 8_500).build();

        @Test
        void feeInAnotherCurrencyIsRefused() {
            assertThatThrownBy(() -> split(vault, usd("100.00"), Money.parse("2.90", CurrencyUnit.EUR)))
                    .isInstanceOfSatisfying(SplitException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_split"))
                    .hasMessageContaining("EUR").hasMessageContaining("USD");
        }

        @Test
        void negativeGrossIsRefused() {
            assertThatThrownBy(() -> split(vault, usd("-1.00")))
                    .isInstanceOf(SplitException.class).hasMessageContaining("gross must not be negative");
        }

        @Test
        void negativeFeeIsRefused() {
            assertThatThrownBy(() -> split(vault, usd("100.00"), usd("-0.01")))
                    .isInstanceOf(SplitException.class).hasMessageContaining("fee must not be negative");
        }

        @Test
        void feeAboveTheGrossIsRefused() {
            assertThatThrownBy(() -> split(vault, usd("100.00"), usd("100.01")))
                    .isInstanceOf(SplitException.class).hasMessageContaining("exceeds the gross");
        }

        @Test
        void feeEqualToTheGrossLeavesNothingToSplit() {
            SplitResult result = split(vault, usd("100.00"), usd("100.00"));

            assertThat(result.partnerPayout()).isEqualTo(usd("0.00"));
            assertThat(result.masterPayout()).isEqualTo(usd("0.00"));
        }

        @Test
        void grossAboveTheBoundIsRefused() {
            Money tooLarge = Money.ofMinor(SplitEngine.MAX_GROSS_MINOR + 1, USD);

            assertThatThrownBy(() -> split(vault, tooLarge))
                    .isInstanceOf(SplitException.class).hasMessageContaining("largest payment");
        }

        @Test
        void partnerShareAboveOneHundredPercentIsRefused() {
            LicensedVault bad = vault(FeeBearer.SHARED, 10_100).build();

            assertThatThrownBy(() -> split(bad, usd("100.00")))
                    .isInstanceOf(SplitException.class).hasMessageContaining("revenueSharing.partnerShare is 101%");
        }

        @Test
        void negativeReferrerRateIsRefused() {
            LicensedVault bad = vault(FeeBearer.SHARED, 8_500).referrerRates(500, -1).build();

            assertThatThrownBy(() -> split(bad, usd("100.00")))
                    .isInstanceOf(SplitException.class).hasMessageContaining("referrerShare[1]");
        }

        @Test
        void negativeMonthsLicensedIsRefused() {
            assertThatThrownBy(() -> new BonusState(usd("0"), -1))
                    .isInstanceOf(SplitException.class).hasMessageContaining("monthsLicensed");
        }
    }
}
