package ai.mirroros.licensing.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ingest.Inbox;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.store.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * {@code licensing demo seed} on both databases: a short history (two months) that is the same in every run,
 * reaches the engine only through signed webhooks, and leaves a ledger that ties to the payments, the payouts and
 * the sandbox's Stripe balance.
 */
class DemoSeedTest extends DatabaseTestSupport {
    static final Instant AS_OF = Instant.parse("2026-10-31T18:00:00Z");
    static final DemoSettings TWO_MONTHS = new DemoSettings(7, 2, AS_OF);
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    /** What identifies a posted payment and its split. */
    record PostedRow(String sourceId, String vaultId, Instant occurredAt, long grossMinor, long feeMinor,
                     long partnerMinor, long masterMinor, long referrerMinor, long refundedMinor,
                     long disputeLostMinor, String customerId, String templateId, String hostedPlatformId) {
    }

    @Test
    void theSameSeedGivesTheSamePaymentsIdsAndAmountsInTwoFreshDatabases() throws Exception {
        List<PostedRow> first;
        List<PostedRow> second;
        // Side by side: each seed has its own sandbox, endpoint and clock, and the test takes half the time.
        try (TestDatabases.TestDatabase other = TestDatabases.fresh(kind);
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> seedingOther = pool.submit(() -> DemoSeeder.seed(other.database(), TWO_MONTHS,
                    Clock.systemUTC(), DemoSeeder.Progress.NONE));
            DemoSeeder.seed(db, TWO_MONTHS, Clock.systemUTC(), DemoSeeder.Progress.NONE);
            seedingOther.get();
            first = payments(db);
            second = payments(other.database());
            assertThat(templates(other.database())).as("the same template ids and listing views")
                    .containsExactlyElementsOf(templates(db)).hasSize(DemoCast.TEMPLATES.size());
            assertThat(hostedPlatforms(other.database())).as("the same hosted platforms and Stripe objects")
                    .containsExactlyElementsOf(hostedPlatforms(db)).isNotEmpty();
            assertThat(signups(other.database())).as("the same referral codes and sign-ups")
                    .containsExactlyElementsOf(signups(db)).hasSize(2);
        }

        assertThat(first).hasSizeGreaterThan(100);
        assertThat(second).containsExactlyElementsOf(first);
        assertThat(first).extracting(PostedRow::occurredAt)
                .allSatisfy(at -> assertThat(at).isBetween(TWO_MONTHS.start(), AS_OF));
    }

