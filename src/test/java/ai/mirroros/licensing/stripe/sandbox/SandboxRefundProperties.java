package ai.mirroros.licensing.stripe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Refunds give back what the charge brought in, to the minor unit, however the refund is cut into parts and
 * whatever the currency — the sandbox converts cumulative refunds, so rounding never leaks a cent.
 */
class SandboxRefundProperties {
    private static StripeSandbox sandbox;

    @BeforeContainer
    static void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults());
    }

    @AfterContainer
    static void stop() {
        sandbox.close();
    }

    /** A charge amount and its cut into 1–6 positive parts, in a random currency. */
    record Cut(long amountMinor, String currency, List<Long> parts) {
    }

    @Provide
    Arbitrary<Cut> cuts() {
        // 100 minor units is the smallest amount that stays above Stripe's 50-cent minimum at every default rate.
        return Arbitraries.longs().between(100, 5_000_000).flatMap(amount -> Arbitraries.integers().between(1, 6)
                .flatMap(count -> Arbitraries.longs().between(1, amount - 1).list().ofSize(count - 1)
                        .uniqueElements().map(cuts -> partsOf(amount, cuts))
                        .flatMap(parts -> Arbitraries.of("usd", "eur", "gbp", "cad", "aud")
                                .map(currency -> new Cut(amount, currency, parts)))));
    }

    private static List<Long> partsOf(long amount, List<Long> cuts) {
        List<Long> sorted = new ArrayList<>(cuts);
        sorted.sort(null);
        List<Long> parts = new ArrayList<>();
        long previous = 0;
        for (long cut : sorted) {
            parts.add(cut - previous);
            previous = cut;
        }
        parts.add(amount - previous);
        return parts;
    }

    @Property(tries = 200)
    void refundingAChargeInAnyPartsLeavesThePlatformExactlyTheFeeShort(@ForAll("cuts") Cut cut) {
        long before = sandbox.balance().available("usd");
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(cut.amountMinor(), cut.currency(), Map.of()));

        for (long part : cut.parts()) {
            sandbox.refund(paid.chargeId(), OptionalLong.of(part));
        }

        assertThat(sandbox.balance().available("usd") - before).isEqualTo(-paid.balanceTransaction().feeMinor());
    }

    @Property(tries = 200)
    void aChargesNetIsItsSettledAmountLessTwoPointNinePercentAndThirtyCents(@ForAll("cuts") Cut cut) {
        CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(cut.amountMinor(), cut.currency(), Map.of()));

        long settled = paid.balanceTransaction().amountMinor();
        long fee = paid.balanceTransaction().feeMinor();
        // fee − 30 is 2.9 % of the settled amount, rounded to the nearest minor unit.
        assertThat(Math.abs((fee - 30) * 1_000 - settled * 29)).isLessThanOrEqualTo(500);
        assertThat(paid.balanceTransaction().exchangeRate().isPresent()).isEqualTo(!cut.currency().equals("usd"));
    }
}
