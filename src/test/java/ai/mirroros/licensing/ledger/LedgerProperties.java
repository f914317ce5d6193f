package ai.mirroros.licensing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Invariants of the journal over random balanced entries. The posting properties share one embedded H2 database for
 * speed (the dual-database behaviour is covered by {@link LedgerTest}); since the invariants hold for any journal,
 * they must hold after every try on the growing one.
 */
class LedgerProperties {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<CurrencyUnit> CURRENCIES = List.of(CurrencyUnit.USD, CurrencyUnit.EUR, CurrencyUnit.JPY);
    private static final AtomicLong SOURCES = new AtomicLong();

    private static TestDatabases.TestDatabase database;
    private static Ledger ledger;

    @BeforeContainer
    static void openDatabase() {
        database = TestDatabases.fresh(TestDatabases.Kind.H2);
        ledger = new Ledger(database.database(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterContainer
    static void closeDatabase() {
        database.close();
    }

    /** One movement of money between two accounts of the same currency. */
    record Movement(AccountRef from, AccountRef to, long amountMinor) {
    }

    @Provide
    Arbitrary<List<Movement>> movements() {
        Arbitrary<Movement> movement = Arbitraries.of(CURRENCIES).flatMap(currency -> Combinators.combine(
                accounts(currency), accounts(currency), Arbitraries.longs().between(1, 1_000_000_000_000L))
                .as(Movement::new));
        return movement.list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<AccountRef> accounts(CurrencyUnit currency) {
        return Combinators.combine(Arbitraries.of(AccountType.class), Arbitraries.of("vault-a", "vault-b", "ref-1"))
                .as((type, owner) -> type.perOwner() ? AccountRef.of(type, owner, currency)
                        : AccountRef.platform(type, currency));
    }

    private static JournalEntry entryOf(List<Movement> movements) {
        JournalEntry.Builder builder = JournalEntry.builder("prop_" + SOURCES.incrementAndGet(), "adjustment", T0)
                .availableAt(T0.plus(Duration.ofDays(7)));
        for (Movement m : movements) {
            builder.debit(m.to(), Money.ofMinor(m.amountMinor(), m.to().currency()))
                    .credit(m.from(), Money.ofMinor(m.amountMinor(), m.from().currency()));
        }
        return builder.build();
    }

    @Property(tries = 200)
    void changingAnyOneLineUnbalancesTheEntry(@ForAll("movements") List<Movement> movements,
            @ForAll int lineIndex) {
        JournalEntry entry = entryOf(movements);
        List<JournalLine> lines = new ArrayList<>(entry.lines());
        int index = Math.floorMod(lineIndex, lines.size());
        JournalLine line = lines.get(index);
        long changed = line.amount().amountMinor() == 1 ? 2 : line.amount().amountMinor() - 1;
        lines.set(index, new JournalLine(line.account(), Money.ofMinor(changed, line.account().currency())));

        assertThatThrownBy(() -> new JournalEntry(entry.sourceId(), entry.kind(), entry.occurredAt(),
                entry.availableAt(), entry.description(), lines))
                .isInstanceOf(JournalEntryException.class)
                .hasMessageContaining("does not balance");
    }

    @Property(tries = 200)
    void allBalancesOfEachCurrencySumToZeroAfterEveryPosting(@ForAll("movements") List<Movement> movements) {
        JournalEntry entry = entryOf(movements);
        Map<String, Long> before = balancesByKey();

        ledger.post(entry);

        Map<String, Long> expected = new HashMap<>(before);
        for (JournalLine line : entry.lines()) {
            expected.merge(line.account().key(), line.amount().amountMinor(), Long::sum);
        }
        // Accounts that have lines are listed, those back at zero included.
        assertThat(balancesByKey()).isEqualTo(expected);
        assertAllCurrenciesSumToZero();
    }

    @Property(tries = 50)
    void afterEveryHoldingPeriodEndsNothingIsPendingAndTheBooksStillBalance(
            @ForAll("movements") List<Movement> movements) {
        ledger.post(entryOf(movements));

        ledger.releaseMatured(T0.plus(Duration.ofDays(7)));

        assertThat(ledger.balances(Optional.empty(), Optional.empty()))
                .filteredOn(balance -> balance.account().type().isPending())
                .allMatch(balance -> balance.balance().isZero());
        assertAllCurrenciesSumToZero();
    }

    private static Map<String, Long> balancesByKey() {
        Map<String, Long> balances = new HashMap<>();
        for (AccountBalance balance : ledger.balances(Optional.empty(), Optional.empty())) {
            balances.put(balance.account().key(), balance.balance().amountMinor());
        }
        return balances;
    }

    private static void assertAllCurrenciesSumToZero() {
        Map<CurrencyUnit, Money> sums = new HashMap<>();
        for (AccountBalance balance : ledger.balances(Optional.empty(), Optional.empty())) {
            sums.merge(balance.account().currency(), balance.balance(), Money::plus);
        }
        assertThat(sums.values()).allMatch(Money::isZero);
    }
}
