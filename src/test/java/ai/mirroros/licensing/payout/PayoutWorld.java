package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A payout test's world: the example vaults, a Stripe sandbox with a funded platform balance, a clock that ticks
 * from a chosen moment, and helpers to onboard payees and give them available money.
 */
final class PayoutWorld implements AutoCloseable {
    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    /** enterprise-vault.sig is paid weekly on Fridays, minimum 100.00; 2026-11-27 is a Friday. */
    static final String ENTERPRISE = "enterprise-vault.sig";
    static final Instant FRIDAY = Instant.parse("2026-11-27T12:00:00Z");
    static final PayoutRunner.Settings FAST = new PayoutRunner.Settings(50, 8,
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 4, Duration.ofHours(1)),
            Duration.ofSeconds(5));

    final TickingClock clock;
    final StripeSandbox stripe;
    final LicensingApp app;
    final TransferGateway gateway;
    private final AtomicLong credits = new AtomicLong();

    PayoutWorld(Database db) throws Exception {
        this(db, StripeSandbox.start(SandboxConfig.defaults().withPort(0)), FRIDAY);
    }

    /**
     * Over a sandbox the test started (with webhooks, say), which closing the world closes. Webhooks need
     * {@code start} near the real now: the endpoint checks the sandbox's signature timestamps against it.
     */
    PayoutWorld(Database db, StripeSandbox stripe, Instant start) throws Exception {
        this.clock = new TickingClock(start);
        this.stripe = stripe;
        this.gateway = StripeTransferGateway.connect("sk_test_payouts", stripe.baseUrl(), Duration.ofSeconds(5));
        app = LicensingApp.over(db, clock);
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2025-01-01T00:00:00Z"));
        fundPlatform(99_999_999L);
    }

    PayoutRunner runner() {
        return runner(FAST);
    }

    PayoutRunner runner(PayoutRunner.Settings settings) {
        return app.payoutRunner(gateway, settings);
    }

    void fundPlatform(long minor) {
        stripe.createPayment(SandboxPayment.of(minor, "usd", Map.of()));
        stripe.releasePending();
    }

    /** A connected account with onboarding complete, and a payee row that passes the gate. */
    String onboardVerified(String payeeId) {
        String account = stripe.createExpressAccount("US", Map.of("payee_id", payeeId));
        stripe.completeOnboarding(account);
        savePayee(payeeId, account, KycStatus.VERIFIED, TaxDocument.W9, true, Optional.empty());
        return account;
    }

    void savePayee(String payeeId, String account, KycStatus kyc, TaxDocument tax, boolean accountVerified,
                   Optional<String> hold) {
        app.database().jdbi().useHandle(h -> PayeeStore.save(h, new Payee(payeeId, Optional.of(account),
                Optional.of("US"), Optional.of(payeeId + "@example.com"), Optional.of("company"), kyc,
                Optional.empty(), kyc == KycStatus.VERIFIED, tax, accountVerified, hold, clock.instant())));
    }

    /** Credits {@code amount} straight to the payee's available share, as a matured payment would. */
    void creditAvailable(String payeeId, String amount) {
        Money money = Money.parse(amount, USD);
        app.ledger().post(JournalEntry.builder("test-credit:" + credits.incrementAndGet(), "payment", clock.instant())
                .debit(AccountRef.stripeClearing(USD), money)
                .credit(AccountRef.vaultAvailable(payeeId, USD), money)
                .build());
    }

    void creditReferrer(String payeeId, String amount) {
        Money money = Money.parse(amount, USD);
        app.ledger().post(JournalEntry.builder("test-credit:" + credits.incrementAndGet(), "payment", clock.instant())
                .debit(AccountRef.stripeClearing(USD), money)
                .credit(AccountRef.referrerAvailable(payeeId, USD), money)
                .build());
    }

    /** A liability balance as the owner sees it (credit positive). */
    Money owed(AccountRef account) {
        return app.ledger().balance(account).negate();
    }

    @Override
    public void close() {
        app.close();
        stripe.close();
    }

    /** Starts at a chosen instant and moves with real time; {@link #advance} jumps ahead. */
    static final class TickingClock extends Clock {
        private final long startNanos = System.nanoTime();
        private volatile Instant start;

        TickingClock(Instant start) {
            this.start = start;
        }

        void advance(Duration by) {
            start = start.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plusNanos(System.nanoTime() - startNanos);
        }
    }
}
