package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.fund;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.onboardedAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stripe failing in the ways that matter for money: errors, slowness, and answers lost after the effect. */
class StripeSandboxFaultsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    private TransferCreateParams payout(long amountMinor) {
        return TransferCreateParams.builder().setAmount(amountMinor).setCurrency("usd").setDestination(partner)
                .setTransferGroup("run-9").build();
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private List<RecordedRequest> transferPosts() {
        return sandbox.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/transfers")).toList();
    }

    private void assertPaidOnce(long amountMinor) {
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(amountMinor);
        assertThat(sandbox.balance().available("usd")).isEqualTo(platformBefore - amountMinor);
        assertThat(sandbox.events()).filteredOn(e -> e.type().equals("transfer.created")).hasSize(1);
    }

    @Test
    void anInjected503IsRetriedByStripeJavaWithTheSameKeyAndTheTransferHappensOnce() throws StripeException {
        StripeClient retrying = client(sandbox, 2, 10_000);
        sandbox.faults().add(Fault.respond("POST", "/v1/transfers", 1, 503));

        Transfer transfer = retrying.v1().transfers().create(payout(2_500));

        assertThat(transfer.getAmount()).isEqualTo(2_500);
        assertPaidOnce(2_500);
        List<RecordedRequest> posts = transferPosts();
        assertThat(posts).extracting(RecordedRequest::status).containsExactly(503, 200);
        assertThat(posts.get(0).fault()).contains("respond 503");
        // stripe-java sends a generated key on every POST and keeps it across its retries.
        assertThat(posts.get(0).idempotencyKey()).isPresent().isEqualTo(posts.get(1).idempotencyKey());
        assertThat(sandbox.faults().active()).isEmpty();
    }

