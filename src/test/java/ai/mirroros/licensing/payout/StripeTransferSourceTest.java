package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Reconciliation.StripeTransfer;
import ai.mirroros.licensing.payout.Reconciliation.Window;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.TransferCreateParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading Stripe's transfers through stripe-java, against the sandbox. */
class StripeTransferSourceTest {
    private StripeSandbox sandbox;
    private StripeClient client;
    private String account;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0));
        client = StripeClient.builder().setApiKey("sk_test_source").setApiBase(sandbox.baseUrl())
                .setMaxNetworkRetries(0).build();
        sandbox.createPayment(SandboxPayment.of(100_000, "usd", Map.of("purpose", "funding")));
        account = sandbox.createExpressAccount("US", Map.of());
        sandbox.completeOnboarding(account);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String transfer(long amountMinor, String group, Map<String, String> metadata) throws StripeException {
        TransferCreateParams.Builder params = TransferCreateParams.builder().setAmount(amountMinor)
                .setCurrency("usd").setDestination(account).putAllMetadata(metadata);
        if (group != null) {
            params.setTransferGroup(group);
        }
        return client.v1().transfers().create(params.build()).getId();
    }

    @Test
    void everyPageIsReadAndThePayoutIdComesFromTheGroupOrElseTheMetadata() throws Exception {
        String grouped = transfer(1_000, "po_a", Map.of("payout_id", "po_a"));
        transfer(2_000, "po_b", Map.of());
        String metadataOnly = transfer(3_000, null, Map.of("payout_id", "po_c"));
        String anonymous = transfer(4_000, null, Map.of());
        transfer(5_000, "po_e", Map.of());
        AtomicLong listed = new AtomicLong();

        List<StripeTransfer> transfers = new StripeTransferSource(client, 2).transfers(Window.everything(),
                listed::addAndGet);

        assertThat(transfers).hasSize(5);
        assertThat(listed).hasValue(5);
        assertThat(sandbox.requests()).filteredOn(r -> r.method().equals("GET") && r.path().equals("/v1/transfers"))
                .hasSize(3);
        assertThat(transfers).filteredOn(t -> t.transferId().equals(grouped)).singleElement().satisfies(t -> {
            assertThat(t.payoutId()).contains("po_a");
            assertThat(t.amount()).isEqualTo(Money.parse("10.00", "USD"));
            assertThat(t.reversed()).isEqualTo(Money.parse("0.00", "USD"));
            assertThat(t.destination()).isEqualTo(account);
        });
        assertThat(transfers).filteredOn(t -> t.transferId().equals(metadataOnly))
                .extracting(StripeTransfer::payoutId).containsExactly(Optional.of("po_c"));
        assertThat(transfers).filteredOn(t -> t.transferId().equals(anonymous))
                .extracting(StripeTransfer::payoutId).containsExactly(Optional.empty());
    }

    @Test
    void aPayoutsTransfersAreFoundByTheirGroup() throws Exception {
        String first = transfer(1_000, "po_a", Map.of());
        transfer(2_000, "po_b", Map.of());
        String second = transfer(1_000, "po_a", Map.of());

        List<StripeTransfer> ofPayout = new StripeTransferSource(client).transfersOfPayout("po_a");

        assertThat(ofPayout).extracting(StripeTransfer::transferId).containsExactlyInAnyOrder(first, second);
    }
}
