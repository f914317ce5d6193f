package ai.mirroros.licensing.stripe.sandbox;

import java.time.Instant;
import java.util.Optional;

/**
 * An event the sandbox created, exactly as delivered ({@code json}).
 *
 * @param account the connected account for Connect events ({@code account.updated}, payouts), as in Stripe's
 *                {@code account} field
 */
public record SandboxEvent(String id, String type, Instant created, Optional<String> account, String json) {
}
