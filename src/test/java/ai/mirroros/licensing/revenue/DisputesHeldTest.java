package ai.mirroros.licensing.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments.Adjustment;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputeClosed;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputeOpened;
import ai.mirroros.licensing.revenue.PaymentAdjustments.DisputePolicy;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PaymentAdjustments#heldByOpenDisputes}: what open disputes hold of a vault's own share and of its referrer
 * commissions, on H2 and PostgreSQL.
 */
class DisputesHeldTest extends DatabaseTestSupport {
    private static final Instant PAID = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant DISPUTED = PAID.plus(Duration.ofDays(2));
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    /** Referred by startup-vault.sig, then individual-vault.sig (examples/licensed-vaults.json). */
    private static final String AGENCY = "agency-fork.sig";
    private static final String STARTUP = "startup-vault.sig";

    private LicensingApp app;
    private PaymentAdjustments adjustments;

    @BeforeEach
    void registerVaults() {
        app = LicensingApp.over(db, Clock.fixed(PAID, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        adjustments = app.adjustments(DisputePolicy.DEFAULT);
        pay("evt_1", "ch_1", "1000.00");
        pay("evt_2", "ch_2", "400.00");
    }

    @Test
    void nothingIsHeldWithoutDisputes() {
        assertThat(held(AGENCY)).isEqualTo(usd("0.00"));
        assertThat(held(STARTUP)).isEqualTo(usd("0.00"));
    }

    @Test
    void anOpenDisputeHoldsWhatItTookFromThePartnerAndFromEachReferrer() {
        Money agencyBefore = payable(AccountRef.vaultPending(AGENCY, USD));
        Money startupBefore = payable(AccountRef.referrerPending(STARTUP, USD));

        apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("500.00"), DISPUTED));

        assertThat(held(AGENCY)).isGreaterThan(usd("0.00"))
                .isEqualTo(agencyBefore.minus(payable(AccountRef.vaultPending(AGENCY, USD))));
        assertThat(held(STARTUP)).as("the startup's commission on the disputed half").isGreaterThan(usd("0.00"))
                .isEqualTo(startupBefore.minus(payable(AccountRef.referrerPending(STARTUP, USD))));
    }

    @Test
    void aWonDisputeHoldsNothingMoreAndALostOneKeepsItsAmountForGood() {
        apply(new DisputeOpened("dp_1", List.of("ch_1"), usd("500.00"), DISPUTED));
        apply(new DisputeOpened("dp_2", List.of("ch_2"), usd("400.00"), DISPUTED));
        Money both = held(AGENCY);

        apply(new DisputeClosed("dp_1", List.of("ch_1"), usd("500.00"), true, DISPUTED.plus(Duration.ofDays(1))));
        Money secondOnly = held(AGENCY);
        assertThat(secondOnly).isGreaterThan(usd("0.00")).isLessThan(both);

        apply(new DisputeClosed("dp_2", List.of("ch_2"), usd("400.00"), false, DISPUTED.plus(Duration.ofDays(1))));
        assertThat(held(AGENCY)).isEqualTo(usd("0.00"));
        assertThat(held(STARTUP)).isEqualTo(usd("0.00"));
    }

    private void pay(String sourceId, String chargeId, String gross) {
        app.payments().postBatch(List.of(new PaymentEvent(sourceId, AGENCY, usd(gross), Optional.empty(), PAID,
                new PaymentOrigin(List.of(chargeId), Optional.empty(), Map.of(), Optional.empty(),
                        Optional.empty()))));
    }

    private void apply(Adjustment adjustment) {
        PaymentAdjustments.Result result = db.jdbi().inTransaction(h -> adjustments.apply(h, adjustment));
        assertThat(result).isInstanceOf(PaymentAdjustments.Result.Applied.class);
    }

    private Money held(String owner) {
        return db.jdbi().withHandle(h -> PaymentAdjustments.heldByOpenDisputes(h, owner, USD));
    }

    private Money payable(AccountRef account) {
        return new AccountBalance(account, app.ledger().balance(account)).normalBalance();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }
}
