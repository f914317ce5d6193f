package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo's figures per vault, read back from what the engine stored — payments, the ledger, payouts, the activity
 * log — and the two checks that make them trustworthy: the journal balances in every currency, and the activity
 * log's hash chain verifies.
 *
 * @param journalTotals the sum of every account's balance per currency: zero when debits equal credits
 * @param stripeClearing what the ledger says the platform's Stripe balance is
 */
public record DemoSummary(List<VaultFigures> vaults, Map<String, Money> journalTotals, Money stripeClearing,
                          VerificationResult chain) {
    private static final Set<AccountType> REFERRER_ACCOUNTS = EnumSet.of(AccountType.REFERRER_PENDING,
            AccountType.REFERRER_AVAILABLE, AccountType.REFERRER_IN_TRANSIT, AccountType.REFERRER_PAID_OUT);
    private static final Set<AccountType> PAID_OUT = EnumSet.of(AccountType.VAULT_PAID_OUT,
            AccountType.REFERRER_PAID_OUT);
    private static final Set<AccountType> OWED = EnumSet.of(AccountType.VAULT_PENDING, AccountType.VAULT_AVAILABLE,
            AccountType.VAULT_IN_TRANSIT, AccountType.REFERRER_PENDING, AccountType.REFERRER_AVAILABLE,
            AccountType.REFERRER_IN_TRANSIT);

    /**
     * One vault's story in figures (one currency: every demo vault settles in US dollars).
     *
     * @param partnerShare   its share of its own payments, as split when they were posted
     * @param referralEarned commissions on the payments of the vaults it referred, net of clawbacks
     * @param refunded       gross refunded to its customers, over {@code refunds} payments
     * @param disputesLost   gross lost to chargebacks, over {@code disputes} disputes opened
     * @param paidOut        transferred to its Stripe account by {@code payouts} payouts (ledger)
     * @param owed           earned and not yet paid out: pending, available and in transit
     */
    public record VaultFigures(String vaultId, long payments, Money gross, Money partnerShare,
                               Money referralEarned, long refunds, Money refunded, long disputes, Money disputesLost,
                               long payouts, Money paidOut, Money owed) {
    }

    public static DemoSummary of(LicensingApp app) {
        CurrencyUnit currency = CurrencyUnit.of(DemoCast.CURRENCY);
        List<VaultFigures> vaults = new ArrayList<>();
        for (String vaultId : DemoCast.VAULT_IDS) {
            vaults.add(figures(app, vaultId, currency));
        }
        Map<String, Money> totals = new TreeMap<>();
        for (AccountBalance balance : app.ledger().balances(Optional.empty(), Optional.empty())) {
            totals.merge(balance.balance().currency().code(), balance.balance(), Money::plus);
        }
        return new DemoSummary(vaults, totals, app.ledger().balance(AccountRef.stripeClearing(currency)),
                app.activityLog().verify());
    }

    /** Debits equal credits in every currency. */
    public boolean journalBalances() {
        return journalTotals.values().stream().allMatch(Money::isZero);
    }

    private static VaultFigures figures(LicensingApp app, String vaultId, CurrencyUnit currency) {
        record Payments(long count, long gross, long partner, long refunds, long refunded, long lost) {
        }
        record Payouts(long count, long amount) {
        }
        return app.database().jdbi().withHandle(h -> {
            Payments p = h.createQuery("""
                            SELECT COUNT(*) AS n, COALESCE(SUM(gross_minor), 0) AS gross,
                                   COALESCE(SUM(partner_minor), 0) AS partner,
                                   COALESCE(SUM(CASE WHEN refunded_minor > 0 THEN 1 ELSE 0 END), 0) AS refunds,
                                   COALESCE(SUM(refunded_minor), 0) AS refunded,
                                   COALESCE(SUM(dispute_lost_minor), 0) AS lost
                            FROM payment WHERE vault_id = :vault AND currency = :currency""")
                    .bind("vault", vaultId).bind("currency", currency.code())
                    .map((rs, ctx) -> new Payments(rs.getLong("n"), rs.getLong("gross"), rs.getLong("partner"),
                            rs.getLong("refunds"), rs.getLong("refunded"), rs.getLong("lost"))).one();
            long disputes = h.createQuery("SELECT COUNT(*) FROM activity_log WHERE vault_id = :vault AND type = :type")
                    .bind("vault", vaultId).bind("type", PaymentAdjustments.ACTIVITY_DISPUTE_OPENED)
                    .mapTo(Long.class).one();
            Payouts paid = h.createQuery("""
                            SELECT COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS amount FROM payout
                            WHERE payee_id = :vault AND currency = :currency AND status = 'paid'""")
                    .bind("vault", vaultId).bind("currency", currency.code())
                    .map((rs, ctx) -> new Payouts(rs.getLong("n"), rs.getLong("amount"))).one();
            List<AccountBalance> balances = app.ledger().balances(Optional.of(vaultId), Optional.empty());
            return new VaultFigures(vaultId, p.count(), Money.ofMinor(p.gross(), currency),
                    Money.ofMinor(p.partner(), currency), sum(balances, REFERRER_ACCOUNTS, currency), p.refunds(),
                    Money.ofMinor(p.refunded(), currency), disputes, Money.ofMinor(p.lost(), currency), paid.count(),
                    sum(balances, PAID_OUT, currency), sum(balances, OWED, currency));
        });
    }

    private static Money sum(List<AccountBalance> balances, Set<AccountType> types, CurrencyUnit currency) {
        return balances.stream().filter(b -> types.contains(b.account().type())
                        && b.account().currency().equals(currency))
                .map(AccountBalance::normalBalance).reduce(Money.zero(currency), Money::plus);
    }

    /** The per-vault table, then the checks. */
    public void print(PrintWriter out) {
        out.printf("%-22s %8s %12s %12s %10s %14s %14s %16s %12s %s%n", "VAULT", "PAYMENTS", "GROSS", "PARTNER",
                "REFERRALS", "REFUNDED (N)", "DISPUTES (N)", "PAID OUT (N)", "OWED", "CURRENCY");
        for (VaultFigures v : vaults) {
            out.printf("%-22s %8d %12s %12s %10s %14s %14s %16s %12s %s%n", v.vaultId(), v.payments(),
                    v.gross().toDecimalString(), v.partnerShare().toDecimalString(),
                    v.referralEarned().toDecimalString(), counted(v.refunded(), v.refunds()),
                    counted(v.disputesLost(), v.disputes()), counted(v.paidOut(), v.payouts()),
                    v.owed().toDecimalString(), v.gross().currency().code());
        }
        journalTotals.forEach((currency, total) -> out.printf("ledger: the journal %s in %s (debits − credits = %s)%n",
                total.isZero() ? "balances" : "DOES NOT BALANCE", currency, total.toDecimalString()));
        out.println("activity log " + (chain.ok() ? "intact: " : "TAMPERED: ") + chain.message());
    }

    private static String counted(Money amount, long count) {
        return amount.toDecimalString() + " (" + count + ")";
    }
}
