package ai.mirroros.licensing.stripe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stripe's idempotency rules, one by one. */
class SandboxIdempotencyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Idempotency.Fingerprint TRANSFER = new Idempotency.Fingerprint("POST", "/v1/transfers",
            Map.of("amount", "100"));

    @Test
    void theFirstRequestProceedsAndLaterOnesReplayItsAnswer() {
        Idempotency keys = new Idempotency(10);

        assertThat(keys.begin("k", TRANSFER, NOW)).isInstanceOf(Idempotency.Proceed.class);
        assertThat(keys.begin("k", TRANSFER, NOW)).isInstanceOf(Idempotency.InFlight.class);
        keys.complete("k", new Idempotency.Saved(200, "{\"id\":\"tr_1\"}"));

        assertThat(keys.begin("k", TRANSFER, NOW.plusSeconds(60)))
                .isEqualTo(new Idempotency.Replay(new Idempotency.Saved(200, "{\"id\":\"tr_1\"}")));
    }

    @Test
    void otherParametersOrAnotherEndpointWithTheSameKeyAreAMismatch() {
        Idempotency keys = new Idempotency(10);
        keys.begin("k", TRANSFER, NOW);
        keys.complete("k", new Idempotency.Saved(200, "{}"));

        assertThat(keys.begin("k", new Idempotency.Fingerprint("POST", "/v1/transfers", Map.of("amount", "101")),
                NOW)).isInstanceOf(Idempotency.Mismatch.class);
        assertThat(keys.begin("k", new Idempotency.Fingerprint("POST", "/v1/payouts", Map.of("amount", "100")),
                NOW)).isInstanceOf(Idempotency.Mismatch.class);
    }

    @Test
    void aReleasedKeyIsFreeAgainAsIfNeverUsed() {
        Idempotency keys = new Idempotency(10);
        keys.begin("k", TRANSFER, NOW);

        keys.release("k");

        assertThat(keys.begin("k", TRANSFER, NOW)).isInstanceOf(Idempotency.Proceed.class);
    }

    @Test
    void keysExpireAfter24HoursAndTheLeastRecentlyUsedGoFirst() {
        Idempotency keys = new Idempotency(2);
        keys.begin("old", TRANSFER, NOW);
        keys.complete("old", new Idempotency.Saved(200, "{}"));

        assertThat(keys.begin("old", TRANSFER, NOW.plus(Idempotency.KEY_TTL).plus(Duration.ofSeconds(1))))
                .isInstanceOf(Idempotency.Proceed.class);

        keys.begin("a", TRANSFER, NOW);
        keys.begin("b", TRANSFER, NOW);
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.begin("old", TRANSFER, NOW)).isInstanceOf(Idempotency.Proceed.class);
    }
}
