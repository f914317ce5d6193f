package ai.mirroros.licensing.stripe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A seeded sandbox repeats its ids: what lets a scripted history (the demo dataset) be the same in every run. */
class SandboxSeededIdsTest {
    /** The ids a short script makes: payments, a refund, and {@code accounts} accounts made in between. */
    private static List<String> script(StripeSandbox sandbox, int accounts) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int a = 0; a < accounts; a++) {
                sandbox.createExpressAccount("US", Map.of());
            }
            CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000 + i, "usd", Map.of("n", "" + i)));
            ids.add(paid.paymentIntentId());
            ids.add(paid.chargeId());
            ids.add(paid.balanceTransaction().id());
        }
        ids.add(sandbox.refund(ids.get(1), OptionalLong.of(500)));
        return ids;
    }

    @Test
    void theSameSeedGivesTheSameIdsEvenWhenOtherObjectsAreMadeInBetween() {
        try (StripeSandbox first = StripeSandbox.startSeeded(SandboxConfig.defaults(), 7);
             StripeSandbox second = StripeSandbox.startSeeded(SandboxConfig.defaults(), 7)) {
            List<String> ids = script(first, 0);

            assertThat(script(second, 2)).as("each id prefix has its own sequence").isEqualTo(ids);
            assertThat(ids).allMatch(id -> id.matches("(pi|ch|txn|re)_[0-9A-Za-z]{24}")).doesNotHaveDuplicates();
            assertThat(first.events()).extracting(SandboxEvent::id).doesNotHaveDuplicates()
                    .isEqualTo(second.events().stream().map(SandboxEvent::id)
                            .limit(first.events().size()).toList());
        }
    }

    @Test
    void anotherSeedOrNoSeedGivesOtherIds() {
        try (StripeSandbox seeded = StripeSandbox.startSeeded(SandboxConfig.defaults(), 7);
             StripeSandbox otherSeed = StripeSandbox.startSeeded(SandboxConfig.defaults(), 8);
             StripeSandbox unseeded = StripeSandbox.start(SandboxConfig.defaults())) {
            List<String> ids = script(seeded, 0);

            assertThat(script(otherSeed, 0)).doesNotContainAnyElementsOf(ids);
            assertThat(script(unseeded, 0)).doesNotContainAnyElementsOf(ids);
        }
    }
}
