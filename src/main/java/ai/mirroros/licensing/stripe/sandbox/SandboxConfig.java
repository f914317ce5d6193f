package ai.mirroros.licensing.stripe.sandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link StripeSandbox} runs. Start from {@link #defaults()} and change what the test needs:
 * {@code SandboxConfig.defaults().withWebhook(url, secret).withSettlementCurrency("eur")}.
 *
 * @param apiKey             the only secret key accepted; empty accepts any {@code sk_test_…}/{@code sk_live_…}
 * @param webhookUrl         where events are POSTed, together with {@code webhookSecret}; empty sends none
 * @param settlementCurrency the platform's Stripe balance currency, lowercase (Stripe's default for a US account)
 * @param usdPerUnit         exchange rates as US dollars per unit of each currency; any pair is derived from them
 * @param webhookEvents      event types the endpoint is subscribed to, like a Stripe endpoint's
 *                           {@code enabled_events}; empty means all
 * @param webhookAttemptsMax attempts per event before giving up (Stripe keeps trying for days; a test cannot)
 * @param webhookBackoff     the wait before the second attempt; it doubles per attempt up to {@link #BACKOFF_MAX}
 * @param idempotencyKeysMax keys remembered before the least recently used is forgotten
 */
public record SandboxConfig(String host, int port, Optional<String> apiKey, Optional<URI> webhookUrl,
                            Optional<String> webhookSecret, String settlementCurrency,
                            Map<String, BigDecimal> usdPerUnit, Clock clock, Set<String> webhookEvents,
                            int webhookAttemptsMax, Duration webhookBackoff, int idempotencyKeysMax) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** stripe-mock's port; nothing else of ours listens there. */
    public static final int DEFAULT_PORT = 12111;
    public static final int WEBHOOK_ATTEMPTS_MAX = 20;
    public static final Duration BACKOFF_MAX = Duration.ofMinutes(5);
    /**
     * Stripe forgets keys only after 24 hours; the sandbox also by count. A 100,000-payout benchmark plus its
     * retries and stripe-java's keys on every other POST must not push out a key a late retry still needs (that
     * retry would pay twice). A saved transfer answer is ~1 KB, so this is ~250 MB at most.
     */
    public static final int IDEMPOTENCY_KEYS_DEFAULT = 250_000;
    /** Rough mid-2020s rates; tests that care about exact amounts set their own. */
    public static final Map<String, BigDecimal> DEFAULT_USD_PER_UNIT = Map.of(
            "usd", BigDecimal.ONE,
            "eur", new BigDecimal("1.08"),
            "gbp", new BigDecimal("1.27"),
            "cad", new BigDecimal("0.73"),
            "aud", new BigDecimal("0.66"));

    public SandboxConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        Objects.requireNonNull(apiKey, "apiKey");
        apiKey.ifPresent(key -> {
            if (!isSecretKey(key)) {
                throw new IllegalArgumentException("apiKey must be a secret key (sk_test_… or sk_live_…)");
            }
        });
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        if (webhookUrl.isPresent() != webhookSecret.isPresent()) {
            throw new IllegalArgumentException("webhookUrl and webhookSecret go together: events are always signed");
        }
        settlementCurrency = settlementCurrency.toLowerCase(Locale.ROOT);
        usdPerUnit = lowercaseKeys(usdPerUnit);
        if (!usdPerUnit.containsKey(settlementCurrency)) {
            throw new IllegalArgumentException("no exchange rate for the settlement currency " + settlementCurrency);
        }
        usdPerUnit.forEach((currency, rate) -> {
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("exchange rate for " + currency + " must be positive: " + rate);
            }
        });
        Objects.requireNonNull(clock, "clock");
        webhookEvents = Set.copyOf(webhookEvents);
        if (webhookAttemptsMax < 1 || webhookAttemptsMax > WEBHOOK_ATTEMPTS_MAX) {
            throw new IllegalArgumentException("webhookAttemptsMax must be 1.." + WEBHOOK_ATTEMPTS_MAX);
        }
        if (webhookBackoff.isNegative() || webhookBackoff.compareTo(BACKOFF_MAX) > 0) {
            throw new IllegalArgumentException("webhookBackoff must be 0.." + BACKOFF_MAX);
        }
        if (idempotencyKeysMax < 1) {
            throw new IllegalArgumentException("idempotencyKeysMax must be positive");
        }
    }

    /** Loopback, a free port, any test key, no webhooks, USD settlement, the default rates, 5 webhook attempts. */
    public static SandboxConfig defaults() {
        return new SandboxConfig(DEFAULT_HOST, 0, Optional.empty(), Optional.empty(), Optional.empty(), "usd",
                DEFAULT_USD_PER_UNIT, Clock.systemUTC(), Set.of(), 5, Duration.ofSeconds(1),
                IDEMPOTENCY_KEYS_DEFAULT);
    }

    static boolean isSecretKey(String key) {
        return (key.startsWith("sk_test_") || key.startsWith("sk_live_")) && key.length() > "sk_test_".length();
    }

    public SandboxConfig withHost(String newHost) {
        return new SandboxConfig(newHost, port, apiKey, webhookUrl, webhookSecret, settlementCurrency, usdPerUnit,
                clock, webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withPort(int newPort) {
        return new SandboxConfig(host, newPort, apiKey, webhookUrl, webhookSecret, settlementCurrency, usdPerUnit,
                clock, webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withApiKey(String key) {
        return new SandboxConfig(host, port, Optional.of(key), webhookUrl, webhookSecret, settlementCurrency,
                usdPerUnit, clock, webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withWebhook(URI url, String secret) {
        return new SandboxConfig(host, port, apiKey, Optional.of(url), Optional.of(secret), settlementCurrency,
                usdPerUnit, clock, webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withSettlementCurrency(String currency) {
        return new SandboxConfig(host, port, apiKey, webhookUrl, webhookSecret, currency, usdPerUnit, clock,
                webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    /** Sets (or adds) the rate of one currency: {@code withUsdPerUnit("eur", new BigDecimal("1.0842"))}. */
    public SandboxConfig withUsdPerUnit(String currency, BigDecimal usd) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>(usdPerUnit);
        rates.put(currency.toLowerCase(Locale.ROOT), usd);
        return new SandboxConfig(host, port, apiKey, webhookUrl, webhookSecret, settlementCurrency, rates, clock,
                webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withClock(Clock newClock) {
        return new SandboxConfig(host, port, apiKey, webhookUrl, webhookSecret, settlementCurrency, usdPerUnit,
                newClock, webhookEvents, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withWebhookEvents(Set<String> types) {
        return new SandboxConfig(host, port, apiKey, webhookUrl, webhookSecret, settlementCurrency, usdPerUnit,
                clock, types, webhookAttemptsMax, webhookBackoff, idempotencyKeysMax);
    }

    public SandboxConfig withWebhookRetries(int attemptsMax, Duration backoff) {
        return new SandboxConfig(host, port, apiKey, webhookUrl, webhookSecret, settlementCurrency, usdPerUnit,
                clock, webhookEvents, attemptsMax, backoff, idempotencyKeysMax);
    }

    public SandboxConfig withIdempotencyKeysMax(int keysMax) {
        return new SandboxConfig(host, port, apiKey, webhookUrl, webhookSecret, settlementCurrency, usdPerUnit,
                clock, webhookEvents, webhookAttemptsMax, webhookBackoff, keysMax);
    }

    private static Map<String, BigDecimal> lowercaseKeys(Map<String, BigDecimal> rates) {
        Map<String, BigDecimal> copy = new LinkedHashMap<>();
        rates.forEach((currency, rate) -> copy.put(currency.toLowerCase(Locale.ROOT),
                Objects.requireNonNull(rate, currency)));
        return Map.copyOf(copy);
    }
}
