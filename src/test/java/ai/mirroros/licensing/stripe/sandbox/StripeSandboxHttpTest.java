package ai.mirroros.licensing.stripe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire format as curl and non-Java clients see it: form bodies, JSON answers, Stripe's error shape. */
class StripeSandboxHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("sk_test_curl:".getBytes(StandardCharsets.UTF_8));

    private StripeSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", BASIC);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(String path, String body, String idempotencyKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", BASIC).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void theControlApiCreatesAPaymentAndAnswersWithEveryObjectItMade() throws Exception {
        HttpResponse<String> created = send("POST", "/_sandbox/payments", "application/json",
                "{\"amountMinor\": 10000, \"currency\": \"EUR\", \"metadata\": {\"vault_id\": \"v1\"},"
                        + " \"invoice\": true}");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode body = json(created);
        assertThat(body.at("/charge/id").asText()).startsWith("ch_");
        assertThat(body.at("/charge/currency").asText()).isEqualTo("eur");
        assertThat(body.at("/charge/balance_transaction/exchange_rate").decimalValue()).isEqualByComparingTo("1.08");
        assertThat(body.at("/charge/balance_transaction/fee").asLong()).isEqualTo(343);
        assertThat(body.at("/payment_intent/latest_charge").asText()).isEqualTo(body.at("/charge/id").asText());
        assertThat(body.at("/balance_transaction/id").asText()).startsWith("txn_");
        assertThat(body.at("/invoice/object").asText()).isEqualTo("invoice");
        assertThat(body.at("/charge/created").asLong()).isPositive();
    }

    @Test
    void expandAndAuthWorkTheWayCurlSendsThem() throws Exception {
        String chargeId = sandbox.createPayment(SandboxPayment.of(2_000, "usd", Map.of())).chargeId();

        HttpResponse<String> plain = send("GET", "/v1/charges/" + chargeId, null, null);
        HttpResponse<String> expanded = send("GET", "/v1/charges/" + chargeId
                + "?expand%5B%5D=balance_transaction", null, null);

        assertThat(json(plain).get("balance_transaction").isTextual()).isTrue();
        assertThat(json(expanded).at("/balance_transaction/object").asText()).isEqualTo("balance_transaction");
        assertThat(expanded.headers().firstValue("Request-Id")).hasValueSatisfying(id -> assertThat(id)
                .startsWith("req_"));
        assertThat(expanded.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
    }

    @Test
    void errorsHaveStripesShapeAndStatus() throws Exception {
        HttpResponse<String> unknownParameter = form("/v1/refunds", "charge=ch_x&amuont=5", "k1");
        HttpResponse<String> unknownRoute = send("GET", "/v1/nope", null, null);
        HttpResponse<String> badExpand = send("GET", "/v1/charges/ch_x?expand%5B%5D=nonsense", null, null);
        HttpResponse<String> badJson = send("POST", "/_sandbox/payments", "application/json", "{oops");

        assertThat(unknownParameter.statusCode()).isEqualTo(400);
        assertThat(json(unknownParameter).get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(unknownParameter).at("/error/code").asText()).isEqualTo("parameter_unknown");
        assertThat(json(unknownParameter).at("/error/param").asText()).isEqualTo("amuont");
        assertThat(unknownRoute.statusCode()).isEqualTo(404);
        assertThat(json(unknownRoute).at("/error/message").asText())
                .isEqualTo("Unrecognized request URL (GET: /v1/nope).");
        assertThat(badExpand.statusCode()).isEqualTo(400);
        assertThat(json(badExpand).at("/error/message").asText())
                .isEqualTo("This property cannot be expanded (nonsense).");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson).at("/error/message").asText()).contains("JSON");
    }

    @Test
    void aReplayedAnswerSaysSoAndIsByteForByteTheFirst() throws Exception {
        String chargeId = sandbox.createPayment(SandboxPayment.of(2_000, "usd", Map.of())).chargeId();

        HttpResponse<String> first = form("/v1/refunds", "charge=" + chargeId + "&amount=500&metadata[why]=test",
                "refund-1");
        HttpResponse<String> second = form("/v1/refunds", "metadata[why]=test&amount=500&charge=" + chargeId,
                "refund-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json(send("GET", "/v1/charges/" + chargeId, null, null)).get("amount_refunded").asLong())
                .isEqualTo(500);
        assertThat(json(send("GET", "/_sandbox/requests", null, null)).at("/data/1/replayed").asBoolean())
                .isTrue();
    }

    @Test
    void aValidationFailureIsNotSavedUnderTheKey() throws Exception {
        String chargeId = sandbox.createPayment(SandboxPayment.of(2_000, "usd", Map.of())).chargeId();

        HttpResponse<String> invalid = form("/v1/refunds", "charge=" + chargeId + "&amount=abc", "refund-2");
        HttpResponse<String> valid = form("/v1/refunds", "charge=" + chargeId + "&amount=700", "refund-2");

        // Stripe saves only requests that reached the endpoint; a bad parameter leaves the key unused.
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(json(valid).get("amount").asLong()).isEqualTo(700);
    }

    @Test
    void accountsAndTransfersWorkOverPlainForms() throws Exception {
        sandbox.createPayment(SandboxPayment.of(10_000, "usd", Map.of()));
        HttpResponse<String> account = form("/v1/accounts", "type=express&country=DE&email=p%40example.com"
                + "&capabilities[transfers][requested]=true&metadata[vault_id]=v1", "acct-1");
        String accountId = json(account).get("id").asText();
        send("POST", "/_sandbox/accounts/" + accountId + "/requirements", "application/json",
                "{\"currently_due\": []}");

        HttpResponse<String> transfer = form("/v1/transfers", "amount=1000&currency=usd&destination=" + accountId
                + "&transfer_group=run-1", "tr-1");
        HttpResponse<String> balance = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/v1/balance")).header("Authorization", BASIC).header("Stripe-Account", accountId).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(json(account).get("default_currency").asText()).isEqualTo("eur");
        assertThat(json(account).at("/requirements/currently_due").size()).isPositive();
        assertThat(transfer.statusCode()).isEqualTo(200);
        assertThat(json(transfer).get("destination").asText()).isEqualTo(accountId);
        assertThat(json(balance).at("/available").findValuesAsText("currency")).contains("usd");
        assertThat(sandbox.balance(accountId).available("usd")).isEqualTo(1_000);
    }
}
