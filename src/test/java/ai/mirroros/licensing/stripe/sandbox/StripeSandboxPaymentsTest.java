package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customer money in and out as stripe-java sees it: charges, fees, exchange rates, refunds, disputes, balance. */
class StripeSandboxPaymentsTest {
    private StripeSandbox sandbox;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withUsdPerUnit("eur", new BigDecimal("1.0842")));
        stripe = client(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static ChargeRetrieveParams expandBalanceTransaction() {
        return ChargeRetrieveParams.builder().addExpand("balance_transaction").build();
    }

    @Test
    void aEuroChargeSettlesInDollarsNetOfTheFeeAtTheConfiguredRate() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000, "eur",
                Map.of("vault_id", "enterprise-vault.sig")));

        Charge charge = stripe.v1().charges().retrieve(paid.chargeId(), expandBalanceTransaction(),
                (RequestOptions) null);

        assertThat(charge.getAmount()).isEqualTo(10_000);
        assertThat(charge.getCurrency()).isEqualTo("eur");
        assertThat(charge.getMetadata()).containsEntry("vault_id", "enterprise-vault.sig");
        assertThat(charge.getPaymentIntent()).isEqualTo(paid.paymentIntentId());
        BalanceTransaction bt = charge.getBalanceTransactionObject();
        // 10,000 EUR cents × 1.0842 = 10,842 USD cents; fee 2.9 % of 10,842 = 314.418 → 314, + 30 = 344.
        assertThat(bt.getAmount()).isEqualTo(10_842);
        assertThat(bt.getCurrency()).isEqualTo("usd");
        assertThat(bt.getExchangeRate()).isEqualByComparingTo("1.0842");
        assertThat(bt.getFee()).isEqualTo(344);
        assertThat(bt.getNet()).isEqualTo(10_498);
        assertThat(bt.getType()).isEqualTo("charge");
        assertThat(paid.balanceTransaction().feeMinor()).isEqualTo(344);
        assertThat(sandbox.balance().available("usd")).isEqualTo(10_498);
    }

    @Test
    void aChargeInTheSettlementCurrencyHasNoExchangeRate() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(122_845, "usd", Map.of()));

        BalanceTransaction bt = stripe.v1().balanceTransactions().retrieve(paid.balanceTransaction().id());

        assertThat(bt.getExchangeRate()).isNull();
        assertThat(bt.getAmount()).isEqualTo(122_845);
        // 2.9 % of 122,845 = 3,562.505 → 3,563 (HALF_UP), + 30.
        assertThat(bt.getFee()).isEqualTo(3_593);
        assertThat(bt.getSource()).isEqualTo(paid.chargeId());
    }

    @Test
    void thePaymentIntentExpandsItsLatestChargeAndThatChargesBalanceTransaction() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(5_000, "gbp", Map.of("vault_id", "v")));

        PaymentIntent idOnly = stripe.v1().paymentIntents().retrieve(paid.paymentIntentId());
        PaymentIntent expanded = stripe.v1().paymentIntents().retrieve(paid.paymentIntentId(),
                PaymentIntentRetrieveParams.builder().addExpand("latest_charge.balance_transaction").build());

        assertThat(idOnly.getLatestCharge()).isEqualTo(paid.chargeId());
        assertThat(idOnly.getLatestChargeObject()).isNull();
        assertThat(idOnly.getStatus()).isEqualTo("succeeded");
        assertThat(expanded.getLatestChargeObject().getId()).isEqualTo(paid.chargeId());
        // 5,000 GBP pence × 1.27 = 6,350 USD cents.
        assertThat(expanded.getLatestChargeObject().getBalanceTransactionObject().getAmount()).isEqualTo(6_350);
    }

    @Test
    void aPendingPaymentIsPendingUntilReleased() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(1_000, "usd", Map.of()).leftPending());

        assertThat(sandbox.balance().pending("usd")).isEqualTo(1_000 - 59);
        assertThat(sandbox.balance().available("usd")).isZero();
        assertThat(stripe.v1().balanceTransactions().retrieve(paid.balanceTransaction().id()).getStatus())
                .isEqualTo("pending");

        sandbox.releasePending();

        assertThat(sandbox.balance().available("usd")).isEqualTo(941);
        assertThat(sandbox.balance().pending("usd")).isZero();
        assertThat(stripe.v1().balance().retrieve().getAvailable().getFirst().getAmount()).isEqualTo(941);
        assertThat(stripe.v1().balanceTransactions().retrieve(paid.balanceTransaction().id()).getStatus())
                .isEqualTo("available");
    }

    @Test
    void refundsInPartsGiveBackExactlyWhatTheChargeBroughtIn() throws StripeException {
        // 10,001 EUR cents converts to 10,843.0842 → 10,843; parts converted one by one would not add up.
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_001, "eur", Map.of()));
        long fee = paid.balanceTransaction().feeMinor();

        Refund first = stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(paid.chargeId())
                .setAmount(3_333L).build());
        sandbox.refund(paid.chargeId(), OptionalLong.of(3_333));
        Refund last = stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(paid.paymentIntentId()).build());

        assertThat(first.getAmount()).isEqualTo(3_333);
        assertThat(first.getCharge()).isEqualTo(paid.chargeId());
        assertThat(last.getAmount()).isEqualTo(10_001 - 2 * 3_333);
        Charge charge = stripe.v1().charges().retrieve(paid.chargeId());
        assertThat(charge.getAmountRefunded()).isEqualTo(10_001);
        assertThat(charge.getRefunded()).isTrue();
        // The platform keeps nothing of the charge but pays the fee, as with Stripe.
        assertThat(sandbox.balance().available("usd")).isEqualTo(-fee);
        BalanceTransaction refundBt = stripe.v1().balanceTransactions().retrieve(first.getBalanceTransaction());
        assertThat(refundBt.getType()).isEqualTo("refund");
        assertThat(refundBt.getAmount()).isNegative();
        assertThat(refundBt.getExchangeRate()).isEqualByComparingTo("1.0842");
    }

    @Test
    void aRefundBeyondWhatIsLeftIsRefusedWithStripesCodes() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(2_000, "usd", Map.of()));
        stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(paid.chargeId()).setAmount(1_500L)
                .build());

        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setCharge(paid.chargeId()).setAmount(501L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("amount_too_large");
                    assertThat(e.getParam()).isEqualTo("amount");
                });
        sandbox.refund(paid.chargeId(), OptionalLong.empty());
        assertThatThrownBy(() -> sandbox.refund(paid.chargeId(), OptionalLong.empty()))
                .isInstanceOfSatisfying(StripeApiError.class,
                        e -> assertThat(e.code()).contains("charge_already_refunded"));
    }

    @Test
    void aDisputeWithdrawsTheAmountAndTheFeeAndWinningReinstatesTheAmount() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000, "usd", Map.of()));
        long afterCharge = sandbox.balance().available("usd");

        String disputeId = sandbox.openDispute(paid.chargeId(), 4_000);

        assertThat(sandbox.balance().available("usd")).isEqualTo(afterCharge - 4_000 - 1_500);
        Dispute open = stripe.v1().disputes().retrieve(disputeId);
        assertThat(open.getStatus()).isEqualTo("needs_response");
        assertThat(open.getAmount()).isEqualTo(4_000);
        assertThat(open.getCharge()).isEqualTo(paid.chargeId());
        assertThat(open.getBalanceTransactions()).singleElement()
                .satisfies(bt -> assertThat(bt.getFee()).isEqualTo(1_500));
        assertThat(stripe.v1().charges().retrieve(paid.chargeId()).getDisputed()).isTrue();
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setCharge(paid.chargeId()).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_disputed"));

        sandbox.closeDispute(disputeId, true);

        assertThat(stripe.v1().disputes().retrieve(disputeId).getStatus()).isEqualTo("won");
        assertThat(sandbox.balance().available("usd")).isEqualTo(afterCharge - 1_500);
    }

    @Test
    void aLostDisputeKeepsTheMoneyWithTheCustomer() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000, "usd", Map.of()));
        long afterCharge = sandbox.balance().available("usd");
        String disputeId = sandbox.openDispute(paid.chargeId(), 10_000);

        sandbox.closeDispute(disputeId, false);

        assertThat(stripe.v1().disputes().retrieve(disputeId).getStatus()).isEqualTo("lost");
        assertThat(sandbox.balance().available("usd")).isEqualTo(afterCharge - 10_000 - 1_500);
        assertThatThrownBy(() -> sandbox.closeDispute(disputeId, true)).isInstanceOf(StripeApiError.class)
                .hasMessageContaining("already closed");
    }

    @Test
    void anInvoicePaymentCarriesTheSubscriptionMetadata() throws StripeException {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(4_900, "usd",
                Map.of("vault_id", "pro-vault", "product_type", "subscription")).asInvoice());

        Invoice invoice = stripe.v1().invoices().retrieve(paid.invoiceId().orElseThrow());

        assertThat(invoice.getAmountPaid()).isEqualTo(4_900);
        assertThat(invoice.getStatus()).isEqualTo("paid");
        assertThat(invoice.getParent().getSubscriptionDetails().getSubscription())
                .isEqualTo(paid.subscriptionId().orElseThrow());
        assertThat(invoice.getParent().getSubscriptionDetails().getMetadata()).containsEntry("vault_id",
                "pro-vault");
        assertThat(invoice.getPayments().getData().getFirst().getPayment().getPaymentIntent())
                .isEqualTo(paid.paymentIntentId());
    }

    @Test
    void anUnknownChargeIs404ResourceMissing() {
        assertThatThrownBy(() -> stripe.v1().charges().retrieve("ch_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getMessage()).contains("No such charge: 'ch_nope'");
                });
    }

    @Test
    void aCurrencyWithoutARateIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> sandbox.createPayment(SandboxPayment.of(1_000, "chf", Map.of())))
                .isInstanceOfSatisfying(StripeApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).contains("currency");
                    assertThat(e.getMessage()).contains("withUsdPerUnit");
                });
        assertThat(sandbox.events()).isEmpty();
    }
}
