package ai.mirroros.licensing.risk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scorer over a real database: the facts it gathers per batch are the facts the rules are specified on. */
class RiskScoringTest extends DatabaseTestSupport {
    private static final String VAULT = "enterprise-vault.sig";
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    private LicensingApp app;

    @BeforeEach
    void registerVaults() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2025-01-01T00:00:00Z"));
    }

    private static PaymentEvent payment(String id, String amount, Instant at, Optional<String> card) {
        return new PaymentEvent(id, VAULT, Money.parse(amount, "USD"), Optional.empty(), at,
                new PaymentOrigin(List.of(id), Optional.of("template"), Map.of(), Optional.empty(), Optional.empty(),
                        Optional.empty(), card));
    }

    private int score(String id) {
        return app.risk().payment(id).orElseThrow().risk().score();
    }

    private List<String> rules(String id) {
        return app.risk().payment(id).orElseThrow().risk().reasons().stream().map(RiskReason::rule).toList();
    }

    @Test
    void aCardRunScoresTheSameInOneBatchAsPaymentByPayment() {
        List<PaymentEvent> together = IntStream.range(0, 6).mapToObj(i -> payment("pi_a" + i, "49.00",
                AT.plus(Duration.ofMinutes(i)), Optional.of("fp_a"))).toList();
        List<PaymentEvent> apart = IntStream.range(0, 6).mapToObj(i -> payment("pi_b" + i, "49.00",
                AT.plus(Duration.ofMinutes(i)), Optional.of("fp_b"))).toList();

        app.payments().postBatch(together);
        apart.forEach(app.payments()::post);

        for (int i = 0; i < 6; i++) {
            assertThat(score("pi_a" + i)).as("payment %d", i).isEqualTo(score("pi_b" + i))
                    .isEqualTo(i < 4 ? 0 : 40);
        }
        assertThat(app.risk().active()).as("one signal holds nothing").isEmpty();
    }

    @Test
    void aPaymentAnHourAfterTheFirstNoLongerCountsIt() {
        app.payments().postBatch(IntStream.range(0, 4).mapToObj(i -> payment("pi_" + i, "49.00",
                AT.plus(Duration.ofMinutes(i)), Optional.of("fp_1"))).toList());
        app.payments().post(payment("pi_late", "49.00", AT.plus(Duration.ofMinutes(60)), Optional.of("fp_1")));
        app.payments().post(payment("pi_soon", "49.00", AT.plus(Duration.ofMinutes(59)), Optional.of("fp_1")));

        assertThat(score("pi_late")).as("the first payment is exactly an hour old: out of the window").isZero();
        assertThat(score("pi_soon")).as("all five within the hour before it").isEqualTo(40);
    }

    @Test
    void aPaymentTenTimesTheVaultsAverageIsAnOutlier() {
        app.payments().postBatch(IntStream.range(0, 5).mapToObj(i -> payment("pi_h" + i, "49.00",
                AT.minus(Duration.ofDays(10 + i)), Optional.empty())).toList());

        app.payments().post(payment("pi_big", "490.00", AT, Optional.empty()));
        app.payments().post(payment("pi_normal", "99.00", AT.plusSeconds(1), Optional.empty()));

        assertThat(rules("pi_big")).containsExactly("amount_outlier");
        assertThat(rules("pi_normal")).isEmpty();
    }

    @Test
    void paymentsInTheWeekAfterThePayoutAccountWasUnverifiedScoreTheChange() {
        db.jdbi().useHandle(h -> {
            PayeeStore.save(h, new Payee(VAULT, Optional.of("acct_1"), Optional.of("US"), Optional.empty(),
                    Optional.empty(), KycStatus.VERIFIED, Optional.empty(), true, TaxDocument.W9, true,
                    Optional.empty(), AT.minus(Duration.ofDays(30))));
            PayeeStore.setPayoutAccountVerified(h, VAULT, false, AT.minus(Duration.ofDays(2)));
            PayeeStore.setPayoutAccountVerified(h, VAULT, true, AT.minus(Duration.ofDays(1)));
        });

        app.payments().post(payment("pi_after_change", "49.00", AT, Optional.empty()));
        app.payments().post(payment("pi_week_later", "49.00", AT.plus(Duration.ofDays(6)), Optional.empty()));

        assertThat(rules("pi_after_change")).containsExactly("payout_account_changed");
        assertThat(rules("pi_week_later")).isEmpty();
    }

    @Test
    void theThresholdDecidesAndIsStoredWithTheScore() {
        LicensingApp strict = LicensingApp.over(db, Clock.systemUTC(), PlatformTerms.defaults(), new RiskSettings(40));
        strict.payments().postBatch(IntStream.range(0, 5).mapToObj(i -> payment("pi_" + i, "49.00",
                AT.plus(Duration.ofMinutes(i)), Optional.of("fp_1"))).toList());

        assertThat(strict.risk().payment("pi_4").orElseThrow().threshold()).isEqualTo(40);
        assertThat(strict.risk().active()).singleElement().satisfies(hold -> {
            assertThat(hold.sourceId()).isEqualTo("pi_4");
            assertThat(hold.score()).isEqualTo(40);
        });
    }
}
