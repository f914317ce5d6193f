package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.fund;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.onboardedAccount;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twins: the same transfer sent at once by several workers under one idempotency key (a payout run resumed twice,
 * a retry overtaking a slow original). Exactly one transfer may come of it, as at Stripe.
 */
class StripeSandboxConcurrencyTest {
    private static final int TWINS = 8;
    private static final RequestOptions KEY = RequestOptions.builder().setIdempotencyKey("payout-P42").build();

    private StripeSandbox sandbox;
    private String partner;
    private long platformBefore;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults());
        fund(sandbox, 100_000);
        partner = onboardedAccount(sandbox);
        platformBefore = sandbox.balance().available("usd");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private TransferCreateParams payout() {
        return TransferCreateParams.builder().setAmount(4_200L).setCurrency("usd").setDestination(partner)
                .setTransferGroup("P42").putMetadata("payout_id", "P42").build();
    }

    /** Runs {@code TWINS} calls released at the same instant; each outcome is a transfer id or the exception. */
    private static List<Object> atOnce(Callable<Transfer> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(TWINS);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(TWINS)) {
            List<Future<Object>> outcomes = new ArrayList<>();
            for (int i = 0; i < TWINS; i++) {
                outcomes.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return call.call().getId();
                    } catch (Exception e) {
                        return e;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                results.add(outcome.get());
            }
            return results;
        }
    }

    private void assertOneTransferMade() {
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(4_200);
        assertThat(sandbox.balance().available("usd")).isEqualTo(platformBefore - 4_200);
        assertThat(sandbox.events()).filteredOn(e -> e.type().equals("transfer.created")).hasSize(1);
    }

    @Test
    void twinsWhileTheFirstIsStillRunningAreToldTheKeyIsInUse() throws Exception {
        // The endpoint takes a while, so every twin arrives while the first holds the key.
        sandbox.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", TWINS, Duration.ofMillis(1_500)));
        StripeClient once = client(sandbox);

        List<Object> outcomes = atOnce(() -> once.v1().transfers().create(payout(), KEY));

        assertThat(outcomes).filteredOn(String.class::isInstance).singleElement()
                .satisfies(id -> assertThat((String) id).startsWith("tr_"));
        assertThat(outcomes).filteredOn(ApiException.class::isInstance).hasSize(TWINS - 1)
                .allSatisfy(e -> {
                    assertThat(((ApiException) e).getStatusCode()).isEqualTo(409);
                    assertThat(((ApiException) e).getCode()).isEqualTo("idempotency_key_in_use");
                });
        assertOneTransferMade();
        String made = (String) outcomes.stream().filter(String.class::isInstance).findFirst().orElseThrow();
        assertThat(once.v1().transfers().create(payout(), KEY).getId()).isEqualTo(made);
    }

    @Test
    void twinsThatRetryAllReceiveTheOneOriginalTransfer() throws Exception {
        sandbox.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", TWINS, Duration.ofMillis(300)));
        // stripe-java retries a 409 after 0.5 s or so, by when the original answer is saved.
        StripeClient retrying = client(sandbox, 4, 10_000);

        List<Object> outcomes = atOnce(() -> retrying.v1().transfers().create(payout(), KEY));

        assertThat(outcomes).hasSize(TWINS).allSatisfy(id -> assertThat(id).isInstanceOf(String.class))
                .containsOnly(outcomes.getFirst());
        assertOneTransferMade();
        assertThat(sandbox.requests()).filteredOn(r -> r.path().equals("/v1/transfers"))
                .extracting(RecordedRequest::status).contains(409)
                .filteredOn(status -> status == 200).hasSize(TWINS);
    }

    @Test
    void twinsWithoutAnyDelayStillMakeOneTransfer() throws Exception {
        StripeClient retrying = client(sandbox, 4, 10_000);

        List<Object> outcomes = atOnce(() -> retrying.v1().transfers().create(payout(), KEY));

        assertThat(outcomes).containsOnly(outcomes.getFirst());
        assertOneTransferMade();
    }
}
