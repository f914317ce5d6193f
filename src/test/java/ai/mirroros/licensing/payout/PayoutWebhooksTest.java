package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.ENTERPRISE;
import static ai.mirroros.licensing.payout.PayoutWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.web.WebServer;
import com.stripe.StripeClient;
import com.stripe.param.TransferReversalCreateParams;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connect webhooks through the real endpoint: KYC from account.updated, money back from transfer.reversed. */
class PayoutWebhooksTest extends DatabaseTestSupport {
    private PayoutWorld world;
    private StripeSandbox stripe;
    private Ingestion ingestion;
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        int serverPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            serverPort = probe.getLocalPort();
        }
        stripe = StripeSandbox.start(SandboxConfig.defaults().withPort(0)
                .withWebhook(URI.create("http://127.0.0.1:" + serverPort + "/webhooks/stripe"), WebhookClient.SECRET));
        world = new PayoutWorld(db, stripe, java.time.Instant.now());
        ingestion = Ingestion.start(world.app, IngestSettings.defaults()
                .withWebhookSecrets(List.of(WebhookClient.SECRET)), true);
        server = WebServer.start(world.app, ingestion, "127.0.0.1", serverPort);
    }

    @AfterEach
    void stop() {
        server.close();
        ingestion.close();
        world.close();
    }

    @Test
    void accountUpdatedVerifiesKycAndThePayeeBecomesPayable() {
        String account = stripe.createExpressAccount("US", Map.of("payee_id", ENTERPRISE));
        world.savePayee(ENTERPRISE, account, KycStatus.PENDING, TaxDocument.W9, true, Optional.empty());
        stripe.setRequirements(account, List.of("individual.id_number", "external_account"), false);

        await().atMost(Duration.ofSeconds(20)).until(() -> payee().kycDetail().isPresent());
        assertThat(payee().kyc()).isEqualTo(KycStatus.PENDING);
        assertThat(payee().blockers()).anySatisfy(b -> assertThat(b).contains("individual.id_number"));

        stripe.completeOnboarding(account);

        await().atMost(Duration.ofSeconds(20)).until(() -> payee().kyc() == KycStatus.VERIFIED);
        assertThat(payee().payoutsEnabled()).isTrue();
        assertThat(payee().blockers()).isEmpty();
        assertThat(world.app.activityLog().verify().ok()).isTrue();
    }

    @Test
    void aReversedTransferReturnsTheMoneyToAvailableOnce() throws Exception {
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.creditReferrer(ENTERPRISE, "50.00");
        world.runner().run(false, PayoutRunner.Progress.NONE);
        Payout paid = world.app.database().jdbi().withHandle(h -> PayoutStore.find(h,
                payoutId())).orElseThrow();
        StripeClient client = StripeClient.builder().setApiKey("sk_test_x").setApiBase(stripe.baseUrl()).build();

        client.v1().transfers().reversals().create(paid.transferId().orElseThrow(),
                TransferReversalCreateParams.builder().setAmount(12_000L).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> reversed().isPositive());
        assertThat(reversed()).isEqualTo(Money.parse("120.00", USD));
        // 250 : 50 of the payout was own share : commissions; the reversal goes back in that proportion.
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(Money.parse("100.00", USD));
        assertThat(world.owed(AccountRef.referrerAvailable(ENTERPRISE, USD))).isEqualTo(Money.parse("20.00", USD));
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(Money.parse("150.00", USD));
        assertThat(world.app.ledger().balance(AccountRef.connectTransfers(USD))).isEqualTo(Money.parse("180.00", USD));

        client.v1().transfers().reversals().create(paid.transferId().orElseThrow(),
                TransferReversalCreateParams.builder().setAmount(18_000L).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> reversed().equals(Money.parse("300.00", USD)));
        assertThat(world.owed(AccountRef.vaultAvailable(ENTERPRISE, USD))).isEqualTo(Money.parse("250.00", USD));
        assertThat(world.owed(AccountRef.referrerAvailable(ENTERPRISE, USD))).isEqualTo(Money.parse("50.00", USD));
        assertThat(world.app.ledger().balance(AccountRef.connectTransfers(USD)).isZero()).isTrue();
    }

    @Test
    void aConnectedAccountsFailedBankPayoutPutsThePayeeOnHoldAndStopsFurtherTransfers() {
        String account = world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        world.runner().run(false, PayoutRunner.Progress.NONE);

        String bankPayout = stripe.failBankPayout(account, 25_000L, "usd", "account_closed");

        await().atMost(Duration.ofSeconds(20)).until(() -> payee().holdReason().isPresent());
        assertThat(payee().holdReason().orElseThrow()).contains(bankPayout, "250.00 USD", "account_closed");
        assertThat(payee().payoutAccountVerified()).isFalse();
        // The money is in the connected account's Stripe balance, not the platform's: the ledger does not move.
        assertThat(world.owed(AccountRef.vaultPaidOut(ENTERPRISE, USD))).isEqualTo(Money.parse("250.00", USD));

        world.creditAvailable(ENTERPRISE, "300.00");
        world.clock.advance(Duration.ofDays(7));
        PayoutRunner.Report next = world.runner().run(false, PayoutRunner.Progress.NONE);

        assertThat(next.planned()).isEmpty();
        assertThat(next.skipped()).singleElement().satisfies(skip -> assertThat(skip.reason())
                .contains("payout account not verified", "on hold: bank payout " + bankPayout));
    }

    private Money reversed() {
        return world.app.database().jdbi().withHandle(h -> PayoutStore.find(h, payoutId()))
                .orElseThrow().reversed();
    }

    /** enterprise-vault.sig is paid on Fridays: its payout for the latest Friday up to today. */
    private String payoutId() {
        return Payout.idFor(ENTERPRISE, "USD", PayoutCalendar.lastDueDate(
                world.app.vaults().require(ENTERPRISE, world.clock.instant()).payoutSchedule(),
                java.time.LocalDate.ofInstant(world.clock.instant(), java.time.ZoneOffset.UTC)));
    }

    private Payee payee() {
        return world.app.database().jdbi().withHandle(h -> PayeeStore.find(h, ENTERPRISE)).orElseThrow();
    }
}
