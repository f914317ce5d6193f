package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.model.TransferReversal;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferReversalCreateParams;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code licensing reconcile} end to end: payouts and journal entries written as the payout engine writes them,
 * transfers made through stripe-java at the Stripe sandbox, and the command's verdict.
 */
class ReconcileCliTest extends DatabaseTestSupport {
    private static final String API_KEY = "sk_test_reconcile";
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Instant MARCH_10 = Instant.parse("2026-03-10T09:00:00Z");

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(MARCH_10);
    private StripeSandbox sandbox;
    private StripeClient stripe;
    private Ledger ledger;
    private String alice;
    private String bob;
    private int payouts;

    @BeforeEach
    void startStripe() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0).withClock(clock));
        stripe = StripeClient.builder().setApiKey(API_KEY).setApiBase(sandbox.baseUrl()).setMaxNetworkRetries(0)
                .build();
        sandbox.createPayment(SandboxPayment.of(5_000_000, "usd", Map.of("purpose", "funding")));
        alice = onboarded();
        bob = onboarded();
        ledger = LicensingApp.over(db, clock).ledger();
    }

    @AfterEach
    void stopStripe() {
        sandbox.close();
    }

    private String onboarded() {
        String account = sandbox.createExpressAccount("US", Map.of());
        sandbox.completeOnboarding(account);
        return account;
    }

    private CliRun reconcile(String... options) {
        List<String> args = new ArrayList<>(List.of("reconcile", "--stripe-api-key=" + API_KEY,
                "--stripe-api-base=" + sandbox.baseUrl()));
        args.addAll(Arrays.asList(options));
        return CliRun.on(db, dataDir, args.toArray(String[]::new));
    }

    /** A transfer as the payout runner makes it: transfer group and metadata name the payout. */
    private Transfer transfer(String payoutId, long amountMinor, String destination, String idempotencyKey)
            throws StripeException {
        return stripe.v1().transfers().create(TransferCreateParams.builder().setAmount(amountMinor)
                .setCurrency("usd").setDestination(destination).setTransferGroup(payoutId)
                .putMetadata("payout_id", payoutId).build(),
                RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
    }

    /** The payout row, created now, in {@code status}. */
    private void payoutRow(String payoutId, long amountMinor, String account, String status,
                           Optional<String> transferId) {
        int n = ++payouts;
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO payout (payout_id, payee_id, currency, due_date, "
                        + "vault_minor, referrer_minor, amount_minor, stripe_account, idempotency_key, status, "
                        + "transfer_id, created_at, updated_at) VALUES (:id, :payee, 'USD', :due, :amount, 0, :amount, "
                        + ":account, :key, :status, :transfer, :at, :at)")
                .bind("id", payoutId).bind("payee", "vault-" + n + ".sig")
                .bind("due", LocalDate.of(2026, 1, 1).plusDays(n)).bind("amount", amountMinor)
                .bind("account", account).bind("key", "payout-" + payoutId).bind("status", status)
                .bind("transfer", transferId.orElse(null))
                .bindBySqlType("at", clock.instant().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE)
                .execute());
    }

    /** {@code payout:P:paid} per the payout package's conventions, occurring when the transfer was created. */
    private void paidEntry(String payoutId, long amountMinor, Instant at) {
        Money amount = Money.ofMinor(amountMinor, USD);
        String payee = "vault-" + payoutId + ".sig";
        ledger.postBatch(List.of(JournalEntry.builder("payout:" + payoutId + ":paid", "payout", at)
                .description("payout " + payoutId + " paid")
                .debit(AccountRef.vaultInTransit(payee, USD), amount)
                .credit(AccountRef.vaultPaidOut(payee, USD), amount)
                .debit(AccountRef.connectTransfers(USD), amount)
                .credit(AccountRef.stripeClearing(USD), amount)
                .build()));
    }

    /** A payout that went as it should: row, transfer, row marked paid, journal entry. */
    private Transfer pay(String payoutId, long amountMinor, String account) throws StripeException {
        Transfer transfer = transfer(payoutId, amountMinor, account, "payout-" + payoutId);
        payoutRow(payoutId, amountMinor, account, "paid", Optional.of(transfer.getId()));
        paidEntry(payoutId, amountMinor, Instant.ofEpochSecond(transfer.getCreated()));
        return transfer;
    }

    private JsonNode json(CliRun run) throws Exception {
        return LicensingApp.newObjectMapper().readTree(run.out());
    }

    private static List<String> kindsAndPayouts(JsonNode report) {
        List<String> found = new ArrayList<>();
        report.get("differences").forEach(d -> found.add(d.get("kind").asText() + " "
                + (d.get("payoutId").isNull() ? "-" : d.get("payoutId").asText())));
        return found;
    }

    /** Stripe reverses part of a transfer and the ledger records it: {@code payout:P:reversed:N}. */
    private void reverse(String payoutId, Transfer transfer, long reversalMinor) throws StripeException {
        TransferReversal reversal = stripe.v1().transfers().reversals().create(transfer.getId(),
                TransferReversalCreateParams.builder().setAmount(reversalMinor).build());
        Money amount = Money.ofMinor(reversalMinor, USD);
        String payee = "vault-" + payoutId + ".sig";
        db.jdbi().useHandle(h -> h.execute("UPDATE payout SET reversed_minor = reversed_minor + ? WHERE payout_id = ?",
                reversalMinor, payoutId));
        ledger.postBatch(List.of(JournalEntry.builder("payout:" + payoutId + ":reversed:" + reversalMinor, "payout",
                        Instant.ofEpochSecond(reversal.getCreated()))
                .description("transfer of payout " + payoutId + " reversed")
                .debit(AccountRef.vaultPaidOut(payee, USD), amount)
                .credit(AccountRef.vaultAvailable(payee, USD), amount)
                .debit(AccountRef.stripeClearing(USD), amount)
                .credit(AccountRef.connectTransfers(USD), amount)
                .build()));
    }

    @Test
    void aLedgerThatMatchesStripeExitsZero() throws Exception {
        Transfer first = pay("po_1", 100_000, alice);
        pay("po_2", 23_456, bob);
        clock.advance(Duration.ofDays(1));
        pay("po_3", 1, alice);
        reverse("po_1", first, 30_000);

        CliRun run = reconcile();

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("0 differences: 3 payouts, 3 transfers, USD 1,234.57 transferred");
        assertThat(run.out()).doesNotContain("warning");
    }

    @Test
    void aDoublePaymentAMissingTransferAndAnAmountOffAreListedAndExitOne() throws Exception {
        pay("po_double", 10_000, alice);
        // The same payout sent again under another idempotency key (a lost key): Stripe pays twice.
        Transfer again = transfer("po_double", 10_000, alice, "payout-po_double-retry");
        Transfer off = transfer("po_off", 50_001, bob, "payout-po_off");
        payoutRow("po_off", 50_000, bob, "paid", Optional.of(off.getId()));
        paidEntry("po_off", 50_000, Instant.ofEpochSecond(off.getCreated()));
        payoutRow("po_missing", 7_500, bob, "paid", Optional.of("tr_never_made"));
        paidEntry("po_missing", 7_500, clock.instant());
        pay("po_fine", 2_000, bob);

        CliRun run = reconcile("--format", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(LicensingCli.EXIT_FAILURE);
        JsonNode report = json(run);
        // The per-currency total sees the same three problems in sum: Stripe moved 100.00 + 0.01 more than the
        // journal says, and the journal has 75.00 that never left.
        assertThat(kindsAndPayouts(report)).containsExactly("duplicate_transfers po_double",
                "transfer_missing po_missing", "amount_mismatch po_off", "currency_total_mismatch -");
        JsonNode doubled = report.get("differences").get(0);
        assertThat(doubled.get("description").asText()).startsWith("DOUBLE PAYMENT: payout po_double has 2 "
                + "transfers at Stripe").contains(again.getId());
        JsonNode amountOff = report.get("differences").get(2);
        assertThat(amountOff.get("amounts").get("ledger").get("amount").asText()).isEqualTo("500.00");
        assertThat(amountOff.get("amounts").get("stripe").get("amount").asText()).isEqualTo("500.01");
        JsonNode total = report.get("differences").get(3);
        assertThat(total.get("amounts").get("stripe").get("amount").asText()).isEqualTo("720.01");
        assertThat(total.get("amounts").get("journal").get("amount").asText()).isEqualTo("695.00");
        assertThat(report.get("summary").asText()).isEqualTo("4 differences (1 DOUBLE PAYMENT): 4 payouts, "
                + "4 transfers, USD 720.01 transferred");
        assertThat(report.get("clean").asBoolean()).isFalse();

        CliRun table = reconcile();
        assertThat(table.exitCode()).isEqualTo(LicensingCli.EXIT_FAILURE);
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("#").contains("KIND", "PAYOUT", "TRANSFER", "DIFFERENCE");
        assertThat(lines.get(1)).startsWith("1  duplicate_transfers").contains("DOUBLE PAYMENT");
        assertThat(lines.get(5)).startsWith("4 differences (1 DOUBLE PAYMENT)");
    }

    @Test
    void aTransferWhosePayoutIsStillSubmittingSaysTheNextRunRecordsIt() throws Exception {
        pay("po_ok", 1_000, alice);
        // The runner crashed between Stripe's answer and its own commit.
        payoutRow("po_crashed", 4_200, bob, "submitting", Optional.empty());
        Transfer made = transfer("po_crashed", 4_200, bob, "payout-po_crashed");

        CliRun run = reconcile();

        assertThat(run.exitCode()).isEqualTo(LicensingCli.EXIT_FAILURE);
        assertThat(run.out()).contains("transfer_without_paid_payout", made.getId(),
                "is for payout po_crashed, still submitting in the ledger", "the next payout run records it");
    }

    @Test
    void aWindowComparesItsDaysAndFollowsPayoutsAcrossItsEdges() throws Exception {
        clock.set(Instant.parse("2026-02-20T10:00:00Z"));
        pay("po_february", 1_000, alice);
        // Created a minute before the window, transferred just inside it.
        clock.set(Instant.parse("2026-03-09T23:59:30Z"));
        payoutRow("po_edge_in", 2_000, bob, "submitting", Optional.empty());
        clock.set(Instant.parse("2026-03-10T00:00:30Z"));
        Transfer edgeIn = transfer("po_edge_in", 2_000, bob, "payout-po_edge_in");
        db.jdbi().useHandle(h -> h.execute("UPDATE payout SET status = 'paid', transfer_id = ? "
                + "WHERE payout_id = 'po_edge_in'", edgeIn.getId()));
        paidEntry("po_edge_in", 2_000, Instant.ofEpochSecond(edgeIn.getCreated()));
        clock.set(Instant.parse("2026-03-15T12:00:00Z"));
        pay("po_march", 3_000, alice);
        // Created on the window's last day, transferred just after it.
        clock.set(Instant.parse("2026-03-31T23:59:50Z"));
        payoutRow("po_edge_out", 4_000, alice, "submitting", Optional.empty());
        clock.set(Instant.parse("2026-04-01T00:00:10Z"));
        Transfer edgeOut = transfer("po_edge_out", 4_000, alice, "payout-po_edge_out");
        db.jdbi().useHandle(h -> h.execute("UPDATE payout SET status = 'paid', transfer_id = ? "
                + "WHERE payout_id = 'po_edge_out'", edgeOut.getId()));
        paidEntry("po_edge_out", 4_000, Instant.ofEpochSecond(edgeOut.getCreated()));
        clock.set(Instant.parse("2026-04-02T08:00:00Z"));
        pay("po_april", 5_000, bob);

        CliRun march = reconcile("--from", "2026-03-10", "--to", "2026-03-31");

        assertThat(march.exitCode()).as(march.out() + march.err()).isZero();
        assertThat(march.out()).startsWith("0 differences: 3 payouts, 3 transfers, USD 90.00 transferred");
        CliRun all = reconcile();
        assertThat(all.out()).startsWith("0 differences: 5 payouts, 5 transfers, USD 150.00 transferred");
    }

    @Test
    void balanceTransactionsStripeWillNotListAreAWarningNotADifference() throws Exception {
        pay("po_1", 1_000, alice);
        sandbox.faults().add(new Fault("GET", "/v1/balance_transactions", 10, new Fault.Respond(403,
                "invalid_request_error", Optional.empty(), "This key cannot read balance transactions.")));

        CliRun run = reconcile();

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("0 differences: 1 payout, 1 transfer", "warning: balance transactions "
                + "unavailable: could not list transfer balance transactions at Stripe: HTTP 403");
    }

    @Test
    void badInputAndAnUnreadableStripeAreOneLineAndExitTwo() {
        CliRun backwards = reconcile("--from", "2026-04-01", "--to", "2026-03-01");
        assertThat(backwards.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(backwards.err()).contains("licensing: --from 2026-04-01 is after --to 2026-03-01");

        assertThat(reconcile("--from", "March").err()).contains("--from must be a date like 2026-03-01");
        assertThat(reconcile("--format", "xml").err()).contains("--format must be table or json");
        CliRun noKey = CliRun.on(db, dataDir, "reconcile", "--stripe-api-key=", "--stripe-api-base="
                + sandbox.baseUrl());
        assertThat(noKey.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(noKey.err()).contains("set LICENSING_STRIPE_API_KEY or pass --stripe-api-key");

        sandbox.faults().add(new Fault("GET", "/v1/transfers", 1, new Fault.Respond(401, "invalid_request_error",
                Optional.empty(), "Invalid API Key provided.")));
        CliRun refused = reconcile();
        assertThat(refused.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(refused.err()).contains("licensing: could not list transfers at Stripe: HTTP 401",
                "nothing was compared").doesNotContain("Exception");
    }

}
