package ai.mirroros.licensing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    @Test
    void seedPaymentBalancesAsBooked() {
        JournalEntry entry = JournalEntry.builder("evt_seed", JournalEntry.KIND_PAYMENT, T0)
                .availableAt(T0.plusSeconds(7 * 86_400))
                .debit(AccountRef.stripeClearing(USD), usd("1192.82"))
                .debit(AccountRef.processingFees(USD), usd("35.63"))
                .credit(AccountRef.vaultPending("enterprise-vault.sig", USD), usd("1013.90"))
                .credit(AccountRef.platformRevenue(USD), usd("214.55"))
                .build();

        assertThat(entry.lines()).hasSize(4);
        assertThat(entry.debitTotal(USD)).isEqualTo(usd("1228.45"));
        assertThat(entry.lines().get(2).amount()).isEqualTo(usd("-1013.90"));
    }

    @Test
    void unbalancedEntryCannotBeBuilt() {
        JournalEntry.Builder builder = JournalEntry.builder("evt_1", JournalEntry.KIND_PAYMENT, T0)
                .debit(AccountRef.stripeClearing(USD), usd("100.00"))
                .credit(AccountRef.platformRevenue(USD), usd("99.99"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(JournalEntryException.class)
                .hasMessageContaining("does not balance in USD: debits 100.00, credits 99.99");
    }

    @Test
    void eachCurrencyMustBalanceOnItsOwn() {
        JournalEntry.Builder builder = JournalEntry.builder("evt_fx", JournalEntry.KIND_ADJUSTMENT, T0)
                .debit(AccountRef.stripeClearing(USD), usd("10.00"))
                .credit(AccountRef.platformRevenue(CurrencyUnit.EUR), Money.parse("10.00", CurrencyUnit.EUR));

        assertThatThrownBy(builder::build).hasMessageContaining("does not balance in USD");
    }

    @Test
    void lineCurrencyMustBeItsAccountsCurrency() {
        assertThatThrownBy(() -> new JournalLine(AccountRef.platformRevenue(CurrencyUnit.EUR), usd("1.00")))
                .isInstanceOf(JournalEntryException.class)
                .hasMessageContaining("an account holds only EUR");
    }

    @Test
    void entryNeedsAtLeastTwoLines() {
        assertThatThrownBy(() -> new JournalEntry("evt_1", "payment", T0, Optional.empty(), "", List.of()))
                .hasMessageContaining("has 0 lines");
    }

    @Test
    void builderLeavesOutZeroAmountsAndRefusesNegativeOnes() {
        JournalEntry entry = JournalEntry.builder("evt_tiny", JournalEntry.KIND_PAYMENT, T0)
                .availableAt(T0)
                .debit(AccountRef.stripeClearing(USD), usd("0.01"))
                .credit(AccountRef.referrerPending("ref-1", USD), usd("0.00"))
                .credit(AccountRef.platformRevenue(USD), usd("0.01"))
                .build();

        assertThat(entry.lines()).hasSize(2);
        assertThatThrownBy(() -> JournalEntry.builder("evt_neg", "payment", T0)
                .debit(AccountRef.stripeClearing(USD), usd("-1.00")))
                .hasMessageContaining("must be positive");
    }

    @Test
    void kindAndSourceIdAreChecked() {
        JournalLine dr = JournalLine.debit(AccountRef.stripeClearing(USD), usd("1.00"));
        JournalLine cr = JournalLine.credit(AccountRef.platformRevenue(USD), usd("1.00"));
        assertThatThrownBy(() -> new JournalEntry("evt_1", "Payment!", T0, Optional.empty(), "", List.of(dr, cr)))
                .hasMessageContaining("kind 'Payment!'");
        assertThatThrownBy(() -> new JournalEntry(" ", "payment", T0, Optional.empty(), "", List.of(dr, cr)))
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> new JournalEntry("x".repeat(256), "payment", T0, Optional.empty(), "",
                List.of(dr, cr))).hasMessageContaining("at most 255");
    }

    @Test
    void instantsAreKeptToTheMicrosecondLikeTheDatabase() {
        JournalEntry entry = JournalEntry.builder("evt_1", "payment", Instant.parse("2026-03-01T12:00:00.123456789Z"))
                .debit(AccountRef.stripeClearing(USD), usd("1.00"))
                .credit(AccountRef.platformRevenue(USD), usd("1.00"))
                .build();

        assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
    }
}
