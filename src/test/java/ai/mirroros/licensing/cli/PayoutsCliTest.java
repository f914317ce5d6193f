package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxEvent;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code licensing payouts …} as the README's tour uses it: onboard, KYC through a signed-event import, a payment
 * past its holding period, a dry run, the run, list, show, reconcile.
 */
class PayoutsCliTest extends DatabaseTestSupport {
    private static final String VAULT = "enterprise-vault.sig";

    @TempDir
    Path dataDir;
    private StripeSandbox stripe;

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    private CliRun withStripe(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--stripe-api-key";
        all[args.length + 1] = "sk_test_cli";
        all[args.length + 2] = "--stripe-api-base";
        all[args.length + 3] = stripe.baseUrl();
        return run(all);
    }

    @BeforeEach
    void setUp() {
        stripe = StripeSandbox.start(SandboxConfig.defaults().withPort(0));
        stripe.createPayment(SandboxPayment.of(99_999_999L, "usd", Map.of()));
        stripe.releasePending();
        assertThat(run("vaults", "import", "examples/licensed-vaults.json", "--as-of", "2026-01-01").exitCode())
                .isZero();
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    @Test
    void theTourPaysTheVaultOnceAndReconcilesToZeroDifferences() throws Exception {
        assertThat(withStripe("partners", "onboard", VAULT, "--country", "US").exitCode()).isZero();
        String account = db.jdbi().withHandle(h -> PayeeStore.find(h, VAULT)).orElseThrow().stripeAccount()
                .orElseThrow();
        stripe.completeOnboarding(account);
        Path events = dataDir.resolve("events.jsonl");
        Files.write(events, stripe.events().stream().filter(e -> e.type().equals("account.updated"))
                .map(SandboxEvent::json).toList());
        CliRun imported = run("events", "import", events.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(run("partners", "show", VAULT).out()).contains("payable");
        // 1,228.45 on Monday 2026-11-16; enterprise-vault.sig holds 7 days and is paid on Fridays.
        assertThat(run("ledger", "post-payment", "--vault", VAULT, "--gross", "1228.45", "--currency", "USD",
                "--source-id", "pi_cli_1", "--occurred-at", "2026-11-16T10:00:00Z").exitCode()).isZero();

        CliRun early = withStripe("payouts", "run", "--as-of", "2026-11-20");
        assertThat(early.out()).contains("planned 0 payout(s)");

        CliRun dry = run("payouts", "run", "--as-of", "2026-11-27", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would pay 1 payout(s): 1013.90 USD",
                "po_20261127_USD_enterprise-vault.sig");
        assertThat(run("payouts", "list").out()).contains("no payouts");

        CliRun paid = withStripe("payouts", "run", "--as-of", "2026-11-27");
        assertThat(paid.exitCode()).as(paid.err()).isZero();
        assertThat(paid.out()).contains("planned 1 payout(s): 1013.90 USD", "paid 1, failed 0, retrying 0");
        assertThat(run("ledger", "post-payment", "--vault", VAULT, "--gross", "500.00", "--currency", "USD",
                "--source-id", "pi_cli_2", "--occurred-at", "2026-11-18T10:00:00Z").exitCode()).isZero();
        CliRun again = withStripe("payouts", "run", "--as-of", "2026-11-27");
        assertThat(again.out()).contains("planned 0 payout(s)",
                "1 × already has a payout for due date 2026-11-27 (next due date not reached)");

        assertThat(run("payouts", "list", "--status", "paid").out())
                .contains("po_20261127_USD_enterprise-vault.sig", "1013.90", "paid");
        CliRun show = run("payouts", "show", "po_20261127_USD_enterprise-vault.sig");
        assertThat(show.out()).contains("\"transfer_id\" : \"tr_", "\"idempotency_key\" : "
                + "\"payout-po_20261127_USD_enterprise-vault.sig\"", "reserved 1013.90 USD");
        assertThat(run("ledger", "balances", "--vault", VAULT, "--as-of", "2026-11-28").out())
                .contains("vault_paid_out", "1013.90");
        CliRun reconcile = withStripe("reconcile");
        assertThat(reconcile.exitCode()).as(reconcile.out() + reconcile.err()).isZero();
        assertThat(reconcile.out()).contains("0 differences");
    }

    @Test
    void aRunWithoutAStripeKeySaysHowToGetOneAndWritesNothing() {
        CliRun run = run("payouts", "run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("LICENSING_STRIPE_API_KEY").doesNotContain("Exception");
        long payouts = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payout").mapTo(Long.class)
                .one());
        assertThat(payouts).isZero();
    }

    @Test
    void badArgumentsGetOneLine() {
        assertThat(run("payouts", "show", "po_nope").err()).contains("no payout 'po_nope'");
        assertThat(run("payouts", "list", "--status", "lost").err()).contains("unknown payout status 'lost'");
        assertThat(run("payouts", "run", "--dry-run", "--payout-concurrency", "0").err())
                .contains("--payout-concurrency must be 1 to 256");
    }
}
