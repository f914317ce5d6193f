package ai.mirroros.licensing.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules of docs/RISK.md, one fact at a time. */
class RiskRulesTest {
    private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");
    /** A quiet payment of 49.00 USD at an established vault: no rule fires. */
    private static final RiskFacts QUIET = RiskFacts.quiet("pi_1", "vault.sig", AT, 4_900);

    private static List<String> rules(RiskFacts facts) {
        return RiskRules.score(facts).reasons().stream().map(RiskReason::rule).toList();
    }

    @Test
    void aQuietPaymentScoresZeroWithNoReasons() {
        assertThat(RiskRules.score(QUIET)).isEqualTo(new RiskScore(0, List.of()));
    }

    @Nested
    class Velocity {
        @Test
        void fourPaymentsFromOneCardInAnHourAreNormal() {
            assertThat(rules(QUIET.withCard("fp_1", 4))).isEmpty();
        }

        @Test
        void fivePaymentsFromOneCardInAnHourAddForty() {
            RiskScore score = RiskRules.score(QUIET.withCard("fp_1", 5));
            assertThat(score.score()).isEqualTo(40);
            assertThat(score.reasons()).singleElement().satisfies(r -> {
                assertThat(r.rule()).isEqualTo("card_velocity");
                assertThat(r.detail()).isEqualTo("5 payments from card fp_1 in 60 minutes");
            });
        }

        @Test
        void tenPaymentsFromOneCardInAnHourAddSixty() {
            assertThat(RiskRules.score(QUIET.withCard("fp_1", 10)).score()).isEqualTo(60);
        }

        @Test
        void fivePaymentsFromOneCustomerInAnHourAddTwentyFive() {
            assertThat(RiskRules.score(QUIET.withCustomer("cus_1", 4)).score()).isZero();
            assertThat(RiskRules.score(QUIET.withCustomer("cus_1", 5)).score()).isEqualTo(25);
        }

        @Test
        void anIpNeedsTenPaymentsInAnHourBecauseOfficesShareOne() {
            assertThat(RiskRules.score(QUIET.withIp("203.0.113.7", 9)).score()).isZero();
            RiskScore score = RiskRules.score(QUIET.withIp("203.0.113.7", 10));
            assertThat(score.score()).isEqualTo(20);
            assertThat(score.reasons().getFirst().detail()).isEqualTo("10 payments from IP 203.0.113.7 in 60 minutes");
        }
    }

    @Nested
    class AmountFarFromHistory {
        @Test
        void tenTimesTheVaultsAverageAddsTwentyFive() {
            RiskFacts facts = RiskFacts.quiet("pi_1", "vault.sig", AT, 49_000).withHistory(20, 4_900, 0, 0);
            RiskScore score = RiskRules.score(facts);
            assertThat(score.score()).isEqualTo(25);
            assertThat(score.reasons().getFirst().detail())
                    .isEqualTo("490.00 USD is 10x the vault's average of 49.00 USD over 20 payments in 90 days");
        }

        @Test
        void justUnderTenTimesTheAverageIsNormal() {
            assertThat(rules(RiskFacts.quiet("pi_1", "v", AT, 48_999).withHistory(20, 4_900, 0, 0))).isEmpty();
        }

        @Test
        void fewerThanFiveEarlierPaymentsSayNothingAboutNormal() {
            assertThat(rules(RiskFacts.quiet("pi_1", "v", AT, 1_000_000).withHistory(4, 4_900, 0, 0))).isEmpty();
        }
    }

    @Nested
    class RefundAndDisputeRatios {
        @Test
        void oneInTenRefundedAddsTwenty() {
            assertThat(rules(QUIET.withHistory(20, 4_900, 1, 0))).isEmpty();
            RiskScore score = RiskRules.score(QUIET.withHistory(20, 4_900, 2, 0));
            assertThat(score.score()).isEqualTo(20);
            assertThat(score.reasons().getFirst().detail()).isEqualTo("2 of 20 payments in 90 days refunded (limit 10 %)");
        }

        @Test
        void twoDisputesAtOnePercentOrMoreAddThirty() {
            assertThat(rules(QUIET.withHistory(200, 4_900, 0, 1))).isEmpty();
            assertThat(RiskRules.score(QUIET.withHistory(200, 4_900, 0, 2)).score()).isEqualTo(30);
            assertThat(rules(QUIET.withHistory(201, 4_900, 0, 2))).isEmpty();
        }

