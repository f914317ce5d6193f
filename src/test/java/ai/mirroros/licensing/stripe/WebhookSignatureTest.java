package ai.mirroros.licensing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.stripe.WebhookSignature.Failure;
import ai.mirroros.licensing.stripe.WebhookSignature.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}".getBytes(StandardCharsets.UTF_8);
    private final WebhookSignature verifier = new WebhookSignature(List.of("whsec_current"), Duration.ofMinutes(5));

    /** The spec, computed here without the class under test: HMAC-SHA256 of "{t}.{body}", lower-case hex. */
    private static String specSignature(String secret, long t, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static Failure failureOf(WebhookSignature verifier, String header, byte[] body) {
        try {
            verifier.verify(header, body, NOW);
            return null;
        } catch (VerificationException e) {
            return e.failure();
        }
    }

    @Test
    void acceptsASignatureComputedFromTheSpec() throws Exception {
        long t = NOW.getEpochSecond();
        String header = "t=" + t + ",v1=" + specSignature("whsec_current", t, BODY);
        assertThatCode(() -> verifier.verify(header, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void signMatchesTheSpecAndStripeJava() throws Exception {
        long t = NOW.getEpochSecond();
        String ours = WebhookSignature.sign("whsec_current", NOW, BODY);
        assertThat(ours).isEqualTo("t=" + t + ",v1=" + specSignature("whsec_current", t, BODY));
        // stripe-java's own verifier accepts what we sign.
        assertThat(com.stripe.net.Webhook.Signature.verifyHeader(new String(BODY, StandardCharsets.UTF_8), ours,
                "whsec_current", 300, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))).isTrue();
    }

    @Test
    void acceptsAnyV1AndAnyConfiguredSecretDuringRotation() throws Exception {
        long t = NOW.getEpochSecond();
        WebhookSignature rotating = new WebhookSignature(WebhookSignature.parseSecrets(" whsec_old , whsec_new "),
                Duration.ofMinutes(5));
        String signedWithNew = "t=" + t + ",v1=" + "0".repeat(64) + ",v1=" + specSignature("whsec_new", t, BODY)
                + ",v0=ignored";
        assertThat(failureOf(rotating, signedWithNew, BODY)).isNull();
        String signedWithOld = "t=" + t + ",v1=" + specSignature("whsec_old", t, BODY);
        assertThat(failureOf(rotating, signedWithOld, BODY)).isNull();
        assertThat(failureOf(verifier, signedWithOld, BODY)).isEqualTo(Failure.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesForgedTamperedAndWrongSecretSignatures() throws Exception {
        long t = NOW.getEpochSecond();
        String genuine = "t=" + t + ",v1=" + specSignature("whsec_current", t, BODY);
        byte[] tampered = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\" }".getBytes(StandardCharsets.UTF_8);
        assertThat(failureOf(verifier, genuine, tampered)).isEqualTo(Failure.SIGNATURE_MISMATCH);
        assertThat(failureOf(verifier, "t=" + t + ",v1=" + specSignature("whsec_attacker", t, BODY), BODY))
                .isEqualTo(Failure.SIGNATURE_MISMATCH);
        // The only signature in a scheme we do not accept.
        assertThat(failureOf(verifier, "t=" + t + ",v0=" + specSignature("whsec_current", t, BODY), BODY))
                .isEqualTo(Failure.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesAReplayWithANewTimestamp() throws Exception {
        long original = NOW.getEpochSecond() - 3600;
        String signature = specSignature("whsec_current", original, BODY);
        assertThat(failureOf(verifier, "t=" + NOW.getEpochSecond() + ",v1=" + signature, BODY))
                .isEqualTo(Failure.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesTimestampsOutsideTheToleranceEitherSide() throws Exception {
        for (long offset : new long[] {-301, 301, -86_400}) {
            long t = NOW.getEpochSecond() + offset;
            String header = "t=" + t + ",v1=" + specSignature("whsec_current", t, BODY);
            assertThat(failureOf(verifier, header, BODY)).as("offset %d s", offset).isEqualTo(Failure.STALE_TIMESTAMP);
        }
        long edge = NOW.getEpochSecond() - 300;
        assertThat(failureOf(verifier, "t=" + edge + ",v1=" + specSignature("whsec_current", edge, BODY), BODY))
                .isNull();
    }

    @Test
    void refusesMissingAndMalformedHeaders() {
        assertThat(failureOf(verifier, null, BODY)).isEqualTo(Failure.MISSING_SIGNATURE);
        assertThat(failureOf(verifier, " ", BODY)).isEqualTo(Failure.MISSING_SIGNATURE);
        for (String header : List.of("garbage", "v1=abc", "t=,v1=ab", "t=12x,v1=ab", "t=1;v1=2", "=1,v1=2",
                "t=1,v1=2".repeat(200))) {
            assertThat(failureOf(verifier, header, BODY)).as(header).isEqualTo(Failure.MALFORMED_SIGNATURE);
        }
    }

    @Test
    void needsAtLeastOneSecret() {
        assertThatThrownBy(() -> new WebhookSignature(List.of(), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookSignature.parseSecrets(",,")).isEmpty();
    }
}
