package ai.mirroros.licensing.referral;

import static ai.mirroros.licensing.referral.ReferralWorld.ENTERPRISE;
import static ai.mirroros.licensing.referral.ReferralWorld.INDIVIDUAL;
import static ai.mirroros.licensing.referral.ReferralWorld.MIDCO;
import static ai.mirroros.licensing.referral.ReferralWorld.NEWCO;
import static ai.mirroros.licensing.referral.ReferralWorld.SHALLOW;
import static ai.mirroros.licensing.referral.ReferralWorld.STARTUP;
import static ai.mirroros.licensing.referral.ReferralWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.ReferrerState;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A referred vault's payments pay its referrers: levels, depth, the volume bonus, a referrer opting out. */
class ReferralCommissionsTest extends DatabaseTestSupport {
    private ReferralWorld world;

    @BeforeEach
    void world() {
        world = ReferralWorld.over(db);
    }

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static SplitLine level(PostedPayment payment, int level) {
        return payment.split().referrerLines().get(level - 1);
    }

    @Test
    void aReferredVaultsPaymentsPayEachLevelAtItsConfiguredRate() {
        PostedPayment before = world.pay("pi_before", NEWCO, "1000.00", at("2026-01-20T12:00:00Z"));
        world.signUp(NEWCO, world.code(STARTUP));

        PostedPayment after = world.pay("pi_after", NEWCO, "1000.00", at("2026-02-10T12:00:00Z"));

        assertThat(before.split().referrerLines()).as("no chain before the sign-up").isEmpty();
        // net 971.00 (2.9 % fee); newco's referrerShare is [5 %, 2 %].
        assertThat(after.split().referrerLines()).extracting(SplitLine::party)
                .containsExactly(new Party.Referrer(1, STARTUP), new Party.Referrer(2, INDIVIDUAL));
        assertThat(level(after, 1).amount()).isEqualTo(usd("48.55"));
        assertThat(level(after, 2).amount()).isEqualTo(usd("19.42"));
        assertThat(world.referrerPending(STARTUP)).isEqualTo(usd("48.55"));
        assertThat(world.referrerPending(INDIVIDUAL)).isEqualTo(usd("19.42"));
        assertThat(after.split().partnerPayout()).isEqualTo(before.split().partnerPayout());
    }

    @Test
    void aChainLongerThanTheMaximumDepthPaysOnlyUpToTheDepth() {
        world.signUp(SHALLOW, world.code(STARTUP));

        PostedPayment paid = world.pay("pi_shallow", SHALLOW, "1000.00", at("2026-02-10T12:00:00Z"));

        assertThat(paid.split().referrerLines()).extracting(SplitLine::party)
                .containsExactly(new Party.Referrer(1, STARTUP));
        assertThat(world.referrerPending(STARTUP)).isEqualTo(usd("48.55"));
        assertThat(world.referrerPending(INDIVIDUAL).isZero()).isTrue();
    }

    @Test
    void aThirdLevelBeyondDepthTwoIsNeverPaid() {
        world.signUp(MIDCO, world.code(STARTUP));
        world.signUp(NEWCO, world.code(MIDCO));

        PostedPayment paid = world.pay("pi_deep", NEWCO, "1000.00", at("2026-02-10T12:00:00Z"));

        // newco's full chain is midco > startup > individual; its depth is 2.
        assertThat(paid.split().referrerLines()).extracting(SplitLine::partyId).containsExactly(MIDCO, STARTUP);
        assertThat(world.referrerPending(INDIVIDUAL).isZero()).isTrue();
    }

    @Test
    void theVolumeBonusKicksInOnceTheReferredRevenueCrossesAStep() {
        String code = world.code(ENTERPRISE);
        world.signUp(NEWCO, code);
        world.signUp(MIDCO, code);

        PostedPayment first = world.pay("pi_1", NEWCO, "6000.00", at("2026-02-10T12:00:00Z"));
        PostedPayment second = world.pay("pi_2", MIDCO, "3999.99", at("2026-02-11T12:00:00Z"));
        PostedPayment justBelow = world.pay("pi_3", NEWCO, "500.00", at("2026-02-12T12:00:00Z"));
        PostedPayment over = world.pay("pi_4", NEWCO, "500.00", at("2026-02-13T12:00:00Z"));

        assertThat(level(first, 1).provenance().rate()).isEqualTo(Percentage.ofPercent(5));
        assertThat(level(second, 1).provenance().rate()).isEqualTo(Percentage.ofPercent(5));
        assertThat(level(justBelow, 1).provenance().rate()).as("9999.99 USD referred: below the 10000 step")
                .isEqualTo(Percentage.ofPercent(5));
        assertThat(level(justBelow, 1).provenance().note()).doesNotContain("bonus");
        // 10499.99 USD referred by newco and midco together: +1 %. net 485.50 × 6 % = 29.13.
        assertThat(level(over, 1).provenance().rate()).isEqualTo(Percentage.ofPercent(6));
        assertThat(level(over, 1).amount()).isEqualTo(usd("29.13"));
        assertThat(level(over, 1).provenance().note()).contains(
                "incl. +1% volume bonus (referred revenue 10499.99 USD over the last 30 days)");
        assertThat(over.split().partnerPayout()).isEqualTo(justBelow.split().partnerPayout());
    }

