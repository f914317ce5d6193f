package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.testing.ManualClock;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.fund;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.onboardedAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.StripeCollection;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import com.stripe.param.TransferReversalCreateParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lists as a reconciler walks them: newest first, filtered, page after page through stripe-java's cursors. */
class StripeSandboxListsTest {
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private StripeSandbox sandbox;
    private StripeClient stripe;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withClock(clock));
        stripe = client(sandbox);
        fund(sandbox, 10_000_000);
        alice = onboardedAccount(sandbox);
        bob = onboardedAccount(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private Transfer transfer(long amountMinor, String destination, String group) throws StripeException {
        return stripe.v1().transfers().create(TransferCreateParams.builder().setAmount(amountMinor)
                .setCurrency("usd").setDestination(destination).setTransferGroup(group).build());
    }

    private static List<String> ids(Iterable<Transfer> transfers) {
        List<String> ids = new ArrayList<>();
        transfers.forEach(t -> ids.add(t.getId()));
        return ids;
    }

    @Test
    void autoPagingWalksEveryTransferOfAGroupNewestFirst() throws StripeException {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            made.add(transfer(100 + i, i % 2 == 0 ? alice : bob, "payout-big").getId());
            transfer(1, alice, "payout-other");
        }

        List<String> walked = ids(stripe.v1().transfers().list(TransferListParams.builder()
                .setTransferGroup("payout-big").setLimit(100L).build()).autoPagingIterable());

        assertThat(walked).containsExactlyElementsOf(made.reversed());
        assertThat(sandbox.requests()).filteredOn(r -> r.method().equals("GET")).hasSize(3);
        assertThat(ids(stripe.v1().transfers().list(TransferListParams.builder().setLimit(100L).build())
                .autoPagingIterable())).hasSize(460);
    }

    @Test
    void transfersFilterByGroupDestinationAndCreatedTogether() throws StripeException {
        List<Transfer> toAlice = new ArrayList<>();
        for (int minute = 0; minute < 6; minute++) {
            toAlice.add(transfer(1_000 + minute, alice, "payout-7"));
            transfer(2_000 + minute, bob, "payout-7");
            transfer(3_000 + minute, alice, "payout-8");
            clock.advance(Duration.ofMinutes(1));
        }
        long second = START.getEpochSecond();

        StripeCollection<Transfer> window = stripe.v1().transfers().list(TransferListParams.builder()
                .setTransferGroup("payout-7").setDestination(alice)
                .setCreated(TransferListParams.Created.builder().setGte(second + 60).setLte(second + 180).build())
                .build());
        StripeCollection<Transfer> after = stripe.v1().transfers().list(TransferListParams.builder()
                .setDestination(alice).setCreated(TransferListParams.Created.builder().setGt(second + 240).build())
                .build());

        assertThat(window.getData()).extracting(Transfer::getAmount).containsExactly(1_003L, 1_002L, 1_001L);
        assertThat(window.getHasMore()).isFalse();
        assertThat(after.getData()).extracting(Transfer::getAmount).containsExactly(3_005L, 1_005L);
        assertThat(stripe.v1().transfers().list(TransferListParams.builder()
                .setCreated(TransferListParams.Created.builder().setLt(second).build()).build()).getData())
                .isEmpty();
    }

    @Test
    void endingBeforePagesTowardsNewerTransfers() throws StripeException {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(transfer(10 + i, alice, "g").getId());
        }

        StripeCollection<Transfer> newer = stripe.v1().transfers().list(TransferListParams.builder()
                .setEndingBefore(made.get(2)).setLimit(3L).build());
        StripeCollection<Transfer> newest = stripe.v1().transfers().list(TransferListParams.builder()
                .setEndingBefore(made.get(5)).setLimit(3L).build());

        assertThat(ids(newer.getData())).containsExactly(made.get(5), made.get(4), made.get(3));
        assertThat(newer.getHasMore()).isTrue();
        assertThat(ids(newest.getData())).containsExactly(made.get(6));
        assertThat(newest.getHasMore()).isFalse();
    }

    @Test
    void listParametersAreCheckedAsStripeChecksThem() {
        assertThatThrownBy(() -> stripe.v1().transfers().list(TransferListParams.builder().setLimit(101L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("limit"));
        assertThatThrownBy(() -> stripe.v1().transfers().list(TransferListParams.builder()
                .setStartingAfter("tr_unknown").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("resource_missing"));
        assertThatThrownBy(() -> stripe.v1().transfers().list(TransferListParams.builder()
                .setStartingAfter("tr_a").setEndingBefore("tr_b").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getMessage()).contains("only specify one"));
    }

    @Test
    void transfersAndReversalsAreBalanceTransactionsOnBothSides() throws StripeException {
        Transfer first = transfer(2_500, alice, "payout-1");
        clock.advance(Duration.ofMinutes(1));
        Transfer second = transfer(1_500, bob, "payout-1");
        clock.advance(Duration.ofMinutes(1));
        stripe.v1().transfers().reversals().create(first.getId(), TransferReversalCreateParams.builder()
                .setAmount(500L).build());

        List<BalanceTransaction> transfers = new ArrayList<>();
        stripe.v1().balanceTransactions().list(BalanceTransactionListParams.builder().setType("transfer")
                .setLimit(1L).build()).autoPagingIterable().forEach(transfers::add);
        List<BalanceTransaction> reversals = stripe.v1().balanceTransactions().list(BalanceTransactionListParams
                .builder().setType("transfer_refund").build()).getData();
        List<BalanceTransaction> aliceSide = stripe.v1().balanceTransactions().list(BalanceTransactionListParams
                .builder().build(), RequestOptions.builder().setStripeAccount(alice).build()).getData();

        assertThat(transfers).extracting(BalanceTransaction::getAmount, BalanceTransaction::getSource,
                        BalanceTransaction::getReportingCategory)
                .containsExactly(tuple(-1_500L, second.getId(), "transfer"), tuple(-2_500L, first.getId(),
                        "transfer"));
        assertThat(reversals).singleElement().satisfies(r -> {
            assertThat(r.getAmount()).isEqualTo(500);
            assertThat(r.getReportingCategory()).isEqualTo("transfer_reversal");
            assertThat(r.getSource()).startsWith("trr_");
        });
        assertThat(aliceSide).extracting(BalanceTransaction::getType, BalanceTransaction::getAmount)
                .containsExactly(tuple("payment_refund", -500L), tuple("payment", 2_500L));
    }

    @Test
    void balanceTransactionsFilterByCreatedAndSource() throws StripeException {
        Transfer early = transfer(100, alice, "g");
        clock.advance(Duration.ofHours(1));
        Transfer late = transfer(200, alice, "g");

        List<BalanceTransaction> lastHalfHour = stripe.v1().balanceTransactions().list(
                BalanceTransactionListParams.builder().setCreated(BalanceTransactionListParams.Created.builder()
                        .setGte(START.plus(Duration.ofMinutes(30)).getEpochSecond()).build()).build()).getData();
        List<BalanceTransaction> ofEarly = stripe.v1().balanceTransactions().list(
                BalanceTransactionListParams.builder().setSource(early.getId()).build()).getData();

        assertThat(lastHalfHour).extracting(BalanceTransaction::getSource).containsExactly(late.getId());
        assertThat(ofEarly).extracting(BalanceTransaction::getAmount).containsExactly(-100L);
    }
}