    @Test
    void everySandboxEventIsDeliveredSignedAndProcessedAndTheLedgerTies() {
        DataKeyRing dataKeys = DataKeyRing.inMemory();
        DemoReport report = DemoSeeder.seed(db, TWO_MONTHS, Clock.systemUTC(), DemoSeeder.Progress.NONE, dataKeys);
        LicensingApp app = LicensingApp.over(db, Clock.systemUTC());
        assertThat(app.taxProfiles(dataKeys).findAll()).as("tax profiles for the 1099-K, one of them foreign")
                .extracting(p -> p.payeeId() + " " + p.tinType().wireName() + " " + p.country())
                .containsExactly("enterprise-vault.sig ein US", "individual-vault.sig ssn US",
                        "startup-vault.sig foreign DE");

        Inbox.Stats inbox = app.inbox().stats();
        assertThat(inbox.received()).as("every event acknowledged is in the inbox").isEqualTo(report.eventsDelivered());
        assertThat(inbox.pending()).isZero();
        assertThat(inbox.parked()).isZero();
        assertThat(inbox.processed() + inbox.ignored()).isEqualTo(inbox.received());
        assertThat(count(db, "SELECT COUNT(*) FROM payment")).as("one posted payment per sandbox payment")
                .isEqualTo(report.sales());
        assertThat(report.refunds()).isGreaterThanOrEqualTo(2);
        assertThat(report.disputes()).isEqualTo(1);
        assertThat(count(db, "SELECT COUNT(*) FROM payment_risk")).as("every posted payment is risk-scored")
                .isEqualTo(report.sales());
        assertThat(count(db, "SELECT COUNT(*) FROM risk_hold")).as("the demo's traffic is ordinary: no risk hold")
                .isZero();

        DemoSummary summary = DemoSummary.of(app);
        assertThat(summary.journalBalances()).isTrue();
        assertThat(summary.chain().ok()).isTrue();
        assertThat(summary.stripeClearing()).as("the ledger's Stripe balance is the sandbox's")
                .isEqualTo(report.stripeBalance());
        for (String vault : DemoCast.VAULT_IDS) {
            assertThat(credited(db, "payment", AccountRef.vaultPending(vault, USD)))
                    .as("%s: the payments' partner shares are what its pending account was credited", vault)
                    .isEqualTo(sum(db, "SELECT SUM(partner_minor) FROM payment WHERE vault_id = '" + vault + "'"));
            Money paidOut = app.ledger().balance(AccountRef.vaultPaidOut(vault, USD))
                    .plus(app.ledger().balance(AccountRef.referrerPaidOut(vault, USD))).negate();
            assertThat(paidOut.amountMinor()).as("%s: paid out in the ledger = its paid payouts", vault)
                    .isEqualTo(sum(db, "SELECT SUM(amount_minor) FROM payout WHERE status = 'paid' AND payee_id = '"
                            + vault + "'"))
                    .isPositive();
        }
        assertThat(signups(db)).extracting(row -> row.substring(row.indexOf(' ') + 1)).as("referred by sign-up")
                .containsExactlyInAnyOrder("startup-vault.sig enterprise-vault.sig",
                        "individual-vault.sig startup-vault.sig");
        assertThat(app.vaults().require(DemoCast.INDIVIDUAL, TWO_MONTHS.start()).mirrorOrigin().referrerChain())
                .as("the individual's chain, from its sign-up with the startup's code")
                .containsExactly(DemoCast.STARTUP, DemoCast.ENTERPRISE);
        assertThat(count(db, "SELECT SUM(hits) FROM funnel_count WHERE kind = 'referral_visit'")).isEqualTo(14 + 9);
        long commissions = sum(db, "SELECT SUM(referrer_minor) FROM payment");
        assertThat(commissions).as("the startup's and the individual's payments pay their referrers").isPositive();
        assertThat(creditedToReferrers(db)).isEqualTo(commissions);
        assertThat(app.ledger().balance(AccountRef.connectTransfers(USD)).amountMinor())
                .as("everything paid out left the Stripe balance as transfers")
                .isEqualTo(sum(db, "SELECT SUM(amount_minor) FROM payout WHERE status = 'paid'"));
        assertThat(count(db, "SELECT COUNT(*) FROM payout WHERE status <> 'paid'")).isZero();

        assertThat(count(db, "SELECT COUNT(*) FROM payment WHERE customer_id IS NULL"))
                .as("every payment has a Stripe customer").isZero();
        for (String vault : DemoCast.VAULT_IDS) {
            long payments = count(db, "SELECT COUNT(*) FROM payment WHERE vault_id = '" + vault + "'");
            long customers = count(db, "SELECT COUNT(DISTINCT customer_id) FROM payment WHERE vault_id = '" + vault
                    + "'");
            assertThat(customers).as("%s: some customers buy again", vault).isPositive().isLessThan(payments);
            assertThat(count(db, "SELECT COUNT(*) FROM acquisition_spend WHERE vault_id = '" + vault + "'"))
                    .as("%s: a spend for each calendar month the history touches (August's last day, September, "
                            + "October)", vault)
                    .isEqualTo(3);
        }

        assertThat(count(db, "SELECT COUNT(*) FROM agent_template WHERE listed")).as("the cast's templates, listed")
                .isEqualTo(DemoCast.TEMPLATES.size());
        assertThat(count(db, "SELECT COUNT(*) FROM payment WHERE template_id IS NOT NULL")).isPositive();
        assertThat(count(db, "SELECT COUNT(*) FROM payment p WHERE template_id IS NOT NULL AND NOT EXISTS "
                + "(SELECT 1 FROM agent_template t WHERE t.template_id = p.template_id AND t.vault_id = p.vault_id)"))
                .as("every template sale names a marketplace template of its vault").isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM agent_template t WHERE (SELECT COALESCE(SUM(hits), 0) "
                + "FROM funnel_count f WHERE f.kind = 'template_view' AND f.subject_id = t.template_id) "
                + "<= (SELECT COUNT(*) FROM payment p WHERE p.template_id = t.template_id)"))
                .as("every template was viewed more often than it sold").isZero();

