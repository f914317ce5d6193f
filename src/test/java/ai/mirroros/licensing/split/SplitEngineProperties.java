package ai.mirroros.licensing.split;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.FeeBearer;
import ai.mirroros.licensing.vault.FeeSchedule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SplitEngineProperties {
    private static final List<CurrencyUnit> CURRENCIES =
            List.of(CurrencyUnit.USD, CurrencyUnit.JPY, CurrencyUnit.of("BHD"), CurrencyUnit.EUR);
    private static final long MAX_GROSS_MINOR = 1_000_000_000_000L;

    /** The money side of a payment: gross, and either Stripe's actual fee (0..gross) or none. */
    record Payment(CurrencyUnit currency, long grossMinor, Optional<Long> actualFeeMinor) {
    }

    /** Every vault term and bonus fact except the partner share, which the monotonicity property varies. */
    record Terms(FeeBearer feeBearer, int scheduleBasisPoints, long scheduleFixedMinor, List<Integer> referrerRates,
            int maxReferralDepth, int chainLength, Optional<int[]> volumeBonus, Optional<int[]> loyaltyBonus,
            int bonusCeilingBasisPoints, long windowRevenueMinor, CurrencyUnit windowCurrency, int monthsLicensed) {
    }

    /**
     * What the caller knows about the referrer at each chain position (index 0 = referrer-1.sig): nothing, or
     * whether its programme is on and its volume bonus points, up to 100 % to reach the caps.
     */
    record Referrers(List<Optional<ReferrerSpec>> byPosition) {
        Map<String, ReferrerState> states(CurrencyUnit currency) {
            Map<String, ReferrerState> states = new HashMap<>();
            for (int i = 0; i < byPosition.size(); i++) {
                int position = i;
                byPosition.get(i).ifPresent(spec -> states.put("referrer-" + (position + 1) + ".sig",
                        new ReferrerState(spec.programmeOn(), Percentage.ofBasisPoints(spec.bonusBasisPoints()),
                                Money.ofMinor(spec.referredRevenueMinor(), currency), 30)));
            }
            return states;
        }
    }

    record ReferrerSpec(boolean programmeOn, int bonusBasisPoints, long referredRevenueMinor) {
    }

    record Scenario(Payment payment, Terms terms, Referrers referrers) {
        SplitRequest request(int partnerShareBasisPoints) {
            return withoutReferrerStates(partnerShareBasisPoints)
                    .withReferrers(referrers.states(payment.currency()));
        }

        /** The same payment and terms, every referrer taking part with no volume bonus. */
        SplitRequest withoutReferrerStates(int partnerShareBasisPoints) {
            CurrencyUnit currency = payment.currency();
            VaultFixture fixture = VaultFixture.vault(terms.feeBearer(), partnerShareBasisPoints)
                    .currency(currency)
                    .feeSchedule(new FeeSchedule(Percentage.ofBasisPoints(terms.scheduleBasisPoints()),
                            Money.ofMinor(terms.scheduleFixedMinor(), currency)))
                    .referrerRates(terms.referrerRates().stream().mapToInt(Integer::intValue).toArray())
                    .maxReferralDepth(terms.maxReferralDepth())
                    .bonusCeiling(terms.bonusCeilingBasisPoints());
            terms.volumeBonus().ifPresent(v -> fixture.volumeBonus(Money.ofMinor(v[0], currency), v[1]));
            terms.loyaltyBonus().ifPresent(l -> fixture.loyaltyBonus(l[0], l[1]));
            String[] chain = new String[terms.chainLength()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = "referrer-" + (i + 1) + ".sig";
            }
            fixture.referredBy(chain);
            BonusState state = new BonusState(Money.ofMinor(terms.windowRevenueMinor(), terms.windowCurrency()),
                    terms.monthsLicensed());
            SplitRequest request = SplitRequest.of(Money.ofMinor(payment.grossMinor(), currency), fixture.build(),
                    state);
            return payment.actualFeeMinor().isPresent()
                    ? request.withActualFee(Money.ofMinor(payment.actualFeeMinor().get(), currency))
                    : request;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(payments(), terms(), referrers()).as(Scenario::new);
    }

    private Arbitrary<Referrers> referrers() {
        Arbitrary<Integer> bonus = Arbitraries.oneOf(Arbitraries.integers().between(0, 500),
                Arbitraries.integers().between(0, 10_000));
        Arbitrary<ReferrerSpec> spec = Combinators.combine(Arbitraries.of(true, true, true, false), bonus,
                Arbitraries.longs().between(0, 20_000_000L)).as(ReferrerSpec::new);
        return spec.optional(0.7).list().ofSize(4).map(Referrers::new);
    }

    private Arbitrary<Payment> payments() {
        Arbitrary<CurrencyUnit> currency = Arbitraries.of(CURRENCIES);
        Arbitrary<Long> gross = Arbitraries.longs().between(0, MAX_GROSS_MINOR);
        return Combinators.combine(currency, gross).flatAs((c, g) -> {
            Arbitrary<Optional<Long>> fee = Arbitraries.longs().between(0, g).optional(0.7);
            return fee.map(f -> new Payment(c, g, f));
        });
    }

    private Arbitrary<Terms> terms() {
        Arbitrary<FeeBearer> bearer = Arbitraries.of(FeeBearer.class);
        Arbitrary<int[]> schedule = Combinators.combine(
                Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 1_000))
                .as((bp, fixed) -> new int[] {bp, fixed});
        Arbitrary<List<Integer>> referrerRates = Arbitraries.integers().between(0, 2_000).list().ofMaxSize(4);
        Arbitrary<int[]> depthAndChain = Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4))
                .as((depth, chain) -> new int[] {depth, chain});
        Arbitrary<Optional<int[]>> volume = Combinators.combine(
                Arbitraries.integers().between(0, 2_000_000_000), Arbitraries.integers().between(0, 1_000))
                .as((threshold, bp) -> new int[] {threshold, bp}).optional(0.6);
        Arbitrary<Optional<int[]>> loyalty = Combinators.combine(
                Arbitraries.integers().between(0, 36), Arbitraries.integers().between(0, 1_000))
                .as((months, bp) -> new int[] {months, bp}).optional(0.6);
        Arbitrary<Integer> ceiling = Arbitraries.integers().between(0, 2_000);
        Arbitrary<Object[]> bonusFacts = Combinators.combine(
                Arbitraries.longs().between(0, 4_000_000_000L), Arbitraries.of(CURRENCIES),
                Arbitraries.integers().between(0, 48))
                .as((revenue, currency, months) -> new Object[] {revenue, currency, months});
        return Combinators.combine(bearer, schedule, referrerRates, depthAndChain, volume, loyalty, ceiling,
                bonusFacts).as((b, s, rates, dc, v, l, c, facts) -> new Terms(b, s[0], s[1], rates, dc[0], dc[1], v,
                l, c, (Long) facts[0], (CurrencyUnit) facts[1], (Integer) facts[2]));
    }

    @Property
    void linesSumExactlyToTheGross(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        SplitResult result = SplitEngine.split(scenario.request(partnerShare));

        long sum = 0;
        for (SplitLine line : result.lines()) {
            sum += line.amount().amountMinor();
        }
        assertThat(sum).isEqualTo(result.gross().amountMinor());
        assertThat(result.fee().plus(result.net())).isEqualTo(result.gross());
    }

    @Property
    void noLineIsNegative(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        SplitResult result = SplitEngine.split(scenario.request(partnerShare));

        assertThat(result.lines()).allSatisfy(line -> assertThat(line.amount().isNegative()).isFalse());
    }

    @Property
    void partnerLineNeverShrinksAsThePartnerShareGrows(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int oneShare,
            @ForAll @IntRange(min = 0, max = 10_000) int otherShare) {
        int lower = Math.min(oneShare, otherShare);
        int higher = Math.max(oneShare, otherShare);

        Money atLower = SplitEngine.split(scenario.request(lower)).partnerPayout();
        Money atHigher = SplitEngine.split(scenario.request(higher)).partnerPayout();

        assertThat(atHigher.amountMinor()).isGreaterThanOrEqualTo(atLower.amountMinor());
    }

    @Property
    void referrersNeverChangeThePartnerLine(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        SplitRequest withReferrers = scenario.request(partnerShare);
        SplitRequest withoutReferrers = new SplitRequest(withReferrers.gross(), withReferrers.actualFee(),
                withReferrers.vault(), List.of(), withReferrers.bonusState(), withReferrers.referrers());

        assertThat(SplitEngine.split(withReferrers).partnerPayout())
                .isEqualTo(SplitEngine.split(withoutReferrers).partnerPayout());
    }

    @Property
    void linesComeInTheSpecifiedOrder(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        List<SplitLine> lines = SplitEngine.split(scenario.request(partnerShare)).lines();

        assertThat(lines.get(0).party()).isInstanceOf(Party.ProcessingFee.class);
        assertThat(lines.get(1).party()).isInstanceOf(Party.Partner.class);
        for (int i = 2; i < lines.size() - 1; i++) {
            assertThat(lines.get(i).party()).isEqualTo(new Party.Referrer(i - 1, "referrer-" + (i - 1) + ".sig"));
        }
        assertThat(lines.get(lines.size() - 1).party()).isInstanceOf(Party.Master.class);
        assertThat(lines.size() - 3).isLessThanOrEqualTo(Math.min(scenario.terms().chainLength(),
                Math.min(scenario.terms().maxReferralDepth(), scenario.terms().referrerRates().size())));
    }

    @Property
    void referrerBonusesNeverChangeThePartnerLineOrTheFee(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        SplitResult withStates = SplitEngine.split(scenario.request(partnerShare));
        SplitResult without = SplitEngine.split(scenario.withoutReferrerStates(partnerShare));

        assertThat(withStates.partnerPayout()).isEqualTo(without.partnerPayout());
        assertThat(withStates.fee()).isEqualTo(without.fee());
    }

    @Property
    void referrerBonusesArePaidOutOfTheMasterShareOnly(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        SplitResult withStates = SplitEngine.split(scenario.request(partnerShare));
        SplitResult without = SplitEngine.split(scenario.withoutReferrerStates(partnerShare));

        assertThat(withStates.masterPayout().plus(withStates.referrerPayout()))
                .isEqualTo(without.masterPayout().plus(without.referrerPayout()));
        for (SplitLine line : withStates.referrerLines()) {
            Money uncapped = line.provenance().base().percentOf(line.provenance().rate().basisPoints());
            assertThat(line.amount().amountMinor()).isBetween(0L, uncapped.amountMinor());
        }
    }

    @Property
    void aReferrerWithTheProgrammeOffIsListedButNotPaid(@ForAll("scenarios") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 10_000) int partnerShare) {
        SplitResult result = SplitEngine.split(scenario.request(partnerShare));

        for (SplitLine line : result.referrerLines()) {
            int position = ((Party.Referrer) line.party()).level() - 1;
            Optional<ReferrerSpec> spec = scenario.referrers().byPosition().get(position);
            if (spec.isPresent() && !spec.get().programmeOn()) {
                assertThat(line.amount().isZero()).isTrue();
                assertThat(line.provenance().note()).isEqualTo(ReferrerState.PROGRAMME_OFF_NOTE);
            }
        }
    }
}