    @Test
    void aBatchCountsItsOwnEarlierPaymentsTowardsTheBonus() {
        String code = world.code(ENTERPRISE);
        world.signUp(NEWCO, code);
        world.signUp(MIDCO, code);

        List<PostedPayment> batch = world.app.payments().postBatch(List.of(
                payment("pi_b1", NEWCO, "6000.00", "2026-02-10T12:00:00Z"),
                payment("pi_b2", MIDCO, "3999.99", "2026-02-11T12:00:00Z"),
                payment("pi_b3", NEWCO, "500.00", "2026-02-12T12:00:00Z"),
                payment("pi_b4", NEWCO, "500.00", "2026-02-13T12:00:00Z")));

        assertThat(batch).extracting(p -> level(p, 1).provenance().rate().basisPoints())
                .containsExactly(500, 500, 500, 600);
        assertThat(level(batch.get(3), 1).provenance().note()).contains("referred revenue 10499.99 USD");
    }

    @Test
    void theReferredRevenueIsASlidingWindowAlsoWhenABatchSpansMoreThanIt() {
        String code = world.code(ENTERPRISE);
        world.signUp(NEWCO, code);
        world.signUp(MIDCO, code);
        world.pay("pi_stored_feb", NEWCO, "11000.00", at("2026-02-02T00:00:00Z"));
        world.pay("pi_stored_mar", MIDCO, "12000.00", at("2026-03-20T00:00:00Z"));

        List<PostedPayment> batch = world.app.payments().postBatch(List.of(
                payment("pi_q1", NEWCO, "100.00", "2026-02-03T00:00:00Z"),
                payment("pi_q2", NEWCO, "100.00", "2026-03-25T00:00:00Z"),
                payment("pi_q3", NEWCO, "100.00", "2026-04-25T00:00:00Z")));

        // q1 sees February's 11000; q2 (window from Feb 23) sees only March's 12000; q3 (from Mar 26) nothing.
        assertThat(level(batch.get(0), 1).provenance().note()).contains("referred revenue 11000.00 USD");
        assertThat(level(batch.get(1), 1).provenance().note()).contains("referred revenue 12000.00 USD");
        assertThat(level(batch.get(2), 1).provenance().rate()).isEqualTo(Percentage.ofPercent(5));
        assertThat(level(batch.get(2), 1).provenance().note()).doesNotContain("bonus");
    }

    @Test
    void paymentsBeforeTheSignUpAreNotReferredRevenue() {
        String code = world.code(ENTERPRISE);
        world.pay("pi_early", NEWCO, "20000.00", at("2026-01-25T00:00:00Z"));
        world.signUp(NEWCO, code);

        PostedPayment after = world.pay("pi_late", NEWCO, "100.00", at("2026-02-05T00:00:00Z"));

        assertThat(level(after, 1).provenance().rate()).isEqualTo(Percentage.ofPercent(5));
    }

    @Test
    void aReferrerWhoTurnedTheProgrammeOffIsNotPaidAndDeeperLevelsStillAre() {
        world.signUp(NEWCO, world.code(STARTUP));
        world.app.vaults().importVaults(List.of(ReferralWorld.withProgramme(
                world.app.vaults().require(STARTUP, at("2026-03-01T00:00:00Z")), false)), at("2026-03-01T00:00:00Z"));

        PostedPayment paid = world.pay("pi_off", NEWCO, "1000.00", at("2026-03-05T00:00:00Z"));

        assertThat(level(paid, 1).amount().isZero()).isTrue();
        assertThat(level(paid, 1).provenance().note()).isEqualTo(ReferrerState.PROGRAMME_OFF_NOTE);
        assertThat(level(paid, 2).amount()).isEqualTo(usd("19.42"));
        assertThat(world.referrerPending(STARTUP).isZero()).isTrue();
    }

    private static PaymentEvent payment(String id, String vault, String gross, String at) {
        return new PaymentEvent(id, vault, Money.parse(gross, USD), Optional.empty(), Instant.parse(at));
    }
}
