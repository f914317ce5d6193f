package ai.mirroros.licensing.reports;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The revenue row's identities follow from the double entry alone: for any balanced entries whose lines touch only
 * the accounts their category posts to (a payment: clearing, fees and the three parties; a refund: clearing and the
 * parties; a dispute: disputes held, clearing and the parties; a payout: transfers, clearing and the payables), any
 * amounts and signs, {@link RevenueFigures#ties()} holds.
 */
class RevenueFiguresProperties {
    private static final Map<EntryCategory, List<Side>> SIDES = Map.of(
            EntryCategory.PAYMENT, List.of(Side.CLEARING, Side.FEES, Side.PARTNER, Side.REFERRER, Side.PLATFORM),
            EntryCategory.REFUND, List.of(Side.CLEARING, Side.PARTNER, Side.REFERRER, Side.PLATFORM),
            EntryCategory.DISPUTE_HOLD, List.of(Side.DISPUTES, Side.PARTNER, Side.REFERRER, Side.PLATFORM),
            EntryCategory.DISPUTE_WON, List.of(Side.DISPUTES, Side.PARTNER, Side.REFERRER, Side.PLATFORM),
            EntryCategory.DISPUTE_LOST, List.of(Side.DISPUTES, Side.CLEARING, Side.PARTNER, Side.PLATFORM),
            EntryCategory.PAYOUT_PAID, List.of(Side.TRANSFERS, Side.CLEARING, Side.PARTNER, Side.REFERRER),
            EntryCategory.PAYOUT_REVERSED, List.of(Side.TRANSFERS, Side.CLEARING, Side.PARTNER, Side.REFERRER));

    @Provide
    Arbitrary<LedgerPeriod.EntryFigures> entries() {
        Arbitrary<EntryCategory> category = Arbitraries.of(EntryCategory.class);
        Arbitrary<List<Long>> amounts = Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L).list()
                .ofSize(4);
        return Combinators.combine(category, amounts).as(RevenueFiguresProperties::balanced);
    }

    /** An entry of the category with the given amounts on all but its first side, which balances them. */
    private static LedgerPeriod.EntryFigures balanced(EntryCategory category, List<Long> amounts) {
        List<Side> sides = SIDES.get(category);
        long[] sums = new long[Side.values().length];
        long total = 0;
        for (int i = 1; i < sides.size(); i++) {
            sums[sides.get(i).ordinal()] = amounts.get(i - 1);
            total += amounts.get(i - 1);
        }
        sums[sides.getFirst().ordinal()] = -total;
        return new LedgerPeriod.EntryFigures(1, "s", category, Optional.of("v"), CurrencyUnit.USD, Instant.EPOCH, sums,
                Map.of());
    }

    @Property
    void anyBalancedEntriesGiveARowThatTies(@ForAll("entryLists") List<LedgerPeriod.EntryFigures> entries) {
        RevenueFigures.Accumulator row = new RevenueFigures.Accumulator("v", CurrencyUnit.USD);
        entries.forEach(row::add);
        RevenueFigures figures = row.figures();
        assertThat(figures.ties()).as(figures.toString()).isTrue();
        assertThat(figures.payments() + figures.refunds() + figures.disputesOpened() + figures.payoutsPaid())
                .isLessThanOrEqualTo(entries.size());
    }

    @Provide
    Arbitrary<List<LedgerPeriod.EntryFigures>> entryLists() {
        return entries().list().ofMaxSize(30).map(ArrayList::new);
    }
}
