package ai.mirroros.licensing.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.UnknownVaultException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The revenue report on the demo's realistic ledger, on H2 and PostgreSQL: every figure is proved against the
 * ledger by a second route (account balances, journal lines summed in SQL, the payment table), not by re-running the
 * report's own arithmetic.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class RevenueReportTiesToLedgerTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    @Parameter
    TestDatabases.Kind kind;
    private Database db;
    private RevenueReports reports;

    @BeforeEach
    void seeded() {
        db = SeededLedger.of(kind);
        reports = new RevenueReports(db);
    }

    @Test
    void theYearCoveringTheWholeHistoryEqualsTheLedgerBalancesAccountByAccount() {
        RevenueReport year = reports.build(ReportPeriod.year(2026), Optional.empty());
        RevenueFigures usd = only(year.totals());
        Map<AccountType, Long> balances = new java.util.EnumMap<>(AccountType.class);
        for (AccountBalance b : new Ledger(db, Clock.systemUTC()).balances(Optional.empty(), Optional.empty())) {
            assertThat(b.account().currency()).isEqualTo(USD);
            balances.merge(b.account().type(), b.balance().amountMinor(), Long::sum);
        }
        long partnerAccounts = sum(balances, AccountType.VAULT_PENDING, AccountType.VAULT_AVAILABLE,
                AccountType.VAULT_IN_TRANSIT, AccountType.VAULT_PAID_OUT);
        long referrerAccounts = sum(balances, AccountType.REFERRER_PENDING, AccountType.REFERRER_AVAILABLE,
                AccountType.REFERRER_IN_TRANSIT, AccountType.REFERRER_PAID_OUT);
        assertThat(usd.partnerNetMinor()).as("partner net = what the vault payables hold, paid out or not")
                .isEqualTo(-partnerAccounts).isPositive();
        assertThat(usd.referrerNetMinor()).isEqualTo(-referrerAccounts).isPositive();
        assertThat(usd.platformNetMinor()).as("platform net = platform revenue less processing fees")
                .isEqualTo(-sum(balances, AccountType.PLATFORM_REVENUE) - sum(balances, AccountType.PROCESSING_FEES));
        assertThat(usd.feesMinor()).isEqualTo(sum(balances, AccountType.PROCESSING_FEES));
        assertThat(usd.payoutsPaidMinor() - usd.payoutsReversedMinor())
                .isEqualTo(sum(balances, AccountType.CONNECT_TRANSFERS)).isPositive();
        assertThat(usd.disputesHeldMinor() - usd.disputesWonMinor() - usd.disputesLostMinor())
                .isEqualTo(-sum(balances, AccountType.DISPUTES_HELD));
        assertThat(usd.disputesLostMinor()).as("the demo loses one dispute").isPositive();
        assertThat(usd.refundedMinor()).as("the demo refunds").isPositive();
        assertThat(usd.grossMinor() - usd.feesMinor() - usd.refundedMinor() - usd.disputeFeesMinor()
                - usd.disputesLostMinor() - usd.payoutsPaidMinor() + usd.payoutsReversedMinor())
                .as("what is left in the Stripe balance").isEqualTo(sum(balances, AccountType.STRIPE_CLEARING));
        assertThat(usd.referralEarnedMinor()).isEqualTo(usd.referrerNetMinor());
        for (RevenueFigures vault : year.vaults()) {
            long owned = 0;
            long partner = 0;
            for (AccountBalance b : new Ledger(db, Clock.systemUTC()).balances(Optional.of(vault.vaultId()),
                    Optional.empty())) {
                switch (b.account().type()) {
                    case REFERRER_PENDING, REFERRER_AVAILABLE, REFERRER_IN_TRANSIT, REFERRER_PAID_OUT ->
                            owned += b.balance().amountMinor();
                    case VAULT_PENDING, VAULT_AVAILABLE, VAULT_IN_TRANSIT, VAULT_PAID_OUT ->
                            partner += b.balance().amountMinor();
                    default -> { }
                }
            }
            assertThat(vault.referralEarnedMinor()).as(vault.vaultId() + ": referral earned = its referrer payables")
                    .isEqualTo(-owned);
            assertThat(vault.partnerNetMinor()).as(vault.vaultId() + ": partner net = its vault payables")
                    .isEqualTo(-partner);
        }
        assertThat(year.vaults()).anySatisfy(v -> assertThat(v.referralEarnedMinor()).isPositive());
    }

    @Test
    void everyVaultsFiguresAreItsJournalLinesAndItsPaymentRows() {
        ReportPeriod q3 = ReportPeriod.quarter("2026-Q4");
        RevenueReport platform = reports.build(q3, Optional.empty());
        assertThat(platform.vaults()).extracting(RevenueFigures::vaultId)
                .containsExactly("enterprise-vault.sig", "individual-vault.sig", "startup-vault.sig");
        for (RevenueFigures row : platform.vaults()) {
            RevenueReport one = reports.build(q3, Optional.of(row.vaultId()));
            assertThat(only(one.totals())).as("the vault's own report equals its row in the platform report")
                    .isEqualTo(row);
            assertThat(row.partnerMinor()).as("partner = Cr on the vault's pending payable in its payments")
                    .isEqualTo(-lines(q3, "payment", "vault_pending:" + row.vaultId() + ":USD", row.vaultId()))
                    .isPositive();
            assertThat(row.feesMinor()).isEqualTo(lines(q3, "payment", "processing_fees::USD", row.vaultId()));
            assertThat(row.grossMinor()).isEqualTo(lines(q3, "payment", "processing_fees::USD", row.vaultId())
                    + lines(q3, "payment", "stripe_clearing::USD", row.vaultId()));
            assertThat(row.grossMinor()).isEqualTo(paymentColumn(q3, "gross_minor", row.vaultId()));
            assertThat(row.platformMinor()).isEqualTo(paymentColumn(q3, "master_minor", row.vaultId()));
            assertThat(row.referrerMinor()).isEqualTo(paymentColumn(q3, "referrer_minor", row.vaultId()));
            assertThat(row.grossMinor() - row.feesMinor())
                    .isEqualTo(row.partnerMinor() + row.platformMinor() + row.referrerMinor());
            assertThat(row.payoutsPaidMinor()).as("payouts paid in the quarter = Dr connect transfers")
                    .isEqualTo(paidPayouts(q3, row.vaultId()));
            assertThat(row.ties()).isTrue();
        }
    }

    @Test
    void theQuartersOfTheYearAddUpToTheYear() {
        RevenueFigures year = only(reports.build(ReportPeriod.year(2026), Optional.empty()).totals());
        Map<String, Long> quarters = new java.util.HashMap<>();
        for (int q = 1; q <= 4; q++) {
            reports.build(ReportPeriod.quarter("2026-Q" + q), Optional.empty()).totals()
                    .forEach(t -> t.columns().forEach((name, value) ->
                            quarters.merge(name, Long.parseLong(value.replace(".", "")), Long::sum)));
        }
        year.columns().forEach((name, value) ->
                assertThat(quarters.get(name)).as(name).isEqualTo(Long.parseLong(value.replace(".", ""))));
    }

    @Test
    void aQuarterWithoutActivityIsEmptyAndAnUnknownVaultIsRefused() {
        assertThat(reports.build(ReportPeriod.quarter("2026-Q1"), Optional.empty()).totals()).isEmpty();
        assertThatThrownBy(() -> reports.build(ReportPeriod.quarter("2026-Q3"), Optional.of("no-such-vault")))
                .isInstanceOf(UnknownVaultException.class).hasMessageContaining("no-such-vault");
    }

    @Test
    void theCsvHasOneTotalRowAndOneRowPerVaultWhoseAmountsAreTheFigures() {
        RevenueReport report = reports.build(ReportPeriod.quarter("2026-Q4"), Optional.empty());
        List<String> lines = List.of(RevenueCsv.write(report).split("\r\n"));
        assertThat(lines).hasSize(1 + report.totals().size() + report.vaults().size());
        assertThat(lines.get(0)).startsWith("period,from_utc,to_utc,scope,currency,payments,gross,");
        assertThat(lines.get(1)).startsWith("2026-Q4,2026-10-01T00:00:00Z,2027-01-01T00:00:00Z,ALL,USD,")
                .contains("," + String.join(",", only(report.totals()).columns().values()));
        assertThat(Set.copyOf(lines).size()).isEqualTo(lines.size());
    }

    /** Signed sum of one account's lines in the period's entries of a kind belonging to a vault's payments. */
    private long lines(ReportPeriod period, String kind, String accountKey, String vaultId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        JOIN payment p ON p.journal_entry_id = e.entry_id
                        WHERE e.kind = :kind AND l.account_key = :account AND p.vault_id = :vault
                          AND e.occurred_at >= :from AND e.occurred_at < :to""")
                .bind("kind", kind).bind("account", accountKey).bind("vault", vaultId)
                .bind("from", LedgerPeriod.utc(period.from())).bind("to", LedgerPeriod.utc(period.to()))
                .mapTo(Long.class).one());
    }

    private long paymentColumn(ReportPeriod period, String column, String vaultId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(" + column + "), 0) FROM payment "
                        + "WHERE vault_id = :vault AND occurred_at >= :from AND occurred_at < :to")
                .bind("vault", vaultId)
                .bind("from", LedgerPeriod.utc(period.from())).bind("to", LedgerPeriod.utc(period.to()))
                .mapTo(Long.class).one());
    }

    /** Payouts to the vault whose transfer was made in the period: Dr connect transfers of their ':paid' entry. */
    private long paidPayouts(ReportPeriod period, String vaultId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        JOIN payout p ON e.source_id = CONCAT('payout:', p.payout_id, ':paid')
                        WHERE p.payee_id = :vault AND l.account_key = 'connect_transfers::USD'
                          AND e.occurred_at >= :from AND e.occurred_at < :to""")
                .bind("vault", vaultId)
                .bind("from", LedgerPeriod.utc(period.from())).bind("to", LedgerPeriod.utc(period.to()))
                .mapTo(Long.class).one());
    }

    private static long sum(Map<AccountType, Long> balances, AccountType... types) {
        long sum = 0;
        for (AccountType type : types) {
            sum += balances.getOrDefault(type, 0L);
        }
        return sum;
    }

    private static RevenueFigures only(List<RevenueFigures> rows) {
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }
}