        @Test
        void ratiosOverFewerThanTenPaymentsAreNotJudged() {
            assertThat(rules(QUIET.withHistory(9, 4_900, 5, 5))).isEmpty();
        }
    }

    @Nested
    class NewVaultWithLargeVolume {
        @Test
        void fiveThousandDollarsInTheFirstTwoWeeksAddThirty() {
            RiskScore score = RiskRules.score(QUIET.withVault(Duration.ofDays(3), 500_000));
            assertThat(score.score()).isEqualTo(30);
            assertThat(score.reasons().getFirst().detail())
                    .isEqualTo("vault licensed 3 days ago has taken 5000.00 USD (limit 5000.00 USD in its first 14 days)");
        }

        @Test
        void lessVolumeOrAnOlderVaultIsNormal() {
            assertThat(rules(QUIET.withVault(Duration.ofDays(3), 499_999))).isEmpty();
            assertThat(rules(QUIET.withVault(Duration.ofDays(14), 5_000_000))).isEmpty();
        }
    }

    @Nested
    class PayoutAccountChanged {
        @Test
        void aChangeInTheWeekBeforeThePaymentAddsTwenty() {
            RiskScore score = RiskRules.score(QUIET.withPayoutAccountChangedAt(AT.minus(Duration.ofDays(2))));
            assertThat(score.score()).isEqualTo(20);
            assertThat(score.reasons().getFirst().rule()).isEqualTo("payout_account_changed");
        }

        @Test
        void anOlderChangeOrOneAfterThePaymentDoesNotCount() {
            assertThat(rules(QUIET.withPayoutAccountChangedAt(AT.minus(Duration.ofDays(7))))).isEmpty();
            assertThat(rules(QUIET.withPayoutAccountChangedAt(AT.plusSeconds(1)))).isEmpty();
        }
    }

    @Test
    void theCardTestingPatternAtANewVaultReachesTheDefaultThreshold() {
        RiskScore score = RiskRules.score(QUIET.withCard("fp_stolen", 11).withVault(Duration.ofDays(2), 548_900));
        assertThat(score.score()).isEqualTo(90);
        assertThat(score.atOrAbove(RiskRules.DEFAULT_HOLD_THRESHOLD)).isTrue();
        assertThat(score.ruleList()).isEqualTo("card_velocity, new_vault_volume");
    }

    @Test
    void noSingleWeakSignalHoldsAVaultOnItsOwn() {
        assertThat(RiskRules.CARD_POINTS_EXTREME).isLessThan(RiskRules.DEFAULT_HOLD_THRESHOLD);
        assertThat(RiskRules.DISPUTE_RATIO_POINTS).isLessThan(RiskRules.DEFAULT_HOLD_THRESHOLD);
        assertThat(RiskRules.NEW_VAULT_POINTS).isLessThan(RiskRules.DEFAULT_HOLD_THRESHOLD);
    }

    @Test
    void theScoreIsCappedAtOneHundred() {
        RiskFacts everything = QUIET.withCard("fp", 12).withCustomer("cus", 12).withIp("ip", 12)
                .withVault(Duration.ofDays(1), 1_000_000).withPayoutAccountChangedAt(AT.minusSeconds(60));
        assertThat(RiskRules.score(everything).score()).isEqualTo(100);
        assertThat(RiskRules.score(everything).reasons()).hasSize(5);
    }

    @Test
    void theThresholdComesFromTheEnvironmentAndMustBeOneToOneHundred() {
        assertThat(RiskSettings.fromEnvironment(Map.of()).holdThreshold()).isEqualTo(70);
        assertThat(RiskSettings.fromEnvironment(Map.of(RiskSettings.THRESHOLD_ENV, "85")).holdThreshold())
                .isEqualTo(85);
        assertThatThrownBy(() -> RiskSettings.fromEnvironment(Map.of(RiskSettings.THRESHOLD_ENV, "0")))
                .isInstanceOf(LicensingException.class).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> RiskSettings.fromEnvironment(Map.of(RiskSettings.THRESHOLD_ENV, "high")))
                .isInstanceOf(LicensingException.class).hasMessageContaining("LICENSING_RISK_HOLD_THRESHOLD");
    }
}
