package ai.mirroros.licensing.vault;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.ComplianceStatus.TaxDocumentation;
import ai.mirroros.licensing.vault.PayoutSchedule.PayoutFrequency;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Export then import gives back exactly what was exported, for any vault the records can hold, valid or not: the
 * file format loses nothing. Valid or not matters because an export must never quietly repair or damage a vault.
 */
class RegistryJsonRoundTripProperties {

    @Property(tries = 300)
    void readOfWriteGivesEqualVaults(@ForAll("registries") List<LicensedVault> vaults) {
        Map<String, LicensedVault> byId = vaults.stream()
                .collect(Collectors.toMap(LicensedVault::vaultId, Function.identity()));

        assertThat(RegistryJson.read(RegistryJson.write(vaults))).isEqualTo(byId);
    }

    @Property(tries = 300)
    void writeIsStable(@ForAll("registries") List<LicensedVault> vaults) {
        String once = RegistryJson.write(vaults);

        assertThat(RegistryJson.write(RegistryJson.read(once).values())).isEqualTo(once);
    }

    /** Whatever is exported, importing it either gives the same vaults or a report; never a crash or a change. */
    @Property(tries = 300)
    void importOfAnyExportIsAllOrNothing(@ForAll("registries") List<LicensedVault> vaults) {
        String json = RegistryJson.write(vaults);
        List<RegistryProblem> problems = RegistryValidator.validate(vaults);
        try {
            assertThat(VaultRegistryFile.parse(json).values()).containsExactlyInAnyOrderElementsOf(vaults);
            assertThat(problems).isEmpty();
        } catch (RegistryValidationException e) {
            assertThat(e.problems()).containsExactlyInAnyOrderElementsOf(problems);
        }
    }

    @Provide
    Arbitrary<List<LicensedVault>> registries() {
        return vault().list().ofMaxSize(6).uniqueElements(LicensedVault::vaultId);
    }

    private Arbitrary<LicensedVault> vault() {
        Arbitrary<CurrencyUnit> currencies = Arbitraries.of(CurrencyUnit.USD, CurrencyUnit.EUR, CurrencyUnit.JPY,
                CurrencyUnit.of("BHD"));
        return currencies.flatMap(currency -> Combinators.combine(
                vaultIds(), Arbitraries.of(LicenseType.class), dates(), revenueSharing(currency), mirrorOrigin(),
                monetization(), pricing(currency), Combinators.combine(payoutSchedule(currency), compliance())
                        .as(List::<Object>of)
        ).as((id, type, since, sharing, origin, monetization, pricing, rest) -> new LicensedVault(id, type, since,
                currency, sharing, origin, monetization, pricing, (PayoutSchedule) rest.get(0),
                (ComplianceStatus) rest.get(1))));
    }

    /** Mostly plausible ids, sometimes ones the validator refuses: the format must carry them all the same. */
    private Arbitrary<String> vaultIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(1).ofMaxLength(20)
                        .map(s -> s + ".sig"),
                Arbitraries.strings().withCharRange(' ', '~').withChars("é€\n\"\\").ofMaxLength(12));
    }

    private Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 365 * 100).map(days -> LocalDate.of(2000, 1, 1).plusDays(days));
    }

    private Arbitrary<Percentage> percentages() {
        // Mostly near the real range, sometimes anywhere in int: sums of rates must not overflow into a crash.
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.integers().between(-20_000, 200_000)),
                        Tuple.of(1, Arbitraries.integers()))
                .map(Percentage::ofBasisPoints)
                .edgeCases(c -> c.add(Percentage.ZERO, Percentage.HUNDRED, Percentage.ofBasisPoints(290)));
    }

    /** Usually in the vault's currency; now and then in another, which the writer must keep as "1.00 EUR". */
    private Arbitrary<Money> amounts(CurrencyUnit currency) {
        Arbitrary<CurrencyUnit> unit = Arbitraries.frequency(Tuple.of(9, currency), Tuple.of(1, CurrencyUnit.GBP));
        return Combinators.combine(Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L), unit)
                .as(Money::ofMinor);
    }

    private Arbitrary<RevenueSharing> revenueSharing(CurrencyUnit currency) {
        Arbitrary<VolumeBonus> volume = Combinators.combine(amounts(currency), percentages(),
                Arbitraries.integers()).as(VolumeBonus::new);
        Arbitrary<LoyaltyBonus> loyalty = Combinators.combine(Arbitraries.integers(), percentages())
                .as(LoyaltyBonus::new);
        Arbitrary<FeeSchedule> fee = Combinators.combine(percentages(), amounts(currency)).as(FeeSchedule::new);
        return Combinators.combine(percentages(), percentages(), percentages().list().ofMaxSize(4),
                Arbitraries.integers(), volume.optional(), loyalty.optional(),
                percentages(), Combinators.combine(Arbitraries.of(FeeBearer.class), fee).as(List::<Object>of)
        ).as((partner, master, levels, depth, v, l, ceiling, rest) -> new RevenueSharing(partner, master, levels,
                depth, v, l, ceiling, (FeeBearer) rest.get(0), (FeeSchedule) rest.get(1)));
    }

    private Arbitrary<MirrorOrigin> mirrorOrigin() {
        return Combinators.combine(vaultIds().optional(), Arbitraries.integers(), vaultIds().list().ofMaxSize(4))
                .as(MirrorOrigin::new);
    }

    private Arbitrary<MonetizationConfig> monetization() {
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        return Combinators.combine(b, b, b, b, b).as(MonetizationConfig::new);
    }

    private Arbitrary<PricingConfiguration> pricing(CurrencyUnit currency) {
        return Combinators.combine(amounts(currency), amounts(currency), amounts(currency), percentages())
                .as(PricingConfiguration::new);
    }

    private Arbitrary<PayoutSchedule> payoutSchedule(CurrencyUnit currency) {
        return Combinators.combine(Arbitraries.of(PayoutFrequency.class), Arbitraries.of(DayOfWeek.class).optional(),
                Arbitraries.integers().optional(), amounts(currency), Arbitraries.integers(),
                Arbitraries.of(true, false)).as(PayoutSchedule::new);
    }

    private Arbitrary<ComplianceStatus> compliance() {
        return Combinators.combine(Arbitraries.of(KycStatus.class), Arbitraries.of(TaxDocumentation.class),
                Arbitraries.of(true, false)).as(ComplianceStatus::new);
    }
}
