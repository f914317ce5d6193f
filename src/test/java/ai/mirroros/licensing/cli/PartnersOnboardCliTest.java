package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.payout.Onboarding;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.stripe.sandbox.RecordedRequest;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import com.stripe.StripeClient;
import com.stripe.model.Account;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code licensing partners onboard} against the Stripe sandbox: one Express account per vault however often it runs,
 * the payee and its activity entry written with it, and one clear line (and nothing written) when it cannot be done.
 */
class PartnersOnboardCliTest extends DatabaseTestSupport {
    private static final String API_KEY = "sk_test_partners";
    private static final Pattern ACCOUNT = Pattern.compile("connected account (acct_\\w+)");

    @TempDir
    Path dataDir;

    private StripeSandbox sandbox;

    @BeforeEach
    void startSandboxAndImportVaults() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0).withApiKey(API_KEY));
        CliRun imported = CliRun.on(db, dataDir, "vaults", "import", "examples/licensed-vaults.json", "--as-of",
                "2026-01-01");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private CliRun onboard(String... args) {
        return onboardAt(sandbox.baseUrl(), args);
    }

    private CliRun onboardAt(String apiBase, String... args) {
        List<String> all = new ArrayList<>(List.of("partners", "onboard"));
        all.addAll(List.of(args));
        all.add("--stripe-api-key=" + API_KEY);
        all.add("--stripe-api-base=" + apiBase);
        all.add("--by=ops-alice");
        return CliRun.on(db, dataDir, all.toArray(String[]::new));
    }

    private Optional<Payee> payee(String id) {
        return db.jdbi().withHandle(h -> PayeeStore.find(h, id));
    }

    private List<ActivityEntry> activity(String vaultId, String type) {
        return LicensingApp.over(db, Clock.systemUTC()).activityLog().recent(Optional.of(vaultId), 100).stream()
                .filter(entry -> entry.type().equals(type)).toList();
    }

    private List<RecordedRequest> requests(String method, String path) {
        return sandbox.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private static String accountOf(CliRun run) {
        Matcher matcher = ACCOUNT.matcher(run.out());
        assertThat(matcher.find()).as(run.out()).isTrue();
        return matcher.group(1);
    }

    private static String lastLine(CliRun run) {
        return run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    }

    private StripeClient stripe() {
        return StripeClient.builder().setApiKey(API_KEY).setApiBase(sandbox.baseUrl()).build();
    }

    @Test
    void onboardingTwiceCreatesExactlyOneExpressAccountAndPrintsAFreshLinkEachTime() throws Exception {
        CliRun first = onboard("agency-fork.sig", "--email", "ops@agency.example", "--country", "us");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String account = accountOf(first);
        assertThat(first.out()).contains("created (express, US)", "KYC pending", "onboarding link", "http");

        CliRun second = onboard("agency-fork.sig");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("already onboarded with connected account " + account,
                "no new account created");
        assertThat(lastLine(second)).startsWith("http").isNotEqualTo(lastLine(first));

        List<RecordedRequest> creates = requests("POST", "/v1/accounts");
        assertThat(creates).hasSize(1);
        assertThat(creates.getFirst().idempotencyKey()).contains("onboard-agency-fork.sig");
        assertThat(requests("POST", "/v1/account_links")).hasSize(2);

        Account atStripe = stripe().v1().accounts().retrieve(account);
        assertThat(atStripe.getType()).isEqualTo("express");
        assertThat(atStripe.getCountry()).isEqualTo("US");
        assertThat(atStripe.getEmail()).isEqualTo("ops@agency.example");
        assertThat(atStripe.getMetadata()).containsEntry("payee_id", "agency-fork.sig");
        assertThat(atStripe.getCapabilities().getTransfers()).isNotNull();
    }

    @Test
    void theOnboardingLinkIsPrintedLastWithItsExpiry() {
        CliRun run = onboard("agency-fork.sig");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastLine(run)).startsWith("http");
        assertThat(run.out()).containsPattern("expires \\d{4}-\\d{2}-\\d{2}T");
    }

    @Test
    void onboardingWritesThePayeeRowAndOneActivityEntry() {
        CliRun run = onboard("agency-fork.sig", "--email", "ops@agency.example");
        // The row is written before the account link is asked for, so this part holds even without the link.
        String account = accountOf(run);

        Payee payee = payee("agency-fork.sig").orElseThrow();
        assertThat(payee.stripeAccount()).contains(account);
        assertThat(payee.country()).contains("US");
        assertThat(payee.email()).contains("ops@agency.example");
        assertThat(payee.businessType()).isEmpty();
        assertThat(payee.kyc()).isEqualTo(KycStatus.PENDING);
        assertThat(payee.payoutsEnabled()).isFalse();
        assertThat(payee.kycDetail()).hasValueSatisfying(detail -> assertThat(detail)
                .startsWith("due: ").contains("external_account", "tos_acceptance.date"));
        assertThat(payee.holdReason()).isEmpty();
        assertThat(payee.blockers()).anySatisfy(b -> assertThat(b).startsWith("KYC pending (due: "));

        List<ActivityEntry> entries = activity("agency-fork.sig", Onboarding.ACTIVITY_ONBOARDED);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().sourceId()).contains(account);
        assertThat(entries.getFirst().payload().get("by").asText()).isEqualTo("ops-alice");
        assertThat(entries.getFirst().payload().get("stripeAccount").asText()).isEqualTo(account);
        assertThat(entries.getFirst().payloadJson()).doesNotContain("ops@agency.example");

        onboard("agency-fork.sig");
        assertThat(activity("agency-fork.sig", Onboarding.ACTIVITY_ONBOARDED)).hasSize(1);
        assertThat(CliRun.on(db, dataDir, "audit", "verify").exitCode()).isZero();
    }

    @Test
    void aBusinessTypeGivenIsSentToStripeAndStored() {
        CliRun run = onboard("agency-fork.sig", "--business-type", "Company");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(payee("agency-fork.sig").orElseThrow().businessType()).contains("company");
    }

    @Test
    void taxFormAndPayoutAccountAreSeededFromTheRegistrysComplianceStatus() {
        // agency-fork.sig: tax submitted, payout account not verified; a US payee files a W-9.
        accountOf(onboard("agency-fork.sig", "--country", "US"));
        assertThat(payee("agency-fork.sig").orElseThrow().taxDocument()).isEqualTo(TaxDocument.W9);
        assertThat(payee("agency-fork.sig").orElseThrow().payoutAccountVerified()).isFalse();

        // enterprise-vault.sig: tax verified, payout account verified; anyone outside the US files a W-8BEN.
        accountOf(onboard("enterprise-vault.sig", "--country", "DE"));
        assertThat(payee("enterprise-vault.sig").orElseThrow().taxDocument()).isEqualTo(TaxDocument.W8BEN);
        assertThat(payee("enterprise-vault.sig").orElseThrow().payoutAccountVerified()).isTrue();

        // individual-vault.sig: nothing on file.
        accountOf(onboard("individual-vault.sig"));
        assertThat(payee("individual-vault.sig").orElseThrow().taxDocument()).isEqualTo(TaxDocument.MISSING);
        assertThat(payee("individual-vault.sig").orElseThrow().blockers())
                .contains("no tax form on file (W-9 or W-8BEN)", "payout account not verified");
    }

    @Test
    void aResponseLostAfterStripeCreatedTheAccountIsRetriedWithTheSameKeyAndStillMakesOne() {
        sandbox.faults().add(Fault.failAfterCommit("POST", "/v1/accounts", 1));

        String account = accountOf(onboard("agency-fork.sig"));

        List<RecordedRequest> creates = requests("POST", "/v1/accounts");
        assertThat(creates).hasSize(2);
        assertThat(creates).allSatisfy(r -> assertThat(r.idempotencyKey()).contains("onboard-agency-fork.sig"));
        assertThat(creates.get(1).replayed()).isTrue();
        assertThat(payee("agency-fork.sig").orElseThrow().stripeAccount()).contains(account);
    }

    @Test
    void aLinkThatFailsLeavesTheCreatedAccountRecordedAndSaysToRunAgain() {
        sandbox.faults().add(Fault.respond("POST", "/v1/account_links", 10, 400));

        CliRun run = onboard("agency-fork.sig");

        assertThat(run.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        String account = accountOf(run);
        assertThat(run.err().strip()).startsWith("licensing: Stripe did not create an onboarding link for " + account)
                .endsWith("run licensing partners onboard agency-fork.sig again for one").doesNotContain("\n");
        assertThat(payee("agency-fork.sig").orElseThrow().stripeAccount()).contains(account);
        assertThat(activity("agency-fork.sig", Onboarding.ACTIVITY_ONBOARDED)).hasSize(1);
    }

    private void assertNothingWritten(CliRun run, String expectedMessage) {
        assertThat(run.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).startsWith("licensing: ").contains(expectedMessage).doesNotContain("\n");
        assertThat(run.out()).isEmpty();
        assertThat(db.jdbi().withHandle(PayeeStore::all)).isEmpty();
        assertThat(activity("agency-fork.sig", Onboarding.ACTIVITY_ONBOARDED)).isEmpty();
    }

    @Test
    void withoutAnApiKeyItSaysSoInOneLineAndWritesNothing() {
        CliRun run = CliRun.on(db, dataDir, "partners", "onboard", "agency-fork.sig", "--stripe-api-key=",
                "--stripe-api-base=" + sandbox.baseUrl());
        assertNothingWritten(run, "no Stripe API key: set LICENSING_STRIPE_API_KEY or pass --stripe-api-key");
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void anUnknownVaultIsOneLineAndNothingIsAskedOfStripe() {
        CliRun run = onboard("nope.sig");
        assertNothingWritten(run, "unknown vault 'nope.sig'");
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void aStripeThatDoesNotAnswerIsOneLineAndNothingIsWritten() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = onboardAt("http://127.0.0.1:" + closedPort, "agency-fork.sig");
        assertNothingWritten(run, "could not reach Stripe");
        assertThat(run.err()).contains("nothing was recorded");
    }

    @Test
    void aStripeFailingWith500sIsOneLineAndNothingIsWritten() {
        sandbox.faults().add(Fault.respond("POST", "/v1/accounts", 10, 500));
        CliRun run = onboard("agency-fork.sig");
        assertNothingWritten(run, "HTTP 500");
        assertThat(requests("POST", "/v1/accounts"))
                .allSatisfy(r -> assertThat(r.idempotencyKey()).contains("onboard-agency-fork.sig"));
    }

    @Test
    void badFlagsAreOneLineBeforeAnythingHappens() {
        assertNothingWritten(onboard("agency-fork.sig", "--country", "USA"), "--country must be a two-letter");
        assertNothingWritten(onboard("agency-fork.sig", "--business-type", "llc"), "--business-type must be");
        assertNothingWritten(onboard("agency-fork.sig", "--email", "not-an-address"), "is not an email address");
        assertNothingWritten(onboard("agency-fork.sig", "--return-url", "/relative"), "--return-url must be");
        assertThat(sandbox.requests()).isEmpty();
    }
}
