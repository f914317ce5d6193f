package ai.mirroros.licensing.stripe.sandbox;

import java.util.Locale;
import java.util.Map;

/** A Stripe balance by lowercase currency, in minor units; a currency never touched is 0. */
public record SandboxBalance(Map<String, Long> availableMinor, Map<String, Long> pendingMinor) {
    public SandboxBalance {
        availableMinor = Map.copyOf(availableMinor);
        pendingMinor = Map.copyOf(pendingMinor);
    }

    public long available(String currency) {
        return availableMinor.getOrDefault(currency.toLowerCase(Locale.ROOT), 0L);
    }

    public long pending(String currency) {
        return pendingMinor.getOrDefault(currency.toLowerCase(Locale.ROOT), 0L);
    }
}
