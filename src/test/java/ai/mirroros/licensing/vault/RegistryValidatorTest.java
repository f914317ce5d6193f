package ai.mirroros.licensing.vault;

import static ai.mirroros.licensing.vault.RegistryFixture.AGENCY;
import static ai.mirroros.licensing.vault.RegistryFixture.ENTERPRISE;
import static ai.mirroros.licensing.vault.RegistryFixture.EXAMPLE;
import static ai.mirroros.licensing.vault.RegistryFixture.INDIVIDUAL;
import static ai.mirroros.licensing.vault.RegistryFixture.PREMIUM;
import static ai.mirroros.licensing.vault.RegistryFixture.STARTUP;
import static ai.mirroros.licensing.vault.RegistryFixture.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per rule: each asserts the whole report line, so vault, field and message are all pinned. */
class RegistryValidatorTest {

    @Nested
    class Shares {
        @Test
        void sharesMustSumToHundred() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.masterVaultShare", 20).problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing: partnerShare 85 + masterVaultShare 20 must sum to 100");
        }

        @Test
        void sharesMustLieBetweenZeroAndHundred() {
            assertThat(example()
                    .set(ENTERPRISE, "revenueSharing.partnerShare", 120)
                    .set(ENTERPRISE, "revenueSharing.masterVaultShare", -20)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.partnerShare: must be between 0 and 100, got 120",
                    "enterprise-vault.sig: revenueSharing.masterVaultShare: must be between 0 and 100, got -20");
        }

        @Test
        void absurdSharesGiveProblemsNotACrash() {
            assertThat(example()
                    .set(ENTERPRISE, "revenueSharing.partnerShare", 21_474_836)
                    .set(ENTERPRISE, "revenueSharing.masterVaultShare", 21_474_836)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.partnerShare: must be between 0 and 100, got 21474836",
                    "enterprise-vault.sig: revenueSharing.masterVaultShare: must be between 0 and 100, got 21474836",
                    "enterprise-vault.sig: revenueSharing: partnerShare 21474836 + masterVaultShare 21474836 must"
                            + " sum to 100");
        }

        @Test
        void referrerRatesMustLieBetweenZeroAndHundred() {
            assertThat(example().set(STARTUP, "revenueSharing.referrerShare", List.of(5, -2)).problems())
                    .containsExactly("startup-vault.sig: revenueSharing.referrerShare[1]: must be between 0 and 100,"
                            + " got -2");
        }

        @Test
        void bonusesAndCeilingMustLieBetweenZeroAndHundred() {
            assertThat(example()
                    .set(INDIVIDUAL, "revenueSharing.volumeBonus", Map.of("threshold", "100.00",
                            "bonusPercentage", 101))
                    .set(INDIVIDUAL, "revenueSharing.loyaltyBonus.bonusPercentage", -1)
                    .set(STARTUP, "revenueSharing.bonusCeiling", 100.5)
                    .problems()).containsExactly(
                    "individual-vault.sig: revenueSharing.volumeBonus.bonusPercentage: must be between 0 and 100,"
                            + " got 101",
                    "individual-vault.sig: revenueSharing.loyaltyBonus.bonusPercentage: must be between 0 and 100,"
                            + " got -1",
                    "startup-vault.sig: revenueSharing.bonusCeiling: must be between 0 and 100, got 100.5");
        }

        @Test
        void processingFeeRateMustLieBetweenZeroAndHundred() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.processingFee.percentage", 290).problems())
                    .containsExactly("enterprise-vault.sig: revenueSharing.processingFee.percentage: must be between"
                            + " 0 and 100, got 290");
        }

        @Test
        void templateMarkupMayExceedHundredButNotAThousand() {
            assertThat(VaultRegistryFile.parse(example()
                    .set(ENTERPRISE, "pricingConfiguration.agentTemplateMarkup", 150).json())).hasSize(5);
            assertThat(example().set(ENTERPRISE, "pricingConfiguration.agentTemplateMarkup", 1001).problems())
                    .containsExactly("enterprise-vault.sig: pricingConfiguration.agentTemplateMarkup: must be"
                            + " between 0 and 1000, got 1001");
        }

        @Test
        void commissionsAndBonusesMustFitInThePlatformShare() {
            assertThat(example().set(PREMIUM, "revenueSharing.referrerShare", List.of(5, 2)).problems())
                    .containsExactly("premium-enterprise-vault.sig: revenueSharing: referrer commissions (5 + 2) +"
                            + " bonusCeiling 4 exceed masterVaultShare 10; both are paid out of the platform's share");
        }

        @Test
        void onlyPaidReferrerLevelsCountAgainstThePlatformShare() {
            assertThat(VaultRegistryFile.parse(example()
                    .set(PREMIUM, "revenueSharing.referrerShare", List.of(5, 2))
                    .set(PREMIUM, "revenueSharing.maxReferralDepth", 1).json())).hasSize(5);
        }

        @Test
        void maxReferralDepthLiesBetweenZeroAndTen() {
            assertThat(example()
                    .set(ENTERPRISE, "revenueSharing.maxReferralDepth", 11)
                    .set(STARTUP, "revenueSharing.maxReferralDepth", -1)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.maxReferralDepth: must be between 0 and 10, got 11",
                    "startup-vault.sig: revenueSharing.maxReferralDepth: must be between 0 and 10, got -1");
        }

        @Test
        void bonusWindowsAndMonthsAreBounded() {
            assertThat(example()
                    .set(ENTERPRISE, "revenueSharing.volumeBonus.windowDays", 0)
                    .set(STARTUP, "revenueSharing.loyaltyBonus.monthsRequired", 121)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.volumeBonus.windowDays: must be between 1 and 365 days,"
                            + " got 0",
                    "startup-vault.sig: revenueSharing.loyaltyBonus.monthsRequired: must be between 1 and 120"
                            + " months, got 121");
        }
    }

    @Nested
    class Amounts {
        @Test
        void moneyMustNotBeNegative() {
            assertThat(example().set(ENTERPRISE, "pricingConfiguration.agentExportFee", "-1.00").problems())
                    .containsExactly("enterprise-vault.sig: pricingConfiguration.agentExportFee: must not be"
                            + " negative, got -1.00");
        }

        @Test
        void negativeThresholdAndMinimumAreNamed() {
            assertThat(example()
                    .set(ENTERPRISE, "revenueSharing.volumeBonus.threshold", "-0.01")
                    .set(ENTERPRISE, "payoutSchedule.minimumAmount", -5)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.volumeBonus.threshold: must not be negative, got -0.01",
                    "enterprise-vault.sig: payoutSchedule.minimumAmount: must not be negative, got -5.00");
        }

        @Test
        void moneyMustBeInTheSettlementCurrency() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.processingFee.fixed", "0.30 EUR").problems())
                    .containsExactly("enterprise-vault.sig: revenueSharing.processingFee.fixed: is in EUR but the"
                            + " vault settles in USD; amounts must be in the settlement currency");
        }

        @Test
        void moneyInAnotherCurrencyIsCaughtOnBuiltVaultsToo() {
            LicensedVault premium = VaultRegistryFile.load(EXAMPLE).get(PREMIUM);
            RevenueSharing terms = premium.revenueSharing();
            RevenueSharing seedFee = new RevenueSharing(terms.partnerShare(), terms.masterVaultShare(),
                    terms.referrerShare(), terms.maxReferralDepth(), terms.volumeBonus(), terms.loyaltyBonus(),
                    terms.bonusCeiling(), terms.feeBearer(), FeeSchedule.SEED_DEFAULT);
            LicensedVault changed = new LicensedVault(PREMIUM, premium.licenseType(), premium.licensedSince(),
                    premium.settlementCurrency(), seedFee, premium.mirrorOrigin(), premium.monetizationConfig(),
                    premium.pricingConfiguration(), premium.payoutSchedule(), premium.compliance());
            List<LicensedVault> vaults = new ArrayList<>(VaultRegistryFile.load(EXAMPLE).values());
            vaults.removeIf(v -> v.vaultId().equals(PREMIUM));
            vaults.add(changed);

            assertThat(RegistryValidator.validate(vaults)).extracting(RegistryProblem::toString).containsExactly(
                    "premium-enterprise-vault.sig: revenueSharing.processingFee.fixed: is in USD but the vault"
                            + " settles in EUR; amounts must be in the settlement currency");
        }

        @Test
        void moneyWithTooManyDecimalsIsRefusedNotRounded() {
            assertThat(example()
                    .set(ENTERPRISE, "pricingConfiguration.agentExportFee", "49.001")
                    .set(STARTUP, "pricingConfiguration.agentExportFee", 29.005)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: pricingConfiguration.agentExportFee: '49.001' has more decimals than USD"
                            + " allows (2)",
                    "startup-vault.sig: pricingConfiguration.agentExportFee: '29.005' has more decimals than USD"
                            + " allows (2)");
        }

        @Test
        void percentagesWithMoreThanTwoDecimalsAreRefused() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.processingFee.percentage", 2.905).problems())
                    .containsExactly("enterprise-vault.sig: revenueSharing.processingFee.percentage: percentage"
                            + " 2.905 has more than two decimals (the smallest step is 0.01 %)");
        }

        @Test
        void unknownCurrencyIsNamedOnceNotForEveryAmount() {
            assertThat(example().set(ENTERPRISE, "settlementCurrency", "XYZ").problems()).containsExactly(
                    "enterprise-vault.sig: settlementCurrency: unknown currency 'XYZ'; expected an ISO-4217 code"
                            + " such as USD");
        }

        @Test
        void amountThatIsNotAnAmountIsQuoted() {
            assertThat(example().set(ENTERPRISE, "payoutSchedule.minimumAmount", "lots\nof money").problems())
                    .containsExactly("enterprise-vault.sig: payoutSchedule.minimumAmount: expected an amount such as"
                            + " \"49.00\"; got 'lots\\nof money'");
        }
    }

    @Nested
    class Names {
        @Test
        void unknownLicenseTypeIsNamed() {
            assertThat(example().set(ENTERPRISE, "licenseType", "gold").problems()).containsExactly(
                    "enterprise-vault.sig: licenseType: unknown licenseType 'gold'; expected one of"
                            + " individual_partner, startup_partner, enterprise_partner, premium_enterprise");
        }

        @Test
        void unknownFeeBearerIsNamed() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.feeBearer", "customer").problems())
                    .containsExactly("enterprise-vault.sig: revenueSharing.feeBearer: unknown feeBearer 'customer';"
                            + " expected one of shared, platform, partner");
        }

        @Test
        void unknownFrequencyIsNamed() {
            assertThat(example().set(ENTERPRISE, "payoutSchedule.frequency", "daily").problems())
                    .containsExactly("enterprise-vault.sig: payoutSchedule.frequency: unknown frequency 'daily';"
                            + " expected one of weekly, biweekly, monthly");
        }

        @Test
        void unknownDayAndComplianceStatesAreNamed() {
            assertThat(example()
                    .set(ENTERPRISE, "payoutSchedule.dayOfWeek", "fryday")
                    .set(ENTERPRISE, "compliance.kycStatus", "ok")
                    .problems()).containsExactly(
                    "enterprise-vault.sig: payoutSchedule.dayOfWeek: unknown dayOfWeek 'fryday'; expected one of"
                            + " monday, tuesday, wednesday, thursday, friday, saturday, sunday",
                    "enterprise-vault.sig: compliance.kycStatus: unknown kycStatus 'ok'; expected one of pending,"
                            + " verified, rejected");
        }

        @Test
        void misspeltFieldIsRefusedRatherThanDefaulted() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.bonusCeling", 3).problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.bonusCeling: unknown field; expected one of partnerShare,"
                            + " masterVaultShare, referrerShare, maxReferralDepth, volumeBonus, loyaltyBonus,"
                            + " bonusCeiling, feeBearer, processingFee");
        }

        @Test
        void requiredFieldsAreNamed() {
            assertThat(example()
                    .remove(ENTERPRISE, "licenseType")
                    .remove(ENTERPRISE, "revenueSharing.partnerShare")
                    .problems()).containsExactly(
                    "enterprise-vault.sig: licenseType: is required; expected one of individual_partner,"
                            + " startup_partner, enterprise_partner, premium_enterprise",
                    "enterprise-vault.sig: revenueSharing.partnerShare: is required; expected a percentage such as"
                            + " 85 or 2.9");
        }

        @Test
        void brokenValueIsReportedOnceNotEchoedByTheRulesThatWouldReadIt() {
            assertThat(example().set(ENTERPRISE, "revenueSharing.partnerShare", "85%").problems()).containsExactly(
                    "enterprise-vault.sig: revenueSharing.partnerShare: expected a percentage as a number such as 85"
                            + " or 2.9; got the text '85%'");
        }

        @Test
        void vaultThatIsNotAnObjectIsNamed() {
            assertThatThrownBy(() -> VaultRegistryFile.parse("{\"a.sig\": \"enterprise\"}")).hasMessageEndingWith(
                    "\na.sig: must be a JSON object with licenseType, revenueSharing, …; got the text 'enterprise'");
        }
    }

    @Nested
    class VaultIds {
        @Test
        void vaultIdMayOnlyUseSafeCharacters() {
            assertThat(example().copy(INDIVIDUAL, "my vault!").problems()).containsExactly(
                    "'my vault!': vaultId: may only contain letters, digits, '.', '_' and '-'");
        }

        @Test
        void vaultIdMustNotBeEmptyOrLong() {
            String longId = "v".repeat(101);
            assertThat(example().copy(INDIVIDUAL, "").copy(INDIVIDUAL, longId).problems()).containsExactly(
                    "'': vaultId: must not be empty",
                    "'" + longId.substring(0, 100) + "…': vaultId: is 101 characters long; at most 100");
        }

        @Test
        void duplicateVaultIdsInACollectionAreNamed() {
            LicensedVault enterprise = VaultRegistryFile.load(EXAMPLE).get(ENTERPRISE);
            assertThat(RegistryValidator.validate(List.of(enterprise, enterprise)))
                    .extracting(RegistryProblem::toString)
                    .containsExactly("enterprise-vault.sig: vaultId: appears more than once");
        }
    }

    @Nested
    class Referrers {
        @Test
        void referrerChainMustNotContainTheVaultItself() {
            assertThat(example().set(AGENCY, "mirrorOrigin.referrerChain", List.of(STARTUP, AGENCY)).problems())
                    .containsExactly("agency-fork.sig: mirrorOrigin.referrerChain[1]: lists the vault itself; a vault"
                            + " cannot refer itself");
        }

        @Test
        void referrerChainMustNotListAVaultTwice() {
            assertThat(example().set(AGENCY, "mirrorOrigin.referrerChain", List.of(STARTUP, INDIVIDUAL, STARTUP))
                    .problems()).containsExactly("agency-fork.sig: mirrorOrigin.referrerChain[2]: 'startup-vault.sig'"
                    + " is listed twice (also at [0])");
        }

        @Test
        void referrersMustBeVaultsOfTheSameRegistry() {
            assertThat(example().set(AGENCY, "mirrorOrigin.referrerChain", List.of(STARTUP, "ghost.sig"))
                    .problems()).containsExactly("agency-fork.sig: mirrorOrigin.referrerChain[1]: unknown referrer"
                    + " 'ghost.sig'; referrers must be vaults in this registry");
        }

        @Test
        void referrerCycleIsNamed() {
            assertThat(example().set(INDIVIDUAL, "mirrorOrigin.referrerChain", List.of(AGENCY)).problems())
                    .containsExactly("agency-fork.sig: mirrorOrigin.referrerChain: referrer cycle agency-fork.sig →"
                            + " startup-vault.sig → individual-vault.sig → agency-fork.sig: following each vault's"
                            + " nearest referrer leads back to agency-fork.sig");
        }

        @Test
        void twoVaultsReferringEachOtherAreACycle() {
            assertThat(example().set(ENTERPRISE, "mirrorOrigin.referrerChain", List.of(PREMIUM)).problems())
                    .containsExactly("enterprise-vault.sig: mirrorOrigin.referrerChain: referrer cycle"
                            + " enterprise-vault.sig → premium-enterprise-vault.sig → enterprise-vault.sig: following"
                            + " each vault's nearest referrer leads back to enterprise-vault.sig");
        }

        @Test
        void referrerChainIsBounded() {
            List<String> chain = IntStream.range(0, 11).mapToObj(i -> "r" + i + ".sig").toList();
            RegistryFixture fixture = example().set(AGENCY, "mirrorOrigin.referrerChain", chain);
            chain.forEach(id -> fixture.copy(INDIVIDUAL, id));
            assertThat(fixture.problems()).containsExactly(
                    "agency-fork.sig: mirrorOrigin.referrerChain: has 11 vaults; at most 10");
        }

        @Test
        void referrerThatFailedToDecodeStillCountsAsKnown() {
            assertThat(example().set(STARTUP, "licenseType", 7).problems()).containsExactly(
                    "startup-vault.sig: licenseType: unknown licenseType the number 7; expected one of"
                            + " individual_partner, startup_partner, enterprise_partner, premium_enterprise");
        }
    }

    @Nested
    class Forks {
        @Test
        void parentVaultMustBeInTheRegistry() {
            assertThat(example().set(AGENCY, "mirrorOrigin.parentVault", "gone.sig").problems()).containsExactly(
                    "agency-fork.sig: mirrorOrigin.parentVault: parent vault 'gone.sig' is not in this registry");
        }

        @Test
        void vaultCannotBeItsOwnParent() {
            assertThat(example().set(AGENCY, "mirrorOrigin.parentVault", AGENCY).problems()).containsExactly(
                    "agency-fork.sig: mirrorOrigin.parentVault: names the vault itself; a vault cannot be its own"
                            + " parent");
        }

        @Test
        void parentCycleIsNamed() {
            assertThat(example()
                    .set(ENTERPRISE, "mirrorOrigin.parentVault", AGENCY)
                    .set(ENTERPRISE, "mirrorOrigin.forkDepth", 2)
                    .problems()).containsExactly(
                    "agency-fork.sig: mirrorOrigin.parentVault: parent cycle agency-fork.sig → enterprise-vault.sig"
                            + " → agency-fork.sig: a vault cannot be forked, even indirectly, from itself");
        }

        @Test
        void forkDepthIsOneMoreThanTheParents() {
            assertThat(example().set(AGENCY, "mirrorOrigin.forkDepth", 2).problems()).containsExactly(
                    "agency-fork.sig: mirrorOrigin.forkDepth: forkDepth 2 must be 1, one more than parent"
                            + " enterprise-vault.sig's depth 0");
        }

        @Test
        void forkOfAForkCountsEveryAncestor() {
            assertThat(example()
                    .copy(AGENCY, "sub-agency.sig")
                    .set("sub-agency.sig", "mirrorOrigin.parentVault", AGENCY)
                    .set("sub-agency.sig", "mirrorOrigin.forkDepth", 1)
                    .problems()).containsExactly(
                    "sub-agency.sig: mirrorOrigin.forkDepth: forkDepth 1 must be 2, one more than parent"
                            + " agency-fork.sig's depth 1");
        }

        @Test
        void originalVaultHasForkDepthZero() {
            assertThat(example().set(ENTERPRISE, "mirrorOrigin.forkDepth", 1).problems()).containsExactly(
                    "enterprise-vault.sig: mirrorOrigin.forkDepth: forkDepth 1 must be 0 for a vault without a"
                            + " parentVault");
        }
    }

    @Nested
    class Payouts {
        @Test
        void weeklyAndBiweeklyPayoutsNeedADayOfWeek() {
            assertThat(example()
                    .set(ENTERPRISE, "payoutSchedule.dayOfWeek", null)
                    .remove(STARTUP, "payoutSchedule.dayOfWeek")
                    .problems()).containsExactly(
                    "enterprise-vault.sig: payoutSchedule.dayOfWeek: is required for weekly payouts; e.g. \"friday\"",
                    "startup-vault.sig: payoutSchedule.dayOfWeek: is required for biweekly payouts; e.g."
                            + " \"friday\"");
        }

        @Test
        void monthlyPayoutsNeedADayOfMonthThatEveryMonthHas() {
            assertThat(example()
                    .set(INDIVIDUAL, "payoutSchedule.dayOfMonth", null)
                    .set(PREMIUM, "payoutSchedule.dayOfMonth", 31)
                    .problems()).containsExactly(
                    "individual-vault.sig: payoutSchedule.dayOfMonth: is required for monthly payouts; a day from 1"
                            + " to 28",
                    "premium-enterprise-vault.sig: payoutSchedule.dayOfMonth: must be between 1 and 28 (every month"
                            + " has days 1 to 28), got 31");
        }

        @Test
        void dayOfTheOtherKindIsRefused() {
            assertThat(example()
                    .set(ENTERPRISE, "payoutSchedule.dayOfMonth", 5)
                    .set(INDIVIDUAL, "payoutSchedule.dayOfWeek", "monday")
                    .problems()).containsExactly(
                    "enterprise-vault.sig: payoutSchedule.dayOfMonth: applies only to monthly payouts; set it to null",
                    "individual-vault.sig: payoutSchedule.dayOfWeek: applies only to weekly and biweekly payouts; set"
                            + " it to null");
        }

        @Test
        void holdingPeriodLiesBetweenZeroAndAYear() {
            assertThat(example()
                    .set(ENTERPRISE, "payoutSchedule.holdingPeriodDays", 366)
                    .set(STARTUP, "payoutSchedule.holdingPeriodDays", -1)
                    .problems()).containsExactly(
                    "enterprise-vault.sig: payoutSchedule.holdingPeriodDays: must be between 0 and 365 days, got 366",
                    "startup-vault.sig: payoutSchedule.holdingPeriodDays: must be between 0 and 365 days, got -1");
        }
    }

    @Test
    void validVaultsBuiltInCodeHaveNoProblems() {
        assertThat(RegistryValidator.validate(VaultRegistryFile.load(EXAMPLE).values())).isEmpty();
    }
}
