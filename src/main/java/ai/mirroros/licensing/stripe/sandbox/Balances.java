package ai.mirroros.licensing.stripe.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stripe balances (available and pending per currency) of the platform and of each connected account. Not
 * thread-safe: {@link SandboxState} guards it with its lock.
 */
final class Balances {
    /** The account key for the platform's own balance. */
    static final String PLATFORM = "platform";

    private static final class Amounts {
        long available;
        long pending;
    }

    private final Map<String, Map<String, Amounts>> byAccount = new HashMap<>();

    long available(String account, String currency) {
        return amounts(account, currency).available;
    }

    void addAvailable(String account, String currency, long deltaMinor) {
        Amounts amounts = amounts(account, currency);
        amounts.available = Math.addExact(amounts.available, deltaMinor);
    }

    void addPending(String account, String currency, long deltaMinor) {
        Amounts amounts = amounts(account, currency);
        amounts.pending = Math.addExact(amounts.pending, deltaMinor);
    }

    /** Moves everything pending on {@code account} to available (funds settling). */
    void releaseAll(String account) {
        for (Amounts amounts : byAccount.getOrDefault(account, Map.of()).values()) {
            amounts.available = Math.addExact(amounts.available, amounts.pending);
            amounts.pending = 0;
        }
    }

    SandboxBalance snapshot(String account) {
        Map<String, Long> available = new TreeMap<>();
        Map<String, Long> pending = new TreeMap<>();
        byAccount.getOrDefault(account, Map.of()).forEach((currency, amounts) -> {
            available.put(currency, amounts.available);
            pending.put(currency, amounts.pending);
        });
        return new SandboxBalance(available, pending);
    }

    private Amounts amounts(String account, String currency) {
        return byAccount.computeIfAbsent(account, a -> new HashMap<>()).computeIfAbsent(currency, c -> new Amounts());
    }
}
