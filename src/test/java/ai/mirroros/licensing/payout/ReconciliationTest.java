package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Discrepancy.AmountMismatch;
import ai.mirroros.licensing.payout.Discrepancy.CurrencyMismatch;
import ai.mirroros.licensing.payout.Discrepancy.CurrencyTotalMismatch;
import ai.mirroros.licensing.payout.Discrepancy.DestinationMismatch;
import ai.mirroros.licensing.payout.Discrepancy.DuplicateTransfers;
import ai.mirroros.licensing.payout.Discrepancy.LedgerTransfersMismatch;
import ai.mirroros.licensing.payout.Discrepancy.ReversedMismatch;
import ai.mirroros.licensing.payout.Discrepancy.TransferIdMismatch;
import ai.mirroros.licensing.payout.Discrepancy.TransferMissing;
import ai.mirroros.licensing.payout.Discrepancy.TransferRef;
import ai.mirroros.licensing.payout.Discrepancy.TransferWithoutPaidPayout;
import ai.mirroros.licensing.payout.Reconciliation.BalanceTotals;
import ai.mirroros.licensing.payout.Reconciliation.LedgerPayout;
import ai.mirroros.licensing.payout.Reconciliation.Report;
import ai.mirroros.licensing.payout.Reconciliation.StripeTransfer;
import ai.mirroros.licensing.payout.Reconciliation.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The comparison alone, on plain values: one test per kind of difference, and the clean match. */
class ReconciliationTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final CurrencyUnit EUR = CurrencyUnit.EUR;
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    private static Money eur(String amount) {
        return Money.parse(amount, EUR);
    }

    /** Both sides, written as the payout engine leaves them when all went well; each test then breaks one thing. */
    private static final class Books {
        final List<LedgerPayout> payouts = new ArrayList<>();
        final Map<String, Map<CurrencyUnit, Money>> journal = new HashMap<>();
        final List<StripeTransfer> transfers = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        BalanceTotals balances;

        /** A payout paid through transfer tr_&lt;id&gt; to acct_&lt;id&gt;, recorded in the journal. */
        Books paid(String id, Money amount) {
            payouts.add(payout(id, amount, "paid", Optional.of("tr_" + id), Money.zero(amount.currency())));
            journal.put(id, Map.of(amount.currency(), amount));
            transfers.add(transfer("tr_" + id, id, amount, Money.zero(amount.currency()), "acct_" + id));
            return this;
        }

        Books replacePayout(String id, java.util.function.UnaryOperator<LedgerPayout> change) {
            payouts.replaceAll(p -> p.payoutId().equals(id) ? change.apply(p) : p);
            return this;
        }

        Books replaceTransfer(String id, java.util.function.UnaryOperator<StripeTransfer> change) {
            transfers.replaceAll(t -> t.transferId().equals(id) ? change.apply(t) : t);
            return this;
        }

        /** Balance transactions that agree with the transfers, and a journal total that agrees with the journal. */
        Report compare() {
            BalanceTotals totals = balances;
            if (totals == null) {
                Map<CurrencyUnit, Money> stripeOut = new LinkedHashMap<>();
                transfers.forEach(t -> stripeOut.merge(t.amount().currency(), t.amount().minus(t.reversed()),
                        Money::plus));
                Map<CurrencyUnit, Money> journalTotal = new LinkedHashMap<>();
                journal.values().forEach(byCurrency -> byCurrency.values()
                        .forEach(m -> journalTotal.merge(m.currency(), m, Money::plus)));
                totals = new BalanceTotals.Compared(stripeOut, journalTotal);
            }
            return Reconciliation.compare(new Reconciliation.Inputs(payouts, journal, transfers, totals, warnings));
        }
    }

    private static LedgerPayout payout(String id, Money amount, String status, Optional<String> transferId,
                                       Money reversed) {
        return new LedgerPayout(id, "vault-" + id, amount, status, transferId, reversed, "acct_" + id, AT);
    }

    private static StripeTransfer transfer(String transferId, String payoutId, Money amount, Money reversed,
                                           String destination) {
        return new StripeTransfer(transferId, Optional.ofNullable(payoutId), amount, reversed, destination, AT);
    }

    private static StripeTransfer withAmount(StripeTransfer t, Money amount) {
        return new StripeTransfer(t.transferId(), t.payoutId(), amount, t.reversed(), t.destination(), t.created());
    }

    @Test
    void booksThatAgreeHaveNoDifferencesAndTheSummarySaysWhatWasLookedAt() {
        Report report = new Books().paid("po_1", usd("1234.56")).paid("po_2", usd("11111.11"))
                .paid("po_3", eur("50.00")).compare();

        assertThat(report.differences()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.summary())
                .isEqualTo("0 differences: 3 payouts, 3 transfers, EUR 50.00, USD 12,345.67 transferred");
    }

    @Test
    void aPartlyReversedTransferAgreesWhenTheLedgerRecordedTheReversal() {
        Books books = new Books().paid("po_1", usd("100.00"))
                .replacePayout("po_1", p -> payout("po_1", p.amount(), "paid", p.transferId(), usd("40.00")))
                .replaceTransfer("tr_po_1", t -> transfer("tr_po_1", "po_1", t.amount(), usd("40.00"), "acct_po_1"));
        books.journal.put("po_1", Map.of(USD, usd("60.00")));

        assertThat(books.compare().differences()).isEmpty();
    }

    @Test
    void twoTransfersForOnePayoutIsADoublePaymentListedFirst() {
        Books books = new Books().paid("po_1", usd("10.00")).paid("po_2", usd("250.00"));
        books.transfers.add(transfer("tr_again", "po_2", usd("250.00"), usd("0.00"), "acct_po_2"));
        // A payout also missing its transfer: less urgent than the double payment, so listed after it.
        books.transfers.removeIf(t -> t.transferId().equals("tr_po_1"));

        Report report = books.compare();

        assertThat(report.differences()).hasSize(3);
        assertThat(report.differences().getFirst()).isEqualTo(new DuplicateTransfers("po_2", List.of(
                new TransferRef("tr_again", usd("250.00"), "acct_po_2"),
                new TransferRef("tr_po_2", usd("250.00"), "acct_po_2"))));
        assertThat(report.differences().getFirst().describe()).startsWith("DOUBLE PAYMENT: payout po_2 has 2 "
                + "transfers at Stripe (tr_again USD 250.00 to acct_po_2, tr_po_2 USD 250.00 to acct_po_2)");
        assertThat(report.differences().get(1)).isEqualTo(new TransferMissing("po_1", usd("10.00"),
                Optional.of("tr_po_1")));
        // Stripe moved 250.00 more than the journal; the per-currency check sees it too.
        assertThat(report.differences().get(2)).isEqualTo(new CurrencyTotalMismatch(USD, usd("500.00"),
                usd("260.00")));
        assertThat(report.summary()).startsWith("3 differences (1 DOUBLE PAYMENT): 2 payouts, 2 transfers, "
                + "USD 500.00 transferred");
    }

    @Test
    void aTransferForAPayoutStillSubmittingSaysTheNextRunRecordsIt() {
        Books books = new Books().paid("po_1", usd("75.00"))
                .replacePayout("po_1", p -> payout("po_1", p.amount(), "submitting", Optional.empty(), usd("0")));
        books.journal.remove("po_1");
        books.balances = new BalanceTotals.Compared(Map.of(USD, usd("75.00")), Map.of(USD, usd("75.00")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(new TransferWithoutPaidPayout(
                new TransferRef("tr_po_1", usd("75.00"), "acct_po_1"), Optional.of("po_1"),
                Optional.of("submitting")));
        assertThat(report.differences().getFirst().describe()).isEqualTo("transfer tr_po_1 (USD 75.00 to "
                + "acct_po_1) is for payout po_1, still submitting in the ledger: a crash or timeout left it there; "
                + "the next payout run records it (same idempotency key)");
    }

    @Test
    void aTransferForAFailedPayoutWarnsThatTheMoneyMayBePaidAgain() {
        Books books = new Books().paid("po_1", usd("75.00"))
                .replacePayout("po_1", p -> payout("po_1", p.amount(), "failed", Optional.empty(), usd("0")));
        books.journal.remove("po_1");
        books.balances = new BalanceTotals.Compared(Map.of(), Map.of());

        assertThat(books.compare().differences()).singleElement()
                .satisfies(d -> assertThat(d.describe()).contains("still failed", "may be paid again"));
    }

    @Test
    void aTransferForAnUnknownPayoutOrWithoutAPayoutIdIsReported() {
        Books books = new Books();
        books.transfers.add(transfer("tr_x", "po_unknown", usd("5.00"), usd("0"), "acct_x"));
        books.transfers.add(transfer("tr_manual", null, usd("7.00"), usd("0"), "acct_y"));
        books.balances = new BalanceTotals.Compared(Map.of(USD, usd("12.00")), Map.of(USD, usd("12.00")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(
                new TransferWithoutPaidPayout(new TransferRef("tr_manual", usd("7.00"), "acct_y"), Optional.empty(),
                        Optional.empty()),
                new TransferWithoutPaidPayout(new TransferRef("tr_x", usd("5.00"), "acct_x"),
                        Optional.of("po_unknown"), Optional.empty()));
        assertThat(report.differences().get(0).describe()).contains("carries no payout id");
        assertThat(report.differences().get(1).describe()).contains("payout po_unknown, which the ledger does not "
                + "have");
    }

    @Test
    void aPaidPayoutWithoutItsTransferIsMissing() {
        Books books = new Books().paid("po_1", usd("42.00"));
        books.transfers.clear();
        books.balances = new BalanceTotals.Compared(Map.of(USD, usd("42.00")), Map.of(USD, usd("42.00")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(new TransferMissing("po_1", usd("42.00"),
                Optional.of("tr_po_1")));
        assertThat(report.differences().getFirst().describe()).isEqualTo("payout po_1 is paid in the ledger "
                + "(USD 42.00, transfer tr_po_1) but Stripe has no transfer for it: the payee was not paid");
    }

    @Test
    void anAmountOffByOneCentIsADifference() {
        Books books = new Books().paid("po_1", usd("1000.00"))
                .replaceTransfer("tr_po_1", t -> withAmount(t, usd("1000.01")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(
                new AmountMismatch("po_1", "tr_po_1", usd("1000.00"), usd("1000.01")),
                new CurrencyTotalMismatch(USD, usd("1000.01"), usd("1000.00")));
        assertThat(report.differences().getFirst().describe()).isEqualTo("payout po_1 is USD 1,000.00 in the "
                + "ledger but transfer tr_po_1 is USD 1,000.01 (off by USD 0.01)");
    }

    @Test
    void aTransferInAnotherCurrencyIsACurrencyMismatchNotAnAmountOne() {
        Books books = new Books().paid("po_1", usd("20.00"))
                .replaceTransfer("tr_po_1", t -> transfer("tr_po_1", "po_1", eur("20.00"), eur("0"), "acct_po_1"));
        books.balances = new BalanceTotals.Compared(Map.of(), Map.of());

        assertThat(books.compare().differences()).containsExactly(
                new CurrencyMismatch("po_1", "tr_po_1", usd("20.00"), eur("20.00")));
    }

    @Test
    void aTransferToAnotherAccountIsADestinationMismatch() {
        Books books = new Books().paid("po_1", usd("20.00"))
                .replaceTransfer("tr_po_1", t -> transfer("tr_po_1", "po_1", t.amount(), t.reversed(), "acct_evil"));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(
                new DestinationMismatch("po_1", "tr_po_1", "acct_po_1", "acct_evil"));
        assertThat(report.differences().getFirst().describe())
                .isEqualTo("payout po_1 was for acct_po_1 but transfer tr_po_1 went to acct_evil");
    }

    @Test
    void aReversalTheLedgerDidNotRecordIsAReversedMismatch() {
        Books books = new Books().paid("po_1", usd("20.00"))
                .replaceTransfer("tr_po_1", t -> transfer("tr_po_1", "po_1", t.amount(), usd("5.00"), "acct_po_1"));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(
                new ReversedMismatch("po_1", "tr_po_1", usd("0.00"), usd("5.00")),
                new CurrencyTotalMismatch(USD, usd("15.00"), usd("20.00")));
    }

    @Test
    void aPayoutNamingAnotherTransferThanStripesIsATransferIdMismatch() {
        Books books = new Books().paid("po_1", usd("20.00"))
                .replacePayout("po_1", p -> payout("po_1", p.amount(), "paid", Optional.of("tr_other"), usd("0")));

        assertThat(books.compare().differences()).containsExactly(
                new TransferIdMismatch("po_1", "tr_other", "tr_po_1"));
    }

    @Test
    void aJournalThatDoesNotAddUpToAmountMinusReversedIsALedgerMismatch() {
        Books books = new Books().paid("po_1", usd("100.00")).paid("po_2", usd("30.00"))
                .replacePayout("po_1", p -> payout("po_1", p.amount(), "paid", p.transferId(), usd("25.00")))
                .replaceTransfer("tr_po_1", t -> transfer("tr_po_1", "po_1", t.amount(), usd("25.00"), "acct_po_1"));
        // po_1: the reversal reached the payout row but not the journal; po_2: its paid entry is missing.
        books.journal.put("po_1", Map.of(USD, usd("100.00")));
        books.journal.remove("po_2");
        books.balances = new BalanceTotals.Compared(Map.of(USD, usd("105.00")), Map.of(USD, usd("105.00")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(
                new LedgerTransfersMismatch("po_1", "paid", usd("75.00"), usd("100.00")),
                new LedgerTransfersMismatch("po_2", "paid", usd("30.00"), usd("0.00")));
        assertThat(report.differences().getFirst().describe()).isEqualTo("payout po_1 (paid) moved USD 100.00 on "
                + "connect_transfers in the journal; expected USD 75.00 (amount − reversed)");
    }

    @Test
    void aPayoutNotPaidMustNotMoveConnectTransfersInAnyCurrency() {
        Books books = new Books();
        books.payouts.add(payout("po_1", usd("10.00"), "planned", Optional.empty(), usd("0")));
        books.journal.put("po_1", Map.of(USD, usd("10.00"), EUR, eur("3.00")));
        books.balances = new BalanceTotals.Compared(Map.of(), Map.of(USD, usd("10.00"), EUR, eur("3.00")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(
                new LedgerTransfersMismatch("po_1", "planned", usd("0.00"), usd("10.00")),
                new LedgerTransfersMismatch("po_1", "planned", eur("0.00"), eur("3.00")),
                new CurrencyTotalMismatch(EUR, eur("0.00"), eur("3.00")),
                new CurrencyTotalMismatch(USD, usd("0.00"), usd("10.00")));
        assertThat(report.differences().get(0).describe()).endsWith("expected USD 0.00 (not paid)");
    }

    @Test
    void perCurrencyTotalsThatDisagreeAreADifference() {
        Books books = new Books().paid("po_1", usd("10.00"));
        books.balances = new BalanceTotals.Compared(Map.of(USD, usd("10.00")), Map.of(USD, usd("9.99")));

        Report report = books.compare();

        assertThat(report.differences()).containsExactly(new CurrencyTotalMismatch(USD, usd("10.00"),
                usd("9.99")));
        assertThat(report.differences().getFirst().describe()).isEqualTo("USD total: Stripe's transfer balance "
                + "transactions net USD 10.00 out, the journal's connect_transfers USD 9.99 (journal − Stripe: USD -0.01)");
        assertThat(report.summary()).startsWith("1 difference: 1 payout, 1 transfer, ");
    }

    @Test
    void balanceTransactionsThatCannotBeListedAreAWarningNotADifference() {
        Books books = new Books().paid("po_1", usd("10.00"));
        books.balances = new BalanceTotals.Unavailable("HTTP 404 Unrecognized request URL");

        Report report = books.compare();

        assertThat(report.clean()).isTrue();
        assertThat(report.warnings()).containsExactly(
                "balance transactions unavailable: HTTP 404 Unrecognized request URL");
    }

    @Test
    void aWindowIsWholeUtcDaysInclusive() {
        Window march = new Window(Optional.of(LocalDate.parse("2026-03-01")), Optional.of(LocalDate.parse(
                "2026-03-31")));

        assertThat(march.contains(Instant.parse("2026-03-01T00:00:00Z"))).isTrue();
        assertThat(march.contains(Instant.parse("2026-03-31T23:59:59.999Z"))).isTrue();
        assertThat(march.contains(Instant.parse("2026-02-28T23:59:59Z"))).isFalse();
        assertThat(march.contains(Instant.parse("2026-04-01T00:00:00Z"))).isFalse();
        assertThat(Window.everything().contains(Instant.EPOCH)).isTrue();
        assertThat(march.end()).contains(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void amountsShowTheirCurrencyThousandsSeparatorsAndEveryDecimal() {
        assertThat(Discrepancy.show(usd("12345.6"))).isEqualTo("USD 12,345.60");
        assertThat(Discrepancy.show(usd("-0.01"))).isEqualTo("USD -0.01");
        assertThat(Discrepancy.show(Money.ofMinor(1_234_567, CurrencyUnit.JPY))).isEqualTo("JPY 1,234,567");
    }

    @Test
    void journalSourceIdsNameTheirPayout() {
        assertThat(ReconciliationStore.payoutOf("payout:po_1:paid")).contains("po_1");
        assertThat(ReconciliationStore.payoutOf("payout:v:USD:2026-03-01:reversed:1500")).contains(
                "v:USD:2026-03-01");
        assertThat(ReconciliationStore.payoutOf("payout:po_1:reserve")).contains("po_1");
        assertThat(ReconciliationStore.payoutOf("evt_123")).isEmpty();
        assertThat(ReconciliationStore.payoutOf("payout:po_1:other")).isEmpty();
    }
}
