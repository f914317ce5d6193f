package ai.mirroros.licensing.stripe.sandbox;

import com.stripe.StripeClient;
import java.util.Map;

/** stripe-java clients pointed at a sandbox, and accounts ready to receive transfers. */
final class SandboxFixture {
    static final String API_KEY = "sk_test_sandbox_fixture";

    private SandboxFixture() {
    }

    /** A client that does not retry, so each call is exactly one request. */
    static StripeClient client(StripeSandbox sandbox) {
        return client(sandbox, 0, 10_000);
    }

    static StripeClient client(StripeSandbox sandbox, int maxNetworkRetries, int readTimeoutMs) {
        return new StripeClient.StripeClientBuilder()
                .setApiKey(API_KEY)
                .setApiBase(sandbox.baseUrl())
                .setMaxNetworkRetries(maxNetworkRetries)
                .setReadTimeout(readTimeoutMs)
                .build();
    }

    /** An Express account that has finished onboarding: transfers active, payouts enabled, a bank attached. */
    static String onboardedAccount(StripeSandbox sandbox) {
        String id = sandbox.createExpressAccount("US", Map.of("partner", "fixture"));
        sandbox.completeOnboarding(id);
        return id;
    }

    /** Puts the net of a USD payment of {@code grossMinor} into the platform's available balance. */
    static CreatedPayment fund(StripeSandbox sandbox, long grossMinor) {
        return sandbox.createPayment(SandboxPayment.of(grossMinor, "usd", Map.of("purpose", "funding")));
    }
}
