package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.fund;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.onboardedAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Payout;
import com.stripe.model.StripeCollection;
import com.stripe.model.Transfer;
import com.stripe.model.TransferReversal;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountUpdateParams;
import com.stripe.param.PayoutCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import com.stripe.param.TransferReversalCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connect as the payout engine uses it: accounts, transfers, idempotent retries, reversals, payouts. */
class StripeSandboxConnectTest {
    private StripeSandbox sandbox;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults());
        stripe = client(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static TransferCreateParams transfer(long amountMinor, String destination, String group) {
        return TransferCreateParams.builder().setAmount(amountMinor).setCurrency("usd").setDestination(destination)
                .setTransferGroup(group).putMetadata("payout_run", group).build();
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private static RequestOptions onBehalfOf(String account) {
        return RequestOptions.builder().setStripeAccount(account).build();
    }

    @Test
    void aNewExpressAccountOwesOnboardingAndCannotReceiveTransfersUntilItIsDone() throws StripeException {
        fund(sandbox, 10_000);
        Account account = stripe.v1().accounts().create(AccountCreateParams.builder()
                .setType(AccountCreateParams.Type.EXPRESS).setCountry("GB").setEmail("partner@example.com")
                .putMetadata("vault_id", "v1")
                .setCapabilities(AccountCreateParams.Capabilities.builder()
                        .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true)
                                .build()).build())
                .build());

        assertThat(account.getId()).startsWith("acct_");
        assertThat(account.getDefaultCurrency()).isEqualTo("gbp");
        assertThat(account.getRequirements().getCurrentlyDue()).contains("external_account");
        assertThat(account.getPayoutsEnabled()).isFalse();
        assertThat(account.getCapabilities().getTransfers()).isEqualTo("inactive");
        assertThatThrownBy(() -> stripe.v1().transfers().create(transfer(1_000, account.getId(), "g")))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("insufficient_capabilities_for_transfer"));

        sandbox.completeOnboarding(account.getId());

        Account onboarded = stripe.v1().accounts().retrieve(account.getId());
        assertThat(onboarded.getRequirements().getCurrentlyDue()).isEmpty();
        assertThat(onboarded.getPayoutsEnabled()).isTrue();
        assertThat(onboarded.getCapabilities().getTransfers()).isEqualTo("active");
        assertThat(onboarded.getExternalAccounts().getData()).hasSize(1);
        assertThat(stripe.v1().transfers().create(transfer(1_000, account.getId(), "g")).getAmount())
                .isEqualTo(1_000);
    }

    @Test
    void anAccountUpdateMergesMetadataAndAnEmptyValueUnsetsAKey() throws StripeException {
        String id = sandbox.createExpressAccount("US", Map.of("vault_id", "v1", "tier", "gold"));

        Account updated = stripe.v1().accounts().update(id, AccountUpdateParams.builder()
                .putMetadata("tier", "").putMetadata("region", "eu").setEmail("new@example.com").build());

        assertThat(updated.getMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("vault_id", "v1",
                "region", "eu"));
        assertThat(updated.getEmail()).isEqualTo("new@example.com");
    }

    @Test
    void aTransferCreatedTwiceWithOneKeyIsOneTransferAndMovesMoneyOnce() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        long before = sandbox.balance().available("usd");

        Transfer first = stripe.v1().transfers().create(transfer(2_500, partner, "run-1"), key("run-1/v1"));
        Transfer second = stripe.v1().transfers().create(transfer(2_500, partner, "run-1"), key("run-1/v1"));

        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(sandbox.balance().available("usd")).isEqualTo(before - 2_500);
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(2_500);
        assertThat(stripe.v1().transfers().list(TransferListParams.builder().setTransferGroup("run-1").build())
                .getData()).hasSize(1);
        assertThat(sandbox.requests()).filteredOn(r -> r.method().equals("POST")
                        && r.path().equals("/v1/transfers"))
                .extracting(RecordedRequest::replayed).containsExactly(false, true);
    }

    @Test
    void theSameKeyWithDifferentParametersIsAnIdempotencyError() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        stripe.v1().transfers().create(transfer(2_500, partner, "run-1"), key("run-1/v1"));

        assertThatThrownBy(() -> stripe.v1().transfers().create(transfer(2_600, partner, "run-1"), key("run-1/v1")))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getStripeError().getType()).isEqualTo("idempotency_error");
                    assertThat(e.getMessage()).contains("run-1/v1");
                });
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(2_500);
    }

    @Test
    void aTransferBeyondTheAvailableBalanceIsRefusedAndTheKeyRemembersTheRefusal() throws StripeException {
        String partner = onboardedAccount(sandbox);
        long available = fund(sandbox, 1_000).balanceTransaction().amountMinor() - 59;

        assertThatThrownBy(() -> stripe.v1().transfers().create(transfer(available + 1, partner, "r"), key("k1")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("balance_insufficient");
                });
        fund(sandbox, 10_000);
        // Stripe saves the result of a request that ran, refusals included: the same key refuses again.
        assertThatThrownBy(() -> stripe.v1().transfers().create(transfer(available + 1, partner, "r"), key("k1")))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("balance_insufficient"));
        assertThat(stripe.v1().transfers().create(transfer(available + 1, partner, "r"), key("k2")).getAmount())
                .isEqualTo(available + 1);
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(available + 1);
    }

    @Test
    void aReversalReturnsMoneyToThePlatformAndCannotExceedWhatIsLeft() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        long before = sandbox.balance().available("usd");
        Transfer transfer = stripe.v1().transfers().create(transfer(3_000, partner, "run-2"));

        TransferReversal reversal = stripe.v1().transfers().reversals().create(transfer.getId(),
                TransferReversalCreateParams.builder().setAmount(1_200L).build());

        assertThat(reversal.getAmount()).isEqualTo(1_200);
        assertThat(reversal.getTransfer()).isEqualTo(transfer.getId());
        assertThat(sandbox.balance().available("usd")).isEqualTo(before - 3_000 + 1_200);
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(1_800);
        Transfer after = stripe.v1().transfers().retrieve(transfer.getId());
        assertThat(after.getAmountReversed()).isEqualTo(1_200);
        assertThat(after.getReversed()).isFalse();
        assertThat(after.getReversals().getData()).extracting(TransferReversal::getId)
                .containsExactly(reversal.getId());
        assertThatThrownBy(() -> stripe.v1().transfers().reversals().create(transfer.getId(),
                TransferReversalCreateParams.builder().setAmount(1_801L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_large"));

        stripe.v1().transfers().reversals().create(transfer.getId());

        assertThat(stripe.v1().transfers().retrieve(transfer.getId()).getReversed()).isTrue();
        assertThat(sandbox.balance().available("usd")).isEqualTo(before);
        assertThat(sandbox.balance(partner).available("usd")).isZero();
    }

    @Test
    void aReversalNeedsTheMoneyToStillBeOnTheConnectedAccount() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        Transfer transfer = stripe.v1().transfers().create(transfer(3_000, partner, "run-3"));
        stripe.v1().payouts().create(PayoutCreateParams.builder().setAmount(2_500L).setCurrency("usd").build(),
                onBehalfOf(partner));

        assertThatThrownBy(() -> stripe.v1().transfers().reversals().create(transfer.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("balance_insufficient"));
        assertThat(stripe.v1().transfers().reversals().create(transfer.getId(),
                TransferReversalCreateParams.builder().setAmount(500L).build()).getAmount()).isEqualTo(500);
    }

    @Test
    void transfersAreListedNewestFirstByGroupWithCursors() throws StripeException {
        fund(sandbox, 100_000);
        String partner = onboardedAccount(sandbox);
        List<String> groupA = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            groupA.add(stripe.v1().transfers().create(transfer(100L * i, partner, "A")).getId());
            stripe.v1().transfers().create(transfer(7, partner, "B"));
        }

        StripeCollection<Transfer> page1 = stripe.v1().transfers().list(TransferListParams.builder()
                .setTransferGroup("A").setLimit(2L).build());
        StripeCollection<Transfer> page2 = stripe.v1().transfers().list(TransferListParams.builder()
                .setTransferGroup("A").setLimit(2L).setStartingAfter(page1.getData().getLast().getId()).build());
        List<String> all = new ArrayList<>();
        stripe.v1().transfers().list(TransferListParams.builder().setTransferGroup("A").setLimit(2L).build())
                .autoPagingIterable().forEach(t -> all.add(t.getId()));

        assertThat(page1.getData()).extracting(Transfer::getId).containsExactly(groupA.get(4), groupA.get(3));
        assertThat(page1.getHasMore()).isTrue();
        assertThat(page2.getData()).extracting(Transfer::getId).containsExactly(groupA.get(2), groupA.get(1));
        assertThat(all).containsExactlyElementsOf(groupA.reversed());
    }

    @Test
    void aPayoutNeedsPayoutsEnabledAndComesFromTheConnectedBalance() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        stripe.v1().transfers().create(transfer(4_000, partner, "run-4"));
        PayoutCreateParams payoutParams = PayoutCreateParams.builder().setAmount(3_000L).setCurrency("usd")
                .putMetadata("payout_run", "run-4").build();
        sandbox.setRequirements(partner, List.of("individual.verification.document"), false);

        assertThatThrownBy(() -> stripe.v1().payouts().create(payoutParams, onBehalfOf(partner)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payouts_not_allowed"));

        sandbox.completeOnboarding(partner);
        Payout payout = stripe.v1().payouts().create(payoutParams, onBehalfOf(partner));

        assertThat(payout.getStatus()).isEqualTo("pending");
        assertThat(payout.getMetadata()).containsEntry("payout_run", "run-4");
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(1_000);
        assertThat(stripe.v1().payouts().retrieve(payout.getId(), onBehalfOf(partner)).getAmount())
                .isEqualTo(3_000);
        assertThatThrownBy(() -> stripe.v1().payouts().retrieve(payout.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThatThrownBy(() -> stripe.v1().payouts().create(payoutParams, onBehalfOf(partner)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("balance_insufficient"));
    }

    @Test
    void aFailedPayoutReturnsTheMoneyToTheConnectedBalance() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        stripe.v1().transfers().create(transfer(4_000, partner, "run-5"));
        Payout payout = stripe.v1().payouts().create(PayoutCreateParams.builder().setAmount(4_000L).build(),
                onBehalfOf(partner));

        sandbox.settlePayout(payout.getId(), false);

        Payout failed = stripe.v1().payouts().retrieve(payout.getId(), onBehalfOf(partner));
        assertThat(failed.getStatus()).isEqualTo("failed");
        assertThat(failed.getFailureCode()).isEqualTo("account_closed");
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(4_000);
        assertThat(sandbox.events()).extracting(SandboxEvent::type).endsWith("payout.created", "payout.failed");
        assertThat(sandbox.events().getLast().account()).contains(partner);
    }

    @Test
    void anUnknownStripeAccountHeaderIsAPermissionError() {
        assertThatThrownBy(() -> stripe.v1().balance().retrieve(onBehalfOf("acct_unknown")))
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getCode()).isEqualTo("account_invalid");
                });
    }
}
