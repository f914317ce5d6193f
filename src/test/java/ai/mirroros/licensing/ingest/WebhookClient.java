package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.stripe.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Test helper: Stripe-shaped events, signed like Stripe signs them, posted over real HTTP. */
public final class WebhookClient {
    public static final String SECRET = "whsec_test_secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;

    public WebhookClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> post(String body) throws Exception {
        return post(body, WebhookSignature.sign(SECRET, Instant.now(), body.getBytes(StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> post(String body, String signatureHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signatureHeader != null) {
            request.header(WebhookSignature.HEADER, signatureHeader);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A USD charge of {@code amountMinor} for {@code vault}, with no balance transaction (fee from the schedule). */
    public static StripeEventJson.Charge charge(String id, String vault, long amountMinor, Instant at) {
        return new StripeEventJson.Charge("ch_" + id, "pi_" + id, amountMinor, "usd", 0,
                Map.of("vault_id", vault, "product_type", "template"), at, Optional.empty(), Optional.empty());
    }

    public static String paymentSucceeded(String eventId, StripeEventJson.Charge charge, Instant at) {
        return StripeEventJson.event(eventId, "payment_intent.succeeded", at,
                StripeEventJson.paymentIntent(charge, false));
    }

    public static String chargeSucceeded(String eventId, StripeEventJson.Charge charge, Instant at) {
        return StripeEventJson.event(eventId, "charge.succeeded", at, charge.toJson());
    }

    public static String refunded(String eventId, StripeEventJson.Charge charge, long refundedToDate, Instant at) {
        return StripeEventJson.event(eventId, "charge.refunded", at, charge.withAmountRefunded(refundedToDate)
                .toJson());
    }
}