        // Two months: enterprise-client forked on 2 September and renewed on 2 October, acme-logistics forked on
        // 9 October; the others start later.
        assertThat(hostedPlatforms(db)).extracting(row -> row.split(" ")[1] + " " + row.split(" ")[2])
                .containsExactlyInAnyOrder("enterprise-client active", "acme-logistics active");
        assertThat(count(db, "SELECT COUNT(*) FROM payment p JOIN hosted_platform h "
                + "ON h.hosted_platform_id = p.hosted_platform_id AND h.stripe_customer_id = p.customer_id"))
                .as("the subscriptions' invoices, each paid by its platform's customer").isEqualTo(3)
                .isEqualTo(report.invoices());
    }

    @Test
    void aDatabaseThatHoldsDataIsRefusedAndLeftAsItWas() {
        LicensingApp app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(DemoCast.vaults(TWO_MONTHS.start().atZone(java.time.ZoneOffset.UTC).toLocalDate()),
                TWO_MONTHS.start());
        long activity = count(db, "SELECT COUNT(*) FROM activity_log");

        assertThatThrownBy(() -> DemoSeeder.seed(db, TWO_MONTHS, Clock.systemUTC(), DemoSeeder.Progress.NONE))
                .isInstanceOf(LicensingException.class)
                .hasMessageContaining("the database already holds data (3 activity_log row(s), 3 vault_version row(s))")
                .hasMessageContaining("fresh --data-dir");
        assertThat(count(db, "SELECT COUNT(*) FROM activity_log")).isEqualTo(activity);
        assertThat(count(db, "SELECT COUNT(*) FROM payee")).isZero();
    }

    static List<PostedRow> payments(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT source_id, vault_id, occurred_at, gross_minor, fee_minor, partner_minor, master_minor,
                               referrer_minor, refunded_minor, dispute_lost_minor, customer_id, template_id,
                               hosted_platform_id
                        FROM payment ORDER BY source_id""")
                .map((rs, ctx) -> new PostedRow(rs.getString("source_id"), rs.getString("vault_id"),
                        rs.getObject("occurred_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getLong("gross_minor"), rs.getLong("fee_minor"), rs.getLong("partner_minor"),
                        rs.getLong("master_minor"), rs.getLong("referrer_minor"), rs.getLong("refunded_minor"),
                        rs.getLong("dispute_lost_minor"), rs.getString("customer_id"), rs.getString("template_id"),
                        rs.getString("hosted_platform_id")))
                .list());
    }

    /** Each template with its vault, price and listing views, by id. */
    static List<String> templates(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT t.template_id, t.vault_id, t.price_minor,
                               (SELECT SUM(hits) FROM funnel_count f WHERE f.kind = 'template_view'
                                AND f.subject_id = t.template_id) AS views
                        FROM agent_template t ORDER BY t.template_id""")
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getLong(4))
                .list());
    }

    /** Each hosted platform: id, client, status, Stripe subscription. */
    static List<String> hostedPlatforms(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT hosted_platform_id, client, status, stripe_subscription_id
                        FROM hosted_platform ORDER BY hosted_platform_id""")
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                        + rs.getString(4))
                .list());
    }

    /** Each sign-up: code, referred vault, referrer. */
    static List<String> signups(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT code, vault_id, referrer_vault_id FROM referral_signup ORDER BY vault_id""")
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3))
                .list());
    }

    /** What entries of {@code kind} credited to {@code account} (credit positive). */
    private static long credited(Database database, String kind, AccountRef account) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(-SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        WHERE e.kind = :kind AND l.account_key = :account""")
                .bind("kind", kind).bind("account", account.key()).mapTo(Long.class).one());
    }

    private static long creditedToReferrers(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(-SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        WHERE e.kind = 'payment' AND l.account_key LIKE 'referrer_pending:%'""")
                .mapTo(Long.class).one());
    }

    private static long count(Database database, String sql) {
        return database.jdbi().withHandle((Handle h) -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static long sum(Database database, String sql) {
        Long value = database.jdbi().withHandle((Handle h) -> h.createQuery(sql).mapTo(Long.class).one());
        return value == null ? 0 : value;
    }
}
