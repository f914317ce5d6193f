package ai.mirroros.licensing.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentPostingTest extends DatabaseTestSupport {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant PAID = Instant.parse("2026-03-10T12:00:00Z");
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    private LicensingApp app;

    @BeforeEach
    void registerExampleVaults() {
        app = appAt(PAID);
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                REGISTERED);
    }

    /** The services over the test's database at a fixed moment; the test fixture closes the database. */
    private LicensingApp appAt(Instant now) {
        return LicensingApp.over(db, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static PaymentEvent payment(String sourceId, String vault, String gross) {
        return new PaymentEvent(sourceId, vault, Money.parse(gross, USD), Optional.empty(), PAID);
    }

    @Test
    void theSeedPaymentCreditsPartnerAndPlatformAndBalancesTheBooks() {
        PostedPayment posted = app.payments().post(payment("pi_seed", "enterprise-vault.sig", "1228.45"));

        assertThat(posted.alreadyPosted()).isFalse();
        assertThat(posted.split().fee()).isEqualTo(Money.parse("35.63", USD));
        assertThat(app.ledger().balance(AccountRef.vaultPending("enterprise-vault.sig", USD)))
                .isEqualTo(Money.parse("-1013.90", USD));
        assertThat(app.ledger().balance(AccountRef.platformRevenue(USD)))
                .as("master share 178.92 plus the fee the platform pays Stripe")
                .isEqualTo(Money.parse("-214.55", USD));
        assertThat(app.ledger().balance(AccountRef.stripeClearing(USD))).isEqualTo(Money.parse("1192.82", USD));
        assertThat(app.ledger().balance(AccountRef.processingFees(USD))).isEqualTo(Money.parse("35.63", USD));
    }

    @Test
    void referrersAreCreditedOutOfTheMasterShare() {
        PostedPayment posted = app.payments().post(payment("pi_ref", "agency-fork.sig", "1000.00"));

        assertThat(posted.split().referrerLines()).hasSize(2);
        Money level1 = posted.split().referrerLines().get(0).amount();
        assertThat(app.ledger().balance(AccountRef.referrerPending("startup-vault.sig", USD)))
                .isEqualTo(level1.negate());
        assertThat(posted.split().partnerPayout().plus(posted.split().masterPayout())
                .plus(posted.split().referrerPayout()).plus(posted.split().fee())).isEqualTo(Money.parse("1000.00",
                USD));
    }

    @Test
    void postingTheSameSourceTwiceChangesNothingAndReturnsTheFirstPosting() {
        PostedPayment first = app.payments().post(payment("pi_dup", "enterprise-vault.sig", "1228.45"));
        Money pendingAfterFirst = app.ledger().balance(AccountRef.vaultPending("enterprise-vault.sig", USD));
        long activityAfterFirst = app.activityLog().head().lastSeq();

        PostedPayment second = app.payments().post(payment("pi_dup", "enterprise-vault.sig", "1228.45"));

        assertThat(second.alreadyPosted()).isTrue();
        assertThat(second.journalEntryId()).isEqualTo(first.journalEntryId());
        assertThat(second.split()).isEqualTo(first.split());
        assertThat(app.ledger().balance(AccountRef.vaultPending("enterprise-vault.sig", USD)))
                .isEqualTo(pendingAfterFirst);
        assertThat(app.activityLog().head().lastSeq()).isEqualTo(activityAfterFirst);
    }

    @Test
    void concurrentPostingsOfOneSourcePostItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<PostedPayment>> racers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                racers.add(() -> app.payments().post(payment("pi_race", "enterprise-vault.sig", "100.00")));
            }
            List<PostedPayment> results = new ArrayList<>();
            for (Future<PostedPayment> f : pool.invokeAll(racers)) {
                results.add(f.get());
            }
            assertThat(results).extracting(PostedPayment::journalEntryId).containsOnly(
                    results.getFirst().journalEntryId());
            assertThat(results).filteredOn(r -> !r.alreadyPosted()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(app.ledger().balance(AccountRef.stripeClearing(USD))).isEqualTo(Money.parse("97.10", USD));
    }

    @Test
    void aBatchWithABadPaymentPostsNothing() {
        List<PaymentEvent> batch = List.of(payment("pi_ok", "enterprise-vault.sig", "10.00"),
                payment("pi_bad", "ghost.sig", "10.00"));

        assertThatThrownBy(() -> app.payments().postBatch(batch)).isInstanceOf(UnknownVaultException.class)
                .hasMessageContaining("ghost.sig");
        assertThat(app.payments().find("pi_ok")).isEmpty();
        assertThat(app.ledger().balance(AccountRef.stripeClearing(USD))).isEqualTo(Money.zero(USD));
    }

    @Test
    void aPaymentInAnotherCurrencyThanTheVaultSettlesInIsRefused() {
        PaymentEvent eur = new PaymentEvent("pi_eur", "enterprise-vault.sig", Money.parse("10.00", "EUR"),
                Optional.empty(), PAID);
        assertThatThrownBy(() -> app.payments().post(eur)).isInstanceOf(LicensingException.class)
                .hasMessageContaining("settles in USD");
    }

    @Test
    void volumeBonusAppliesOnceTheWindowRevenueReachesTheThreshold() {
        // startup-vault.sig: 80 % partner, +1.5 points once 10,000.00 came in over the last 30 days.
        app.payments().post(new PaymentEvent("pi_big", "startup-vault.sig", Money.parse("10000.00", USD),
                Optional.of(Money.zero(USD)), PAID.minusSeconds(3_600)));
        PostedPayment after = app.payments().post(new PaymentEvent("pi_after", "startup-vault.sig",
                Money.parse("100.00", USD), Optional.of(Money.zero(USD)), PAID));

        assertThat(after.split().partnerPayout()).as("80 % + 1.5 % volume + 1 % loyalty of 100.00")
                .isEqualTo(Money.parse("82.50", USD));
    }

    @Test
    void aChargeNamedByAnotherIdIsTheSamePayment() {
        PaymentOrigin byCharge = new PaymentOrigin(List.of("ch_same"), Optional.of("template"), java.util.Map.of(),
                Optional.empty(), Optional.empty());
        PaymentOrigin byIntent = new PaymentOrigin(List.of("pi_same", "ch_same"), Optional.of("template"),
                java.util.Map.of(), Optional.empty(), Optional.empty());
        PostedPayment first = app.payments().post(new PaymentEvent("ch_same", "enterprise-vault.sig",
                Money.parse("10.00", USD), Optional.empty(), PAID, byCharge));

        PostedPayment second = app.payments().post(new PaymentEvent("pi_same", "enterprise-vault.sig",
                Money.parse("10.00", USD), Optional.empty(), PAID, byIntent));

        assertThat(second.alreadyPosted()).isTrue();
        assertThat(second.journalEntryId()).isEqualTo(first.journalEntryId());
        assertThat(app.payments().find("pi_same")).isEmpty();
    }

    @Test
    void aBatchSeesTheSameVolumeWindowAsPaymentsPostedOneByOne() {
        // startup-vault.sig's window is 30 days; history rows leave it while the batch's 50 minutes pass.
        Instant batchStart = PAID;
        List<PaymentEvent> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            history.add(new PaymentEvent("pi_hist_" + i, "startup-vault.sig", Money.parse("1500.00", USD),
                    Optional.of(Money.zero(USD)), batchStart.minus(java.time.Duration.ofDays(30))
                            .plus(java.time.Duration.ofMinutes(5 * i - 10))));
        }
        app.payments().postBatch(history);
        List<PaymentEvent> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new PaymentEvent("pi_batch_" + i, "startup-vault.sig", Money.parse("100.00", USD),
                    Optional.of(Money.zero(USD)), batchStart.plus(java.time.Duration.ofMinutes(5 * i))));
        }

        List<PostedPayment> posted = app.payments().postBatch(batch);

        for (int i = 0; i < batch.size(); i++) {
            // After the batch, the stored rows before each payment are exactly what it should have counted.
            var expected = ai.mirroros.licensing.split.SplitEngine.split(ai.mirroros.licensing.split.SplitRequest.of(
                    batch.get(i).gross(), app.vaults().require("startup-vault.sig", batch.get(i).occurredAt()),
                    app.payments().bonusState(app.vaults().require("startup-vault.sig", batch.get(i).occurredAt()),
                            batch.get(i).occurredAt())).withActualFee(Money.zero(USD)));
            assertThat(posted.get(i).split()).as("payment %d", i).isEqualTo(expected);
        }
        // The window crosses the 10,000.00 threshold during the batch, so both outcomes occur.
        assertThat(posted.stream().map(p -> p.split().partnerPayout()).distinct().count()).isGreaterThan(1);
    }

    @Test
    void earningsBecomeAvailableAfterTheHoldingPeriod() {
        app.payments().post(payment("pi_hold", "enterprise-vault.sig", "1228.45"));
        AccountRef available = AccountRef.vaultAvailable("enterprise-vault.sig", USD);

        appAt(PAID.plusSeconds(6 * 86_400)).ledger().releaseMatured(PAID.plusSeconds(6 * 86_400));
        assertThat(app.ledger().balance(available)).as("7-day hold not over").isEqualTo(Money.zero(USD));

        appAt(PAID.plusSeconds(7 * 86_400)).ledger().releaseMatured(PAID.plusSeconds(7 * 86_400));
        assertThat(app.ledger().balance(available)).isEqualTo(Money.parse("-1013.90", USD));
        assertThat(app.ledger().balance(AccountRef.vaultPending("enterprise-vault.sig", USD)))
                .isEqualTo(Money.zero(USD));
    }

    @Test
    void everyPostedPaymentIsInTheVerifiedActivityChain() {
        app.payments().postBatch(List.of(payment("pi_a", "enterprise-vault.sig", "10.00"),
                payment("pi_b", "agency-fork.sig", "20.00")));

        assertThat(app.activityLog().recent(Optional.empty(), 10)).extracting(e -> e.sourceId().orElse("(none)"))
                .contains("pi_a", "pi_b");
        assertThat(app.activityLog().verify().ok()).isTrue();
    }
}
