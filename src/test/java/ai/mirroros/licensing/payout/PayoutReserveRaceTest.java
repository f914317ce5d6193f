package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.ENTERPRISE;
import static ai.mirroros.licensing.payout.PayoutWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances plan the same payouts; the one that reserves second finds some already made. Its batch insert fails
 * on the payout id, and the retry reserves only the payouts nobody made.
 */
class PayoutReserveRaceTest extends DatabaseTestSupport {
    private static final String STARTUP = "startup-vault.sig";
    private PayoutWorld world;

    @BeforeEach
    void openWorld() throws Exception {
        world = new PayoutWorld(db);
    }

    @AfterEach
    void closeWorld() {
        world.close();
    }

    @Test
    void aBatchThatLosesTheRaceReservesOnlyThePayoutsNobodyMade() {
        world.onboardVerified(ENTERPRISE);
        String startupAccount = world.onboardVerified(STARTUP);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.creditAvailable(STARTUP, "80.00");
        PayoutRunner late = world.runner();
        PayoutRunner.Plan plan = late.plan(world.clock.instant(), false, PayoutRunner.Progress.NONE);
        assertThat(plan.candidates()).extracting(Payout::payeeId).containsExactly(ENTERPRISE, STARTUP);

        // Another instance, which sees startup-vault.sig on hold for a moment, pays enterprise-vault.sig first.
        world.savePayee(STARTUP, startupAccount, KycStatus.VERIFIED, TaxDocument.W9, true, Optional.of("a moment"));
        assertThat(world.runner().run(false, PayoutRunner.Progress.NONE).paid()).isEqualTo(1);
        world.savePayee(STARTUP, startupAccount, KycStatus.VERIFIED, TaxDocument.W9, true, Optional.empty());
        world.creditAvailable(ENTERPRISE, "100.00"); // money that belongs to the next due date

        List<PayoutRunner.Planned> reserved = late.reserve(plan.candidates(), PayoutRunner.Progress.NONE);

        assertThat(reserved).extracting(PayoutRunner.Planned::payeeId).containsExactly(STARTUP);
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(usd("100.00"));
        assertThat(world.owed(AccountRef.vaultInTransit(ENTERPRISE, USD))).isEqualTo(usd("0.00"));
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(usd("250.00"));
        assertThat(world.owed(AccountRef.vaultInTransit(STARTUP, USD))).isEqualTo(usd("80.00"));
    }

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }
}