    @Test
    void injectedRateLimitsAndDeclinesSurfaceAsStripeJavasExceptionsAndChangeNothing() {
        StripeClient once = client(sandbox);
        sandbox.faults().add(Fault.respond("POST", "/v1/transfers", 1, 429));
        sandbox.faults().add(Fault.respond("POST", "/v1/transfers", 1, 402));

        assertThatThrownBy(() -> once.v1().transfers().create(payout(2_500)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getCode()).isEqualTo("rate_limit");
                });
        assertThatThrownBy(() -> once.v1().transfers().create(payout(2_500)))
                .isInstanceOfSatisfying(CardException.class, e -> assertThat(e.getCode()).isEqualTo("card_declined"));
        assertThat(sandbox.balance(partner).available("usd")).isZero();
        assertThat(sandbox.balance().available("usd")).isEqualTo(platformBefore);
    }

    @Test
    void aDelayBeyondTheReadTimeoutFailsTheCallButStripeActedAndARetryWithTheSameKeyDoesNotPayTwice()
            throws StripeException {
        StripeClient impatient = client(sandbox, 0, 300);
        sandbox.faults().add(Fault.delay("POST", "/v1/transfers", 1, Duration.ofSeconds(3)));

        assertThatThrownBy(() -> impatient.v1().transfers().create(payout(2_500), key("run-9/partner")))
                .isInstanceOf(ApiConnectionException.class);
        // The client heard nothing, yet the transfer exists: exactly the case keys are for.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sandbox.balance(partner).available("usd") == 2_500);

        // The retry may not find the first answer saved yet (409, which stripe-java retries), hence retries.
        Transfer retried = client(sandbox, 2, 10_000).v1().transfers().create(payout(2_500),
                key("run-9/partner"));

        assertThat(retried.getAmount()).isEqualTo(2_500);
        assertPaidOnce(2_500);
        assertThat(sandbox.requests()).filteredOn(r -> r.path().equals("/v1/transfers"))
                .anySatisfy(r -> assertThat(r.replayed()).isTrue());
    }

    @Test
    void aFailureAfterCommitRetriedWithTheSameKeyGivesBackTheOneTransfer() throws StripeException {
        StripeClient once = client(sandbox);
        sandbox.faults().add(Fault.failAfterCommit("POST", "/v1/transfers", 1));

        assertThatThrownBy(() -> once.v1().transfers().create(payout(2_500), key("run-9/partner")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(2_500);

        Transfer retried = once.v1().transfers().create(payout(2_500), key("run-9/partner"));

        assertPaidOnce(2_500);
        assertThat(transferPosts()).extracting(RecordedRequest::status, RecordedRequest::replayed)
                .containsExactly(tuple(500, false), tuple(200, true));
        assertThat(sandbox.events()).filteredOn(e -> e.type().equals("transfer.created"))
                .singleElement().satisfies(e -> assertThat(e.json()).contains(retried.getId()));
    }

    @Test
    void retryingAFailureAfterCommitWithANewKeyPaysTwice() throws StripeException {
        StripeClient once = client(sandbox);
        sandbox.faults().add(Fault.failAfterCommit("POST", "/v1/transfers", 1));

        assertThatThrownBy(() -> once.v1().transfers().create(payout(2_500), key("attempt-1")))
                .isInstanceOf(ApiException.class);
        once.v1().transfers().create(payout(2_500), key("attempt-2"));

        // Why the payout engine must derive its key from the payout, not from the attempt.
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(5_000);
    }

    @Test
    void stripeJavasOwnRetriesRecoverFromAFailureAfterCommit() throws StripeException {
        StripeClient retrying = client(sandbox, 1, 10_000);
        sandbox.faults().add(Fault.failAfterCommit("POST", "/v1/transfers", 1));

        Transfer transfer = retrying.v1().transfers().create(payout(2_500));

        assertThat(transfer.getAmount()).isEqualTo(2_500);
        assertPaidOnce(2_500);
    }

    @Test
    void faultsAreManagedOverHttpAndNeverApplyToTheControlApi() throws Exception {
        HttpResponse<String> added = send("POST", "/_sandbox/faults",
                "{\"method\": \"GET\", \"pathPrefix\": \"/v1/balance\", \"times\": 2, \"status\": 503}");
        send("POST", "/_sandbox/faults", "{\"pathPrefix\": \"/\", \"times\": 5, \"status\": 500}");

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/balance", null).statusCode()).isEqualTo(503);
        assertThat(send("POST", "/_sandbox/payments", "{\"amountMinor\": 1000, \"currency\": \"usd\"}")
                .statusCode()).isEqualTo(200);
        assertThat(send("GET", "/_sandbox/faults", null).body())
                .contains("\"pathPrefix\":\"/v1/balance\",\"times\":1,\"effect\":\"respond 503\"");

        assertThat(send("DELETE", "/_sandbox/faults", null).body()).isEqualTo("{\"data\":[]}");
        assertThat(send("GET", "/v1/balance", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/_sandbox/faults", "{\"pathPrefix\": \"/v1\", \"status\": 503, \"delayMs\": 5}")
                .body()).contains("exactly one of status, delayMs, slowMs, failAfterCommit, reset");
        assertThat(send("POST", "/_sandbox/faults", "{\"pathPrefix\": \"/v1\", \"reset\": \"sometimes\"}")
                .body()).contains("reset must be before_endpoint or after_commit");
        assertThat(send("POST", "/_sandbox/faults", "{\"pathPrefix\": \"/v1\", \"delayMs\": 5, "
                + "\"retryAfterSeconds\": 2}").body()).contains("retryAfterSeconds goes with status");
    }

    @Test
    void aRateLimitSaysWhenToComeBackAndStripeJavaSeesARateLimitException() {
        sandbox.faults().add(Fault.rateLimited("POST", "/v1/transfers", 1, Duration.ofMillis(1_500)));

        assertThatThrownBy(() -> client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getCode()).isEqualTo("rate_limit");
                    // stripe-java does not act on Retry-After; the engine reads it from the error's response.
                    assertThat(e.getStripeError().getLastResponse().headers().firstValue("Retry-After"))
                            .contains("2");
                });
        assertThat(sandbox.balance(partner).available("usd")).isZero();
        assertThat(transferPosts()).singleElement()
                .satisfies(r -> assertThat(r.fault()).contains("respond 429 retry-after 2s"));
    }

    @Test
    void rateLimitsAndOutagesWithRetryAfterAreSetOverHttpToo() throws Exception {
        send("POST", "/_sandbox/faults", "{\"method\": \"GET\", \"pathPrefix\": \"/v1/balance\", "
                + "\"status\": 503, \"retryAfterSeconds\": 7}");
        send("POST", "/_sandbox/faults", "{\"method\": \"GET\", \"pathPrefix\": \"/v1/balance\", "
                + "\"status\": 429, \"retryAfterSeconds\": 3}");

        HttpResponse<String> unavailable = send("GET", "/v1/balance", null);
        HttpResponse<String> limited = send("GET", "/v1/balance", null);

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).contains("7");
        assertThat(unavailable.body()).contains("\"type\":\"api_error\"");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
        assertThat(send("GET", "/v1/balance", null).headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void aResetBeforeTheEndpointIsAConnectionErrorAndNothingHappened() throws StripeException {
        // Two resets: the JDK's HttpURLConnection silently resends a POST once when the connection drops before
        // any answer (sun.net.http.retryPost), so stripe-java only sees the second. Depending on timing the JDK
        // notices the reset while writing the body ("Error writing to server", a plain IOException) or while
        // reading the answer (SocketException); either way it is a connection error, never an API answer.
        sandbox.faults().add(Fault.resetBeforeEndpoint("POST", "/v1/transfers", 2));

        assertThatThrownBy(() -> client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner")))
                .isInstanceOfSatisfying(ApiConnectionException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(IOException.class));
        assertThat(sandbox.balance(partner).available("usd")).isZero();

        Transfer retried = client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner"));

        assertThat(retried.getAmount()).isEqualTo(2_500);
        assertPaidOnce(2_500);
        assertThat(transferPosts()).extracting(RecordedRequest::status, RecordedRequest::replayed)
                .containsExactly(tuple(RecordedRequest.NO_ANSWER, false), tuple(RecordedRequest.NO_ANSWER, false),
                        tuple(200, false));
    }

    @Test
    void aResetAfterCommitLosesTheAnswerButTheTransferIsMadeAndTheKeyGivesItBack() throws StripeException {
        sandbox.faults().add(Fault.resetAfterCommit("POST", "/v1/transfers", 2));

        assertThatThrownBy(() -> client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner")))
                .isInstanceOf(ApiConnectionException.class);
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(2_500);

        Transfer retried = client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner"));

        assertPaidOnce(2_500);
        assertThat(sandbox.events()).filteredOn(e -> e.type().equals("transfer.created"))
                .singleElement().satisfies(e -> assertThat(e.json()).contains(retried.getId()));
        // The JDK's silent resend already met the saved answer; the engine's retry does too.
        assertThat(transferPosts()).extracting(RecordedRequest::status, RecordedRequest::replayed)
                .containsExactly(tuple(RecordedRequest.NO_ANSWER, false), tuple(RecordedRequest.NO_ANSWER, true),
                        tuple(200, true));
    }

    @Test
    void aSingleResetIsAbsorbedByTheJdksOwnResendWithTheSameKey() throws StripeException {
        sandbox.faults().add(Fault.resetAfterCommit("POST", "/v1/transfers", 1));

        Transfer transfer = client(sandbox).v1().transfers().create(payout(2_500));

        assertThat(transfer.getAmount()).isEqualTo(2_500);
        assertPaidOnce(2_500);
        List<RecordedRequest> posts = transferPosts();
        assertThat(posts).extracting(RecordedRequest::status).containsExactly(RecordedRequest.NO_ANSWER, 200);
        assertThat(posts.get(1).idempotencyKey()).isEqualTo(posts.get(0).idempotencyKey());
    }

    @Test
    void aSlowEndpointOutlastingTheReadTimeoutStillMakesTheTransferAndTheRetryFirstMeetsTheKeyInFlight()
            throws StripeException {
        sandbox.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", 1, Duration.ofMillis(1_500)));

        assertThatThrownBy(() -> client(sandbox, 0, 300).v1().transfers().create(payout(2_500),
                key("run-9/partner"))).isInstanceOfSatisfying(ApiConnectionException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class));
        assertThatThrownBy(() -> client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getCode()).isEqualTo("idempotency_key_in_use");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.balance(partner).available("usd") == 2_500);

        Transfer retried = client(sandbox).v1().transfers().create(payout(2_500), key("run-9/partner"));

        assertThat(retried.getAmount()).isEqualTo(2_500);
        assertPaidOnce(2_500);
        // The slow first request is logged when it finally answers, so the log's order varies.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(transferPosts())
                .extracting(RecordedRequest::status, RecordedRequest::replayed)
                .containsExactlyInAnyOrder(tuple(200, false), tuple(409, false), tuple(200, true)));
    }

    @Test
    void resetsAndSlowEndpointsAreSetOverHttpToo() throws Exception {
        send("POST", "/_sandbox/faults", "{\"method\": \"POST\", \"pathPrefix\": \"/v1/transfers\", "
                + "\"times\": 2, \"reset\": \"after_commit\"}");
        send("POST", "/_sandbox/faults", "{\"pathPrefix\": \"/v1/balance\", \"slowMs\": 800}");

        assertThatThrownBy(() -> client(sandbox).v1().transfers().create(payout(1_000), key("http-reset")))
                .isInstanceOf(ApiConnectionException.class);
        assertThatThrownBy(() -> client(sandbox, 0, 200).v1().balance().retrieve())
                .isInstanceOf(ApiConnectionException.class);

        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(1_000);
        assertThat(sandbox.faults().active()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sandbox.requests())
                .extracting(r -> r.fault().orElse("")).contains("reset after commit", "slow endpoint 800ms"));
    }

    @Test
    void requestsWithoutAValidSecretKeyAre401() throws Exception {
        StripeClient publishable = new StripeClient.StripeClientBuilder().setApiKey("pk_test_123")
                .setApiBase(sandbox.baseUrl()).build();

        assertThatThrownBy(() -> publishable.v1().balance().retrieve())
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(401));
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/v1/balance")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"type\":\"invalid_request_error\"", "did not provide an API key");
    }

    @Test
    void aConfiguredApiKeyIsTheOnlyOneAccepted() throws StripeException {
        try (StripeSandbox strict = StripeSandbox.start(SandboxConfig.defaults().withApiKey("sk_test_only_me"))) {
            StripeClient right = new StripeClient.StripeClientBuilder().setApiKey("sk_test_only_me")
                    .setApiBase(strict.baseUrl()).build();
            StripeClient wrong = new StripeClient.StripeClientBuilder().setApiKey("sk_test_someone_else")
                    .setApiBase(strict.baseUrl()).build();

            assertThat(right.v1().balance().retrieve().getObject()).isEqualTo("balance");
            assertThatThrownBy(() -> wrong.v1().balance().retrieve())
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.getMessage()).contains("Invalid API Key provided")
                                    .doesNotContain("someone_else"));
        }
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + SandboxFixture.API_KEY);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void faultValidationNamesTheProblem() {
        assertThatThrownBy(() -> Fault.respond("POST", "v1/transfers", 1, 503))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> Fault.delay("POST", "/v1", 1, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> Fault.rateLimited("POST", "/v1", 1, Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
        assertThat(Fault.Respond.stripeLike(503).withRetryAfter(Duration.ofMillis(1)).retryAfterHeader())
                .contains("1");
        assertThat(Fault.respond("get", "/v1", 3, 500).method()).isEqualTo("GET");
    }
}
