package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.payout.Onboarding;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code licensing partners list|show|tax|payout-account|hold|release}: what an operator sees, and that each record
 * changes exactly its own field (and so the payee's blockers), is logged with who and why, and is written once.
 */
class PartnersRecordsCliTest extends DatabaseTestSupport {
    private static final Instant SEEDED_AT = Instant.parse("2026-03-01T09:00:00Z");
    /** Everything in order: the gate lets it through. */
    private static final Payee PAYABLE = new Payee("enterprise-vault.sig", Optional.of("acct_enterprise"),
            Optional.of("US"), Optional.of("finance@enterprise.example"), Optional.of("company"), KycStatus.VERIFIED,
            Optional.empty(), true, TaxDocument.W9, true, Optional.empty(), SEEDED_AT);
    /** Fresh from onboarding: KYC pending at Stripe, nothing recorded by operators. */
    private static final Payee PENDING = new Payee("individual-vault.sig", Optional.of("acct_individual"),
            Optional.of("DE"), Optional.empty(), Optional.empty(), KycStatus.PENDING,
            Optional.of("due: external_account"), false, TaxDocument.MISSING, false, Optional.empty(), SEEDED_AT);

    @TempDir
    Path dataDir;

    @BeforeEach
    void seedPayees() {
        db.jdbi().useTransaction(h -> {
            PayeeStore.save(h, PAYABLE);
            PayeeStore.save(h, PENDING);
        });
    }

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    private Payee payee(String id) {
        return db.jdbi().withHandle(h -> PayeeStore.find(h, id)).orElseThrow();
    }

    private List<ActivityEntry> activity(String vaultId, String type) {
        return LicensingApp.over(db, Clock.systemUTC()).activityLog().recent(Optional.of(vaultId), 100).stream()
                .filter(entry -> entry.type().equals(type)).toList();
    }

    /** {@code before} with its tax form, payout-account flag or hold replaced, stamped with {@code at}. */
    private static Payee with(Payee before, TaxDocument tax, boolean accountVerified, Optional<String> hold,
                              Instant at) {
        return new Payee(before.payeeId(), before.stripeAccount(), before.country(), before.email(),
                before.businessType(), before.kyc(), before.kycDetail(), before.payoutsEnabled(), tax, accountVerified,
                hold, at);
    }

    @Test
    void listShowsEveryPayeeWithPayableOrItsBlockers() {
        CliRun list = run("partners", "list");

        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("PAYEE", "STRIPE ACCOUNT", "KYC", "TAX", "PAYOUT ACCOUNT", "HOLD", "STATUS");
        assertThat(lines.get(1)).contains("enterprise-vault.sig", "acct_enterprise", "verified", "w9").endsWith("payable");
        assertThat(lines.get(2)).contains("individual-vault.sig", "acct_individual", "pending", "missing",
                "unverified", String.join("; ", PENDING.blockers()));
    }

    @Test
    void listAsJsonCarriesEveryFieldAndTheBlockers() throws Exception {
        CliRun list = run("partners", "list", "--format", "json");

        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode payees = LicensingApp.newObjectMapper().readTree(list.out());
        assertThat(payees).hasSize(2);
        JsonNode pending = payees.get(1);
        assertThat(pending.get("payee").asText()).isEqualTo("individual-vault.sig");
        assertThat(pending.get("stripeAccount").asText()).isEqualTo("acct_individual");
        assertThat(pending.get("kyc").asText()).isEqualTo("pending");
        assertThat(pending.get("kycDetail").asText()).isEqualTo("due: external_account");
        assertThat(pending.get("taxDocument").asText()).isEqualTo("missing");
        assertThat(pending.get("payoutAccountVerified").asBoolean()).isFalse();
        assertThat(pending.get("hold").isNull()).isTrue();
        assertThat(pending.get("payable").asBoolean()).isFalse();
        assertThat(pending.get("blockers")).extracting(JsonNode::asText).containsExactlyElementsOf(PENDING.blockers());
        assertThat(payees.get(0).get("payable").asBoolean()).isTrue();
        assertThat(payees.get(0).get("blockers")).isEmpty();
    }

    @Test
    void listWithNoPayeesSaysHowToOnboardOne() {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM payee"));
        CliRun list = run("partners", "list");
        assertThat(list.out()).contains("no payees yet", "licensing partners onboard VAULT");
        assertThat(run("partners", "list", "--format", "json").out().strip()).isEqualTo("[]");
    }

    @Test
    void showPrintsAllFieldsAndEachBlocker() {
        CliRun show = run("partners", "show", "individual-vault.sig");

        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).containsPattern("stripe account\\s+acct_individual")
                .containsPattern("country\\s+DE")
                .containsPattern("kyc\\s+pending")
                .containsPattern("kyc detail\\s+due: external_account")
                .containsPattern("payouts enabled\\s+no")
                .containsPattern("tax form\\s+missing")
                .containsPattern("payout account\\s+unverified")
                .containsPattern("status\\s+blocked");
        for (String blocker : PENDING.blockers()) {
            assertThat(show.out()).contains("  - " + blocker);
        }
        assertThat(run("partners", "show", "enterprise-vault.sig").out()).containsPattern("status\\s+payable")
                .containsPattern("email\\s+finance@enterprise.example");
    }

    @Test
    void taxRecordChangesOnlyTheTaxFormAndIsLoggedWithWhoAndWhy() {
        CliRun tax = run("partners", "tax", "individual-vault.sig", "--form", "w8ben", "--by", "ops-bob",
                "--reason", "W-8BEN received by post");

        assertThat(tax.exitCode()).as(tax.err()).isZero();
        assertThat(tax.out()).contains("individual-vault.sig: tax form missing -> w8ben", "status: blocked: ");
        Payee after = payee("individual-vault.sig");
        assertThat(after).isEqualTo(with(PENDING, TaxDocument.W8BEN, false, Optional.empty(), after.updatedAt()));
        assertThat(after.updatedAt()).isAfter(SEEDED_AT);
        assertThat(after.blockers()).containsExactlyElementsOf(PENDING.blockers().stream()
                .filter(b -> !b.startsWith("no tax form")).toList());

        List<ActivityEntry> entries = activity("individual-vault.sig", Onboarding.ACTIVITY_TAX_DOCUMENT);
        assertThat(entries).hasSize(1);
        JsonNode payload = entries.getFirst().payload();
        assertThat(payload.get("from").asText()).isEqualTo("missing");
        assertThat(payload.get("to").asText()).isEqualTo("w8ben");
        assertThat(payload.get("by").asText()).isEqualTo("ops-bob");
        assertThat(payload.get("reason").asText()).isEqualTo("W-8BEN received by post");
    }

    @Test
    void recordingWhatIsAlreadyOnFileWritesNothing() {
        CliRun again = run("partners", "tax", "enterprise-vault.sig", "--form", "w9");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("tax form already w9; nothing recorded", "status: payable");
        assertThat(payee("enterprise-vault.sig")).isEqualTo(PAYABLE);
        assertThat(activity("enterprise-vault.sig", Onboarding.ACTIVITY_TAX_DOCUMENT)).isEmpty();
    }

    @Test
    void withdrawingTheTaxFormBlocksAPayablePayee() {
        CliRun withdrawn = run("partners", "tax", "enterprise-vault.sig", "--form", "missing");

        assertThat(withdrawn.out()).contains("tax form w9 -> missing",
                "status: blocked: no tax form on file (W-9 or W-8BEN)");
        assertThat(payee("enterprise-vault.sig").blockers()).containsExactly("no tax form on file (W-9 or W-8BEN)");
    }

    @Test
    void payoutAccountRecordChangesOnlyThatFlag() {
        CliRun unverified = run("partners", "payout-account", "enterprise-vault.sig", "--unverified", "--reason",
                "bank returned a test deposit");

        assertThat(unverified.exitCode()).as(unverified.err()).isZero();
        assertThat(unverified.out()).contains("payout account verified -> unverified",
                "status: blocked: payout account not verified");
        Payee after = payee("enterprise-vault.sig");
        assertThat(after).isEqualTo(with(PAYABLE, TaxDocument.W9, false, Optional.empty(), after.updatedAt()));
        assertThat(after.blockers()).containsExactly("payout account not verified");

        CliRun verified = run("partners", "payout-account", "enterprise-vault.sig", "--verified");
        assertThat(verified.out()).contains("payout account unverified -> verified", "status: payable");
        assertThat(payee("enterprise-vault.sig").payable()).isTrue();

        List<ActivityEntry> entries = activity("enterprise-vault.sig", Onboarding.ACTIVITY_PAYOUT_ACCOUNT);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).payload().get("reason").asText()).isEqualTo("bank returned a test deposit");
        assertThat(entries.get(0).payload().get("to").asText()).isEqualTo("verified");
    }

    @Test
    void payoutAccountNeedsExactlyOneOfVerifiedOrUnverified() {
        assertThat(run("partners", "payout-account", "enterprise-vault.sig").exitCode())
                .isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(run("partners", "payout-account", "enterprise-vault.sig", "--verified", "--unverified")
                .exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(payee("enterprise-vault.sig")).isEqualTo(PAYABLE);
    }

    @Test
    void holdBlocksWithItsReasonAndReleaseLiftsIt() {
        CliRun hold = run("partners", "hold", "enterprise-vault.sig", "--reason", "chargeback review", "--by",
                "risk-carol");

        assertThat(hold.exitCode()).as(hold.err()).isZero();
        assertThat(hold.out()).contains("on hold: chargeback review", "status: blocked: on hold: chargeback review");
        Payee held = payee("enterprise-vault.sig");
        assertThat(held).isEqualTo(with(PAYABLE, TaxDocument.W9, true, Optional.of("chargeback review"),
                held.updatedAt()));
        assertThat(held.blockers()).containsExactly("on hold: chargeback review");

        CliRun release = run("partners", "release", "enterprise-vault.sig", "--reason", "dispute won");
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("hold released (was: chargeback review)", "status: payable");
        Payee released = payee("enterprise-vault.sig");
        assertThat(released).isEqualTo(with(PAYABLE, TaxDocument.W9, true, Optional.empty(), released.updatedAt()));

        assertThat(activity("enterprise-vault.sig", Onboarding.ACTIVITY_HELD)).singleElement()
                .satisfies(e -> assertThat(e.payload().get("reason").asText()).isEqualTo("chargeback review"))
                .satisfies(e -> assertThat(e.payload().get("by").asText()).isEqualTo("risk-carol"));
        assertThat(activity("enterprise-vault.sig", Onboarding.ACTIVITY_RELEASED)).singleElement()
                .satisfies(e -> assertThat(e.payload().get("previousHold").asText()).isEqualTo("chargeback review"))
                .satisfies(e -> assertThat(e.payload().get("reason").asText()).isEqualTo("dispute won"));
        assertThat(run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void aNewHoldReasonReplacesTheOldAndReleasingAPayeeNotHeldWritesNothing() {
        run("partners", "hold", "enterprise-vault.sig", "--reason", "first");
        CliRun replaced = run("partners", "hold", "enterprise-vault.sig", "--reason", "second");
        assertThat(replaced.out()).contains("on hold: second (was: first)");
        assertThat(payee("enterprise-vault.sig").holdReason()).contains("second");
        CliRun same = run("partners", "hold", "enterprise-vault.sig", "--reason", "second");
        assertThat(same.out()).contains("already on hold for that reason; nothing recorded");
        assertThat(activity("enterprise-vault.sig", Onboarding.ACTIVITY_HELD)).hasSize(2);

        CliRun notHeld = run("partners", "release", "individual-vault.sig");
        assertThat(notHeld.exitCode()).isZero();
        assertThat(notHeld.out()).contains("not on hold; nothing recorded");
        assertThat(payee("individual-vault.sig")).isEqualTo(PENDING);
        assertThat(activity("individual-vault.sig", Onboarding.ACTIVITY_RELEASED)).isEmpty();
    }

    @Test
    void aHoldNeedsAReason() {
        CliRun blank = run("partners", "hold", "enterprise-vault.sig", "--reason", "  ");
        assertThat(blank.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(blank.err().strip()).isEqualTo("licensing: --reason must say why enterprise-vault.sig is held");
        assertThat(run("partners", "hold", "enterprise-vault.sig").exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(payee("enterprise-vault.sig")).isEqualTo(PAYABLE);
    }

    @Test
    void anUnknownPayeeIsOneLineNamingTheOnboardCommand() {
        String expected = "licensing: 'nope.sig' is not onboarded: run licensing partners onboard nope.sig";
        List<String[]> commands = List.of(
                new String[] {"partners", "show", "nope.sig"},
                new String[] {"partners", "tax", "nope.sig", "--form", "w9"},
                new String[] {"partners", "payout-account", "nope.sig", "--verified"},
                new String[] {"partners", "hold", "nope.sig", "--reason", "x"},
                new String[] {"partners", "release", "nope.sig"});
        for (String[] command : commands) {
            CliRun run = run(command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
            assertThat(run.err().strip()).as(String.join(" ", command)).isEqualTo(expected);
        }
        assertThat(LicensingApp.over(db, Clock.systemUTC()).activityLog().recent(Optional.of("nope.sig"), 10))
                .isEmpty();
    }

    @Test
    void badValuesAreOneLine() {
        CliRun form = run("partners", "tax", "enterprise-vault.sig", "--form", "w10");
        assertThat(form.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(form.err().strip()).isEqualTo("licensing: --form must be w9, w8ben or missing, got 'w10'");
        CliRun format = run("partners", "list", "--format", "xml");
        assertThat(format.err().strip()).isEqualTo("licensing: --format must be table or json, got 'xml'");
        assertThat(payee("enterprise-vault.sig")).isEqualTo(PAYABLE);
    }
}
