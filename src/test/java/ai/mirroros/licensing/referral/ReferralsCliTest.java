package ai.mirroros.licensing.referral;

import static ai.mirroros.licensing.referral.ReferralWorld.DEEP;
import static ai.mirroros.licensing.referral.ReferralWorld.ENTERPRISE;
import static ai.mirroros.licensing.referral.ReferralWorld.INDIVIDUAL;
import static ai.mirroros.licensing.referral.ReferralWorld.MIDCO;
import static ai.mirroros.licensing.referral.ReferralWorld.NEWCO;
import static ai.mirroros.licensing.referral.ReferralWorld.SHALLOW;
import static ai.mirroros.licensing.referral.ReferralWorld.STARTUP;
import static ai.mirroros.licensing.referral.ReferralWorld.THIN;
import static ai.mirroros.licensing.referral.ReferralWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing referrals …} as a user runs it: codes, sign-up, share, stats tied to the ledger, explain. */
class ReferralsCliTest extends DatabaseTestSupport {
    private static final String AS_OF = "--as-of=2026-06-01T00:00:00Z";

    @TempDir
    Path dataDir;
    private ReferralWorld world;

    @BeforeEach
    void world() {
        world = ReferralWorld.over(db);
    }

    private Cli.Run run(String... args) {
        return Cli.on(db, dataDir, args);
    }

    @Test
    void codesAreCreatedListedAndRevokedFromTheCommandLine() {
        Cli.Run created = run("referrals", "codes", "create", "--vault", ENTERPRISE, "--label", "spring");
        assertThat(created.exitCode()).isZero();
        String code = created.out().replaceAll("(?s).*created referral code (\\S+) .*", "$1");
        assertThat(created.out()).contains("share link: http://localhost:8080/r/" + code);

        assertThat(run("referrals", "codes", "list", "--vault", ENTERPRISE).out())
                .contains(code).contains("active").contains("spring");
        assertThat(run("referrals", "codes", "revoke", code).out()).contains("revoked referral code " + code);
        assertThat(run("referrals", "codes", "list").out()).contains("revoked");

        Cli.Run again = run("referrals", "codes", "revoke", code);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err().strip()).startsWith("licensing: referral code " + code + " was already revoked")
                .doesNotContain("\n");
    }

    @Test
    void aRefusedCodeOrSignUpIsOneLineAndExitCodeTwo() {
        Cli.Run off = run("referrals", "codes", "create", "--vault", "agency-fork.sig");
        Cli.Run unknown = run("referrals", "sign-up", NEWCO, "--code", "ZZZZ-ZZZZ");

        for (Cli.Run refused : List.of(off, unknown)) {
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err().strip()).startsWith("licensing: ").doesNotContain("\n");
        }
        assertThat(off.err()).contains("referral programme off");
        assertThat(unknown.err()).contains("unknown referral code 'ZZZZ-ZZZZ'");
    }

    @Test
    void signUpPrintsTheChainAndWhatIsBeyondTheDepth() {
        String code = world.code(STARTUP);

        Cli.Run signup = run("referrals", "sign-up", SHALLOW, "--code", code,
                "--as-of=2026-02-01T00:00:00Z");

        assertThat(signup.exitCode()).isZero();
        assertThat(signup.out()).contains(SHALLOW + " signed up with code " + code + " of " + STARTUP
                        + " at 2026-02-01T00:00:00Z")
                .contains("referrer chain: " + STARTUP + " (maxReferralDepth 1)")
                .contains("not in the chain, beyond maxReferralDepth: " + INDIVIDUAL);
    }

    @Test
    void statsShowTheFunnelAndCommissionsThatTieToTheLedger() {
        String a = world.code(STARTUP);
        String b = world.referrals.codes().create(STARTUP, Optional.of("second")).code();
        String unused = world.referrals.codes().create(STARTUP, Optional.empty()).code();
        world.signUp(NEWCO, a);
        world.signUp(MIDCO, b);
        world.pay("pi_n1", NEWCO, "1000.00", Instant.parse("2026-02-10T00:00:00Z"));
        world.pay("pi_n2", NEWCO, "250.00", Instant.parse("2026-02-11T00:00:00Z"));
        world.pay("pi_m1", MIDCO, "400.00", Instant.parse("2026-02-12T00:00:00Z"));
        assertThat(run("referrals", "share", a).out()).contains("counted a share of " + a);
        world.referrals.funnel().increment(FunnelCounts.REFERRAL_VISIT, a);
        world.referrals.funnel().increment(FunnelCounts.REFERRAL_VISIT, a);

        String stats = run("referrals", "stats", "--vault", STARTUP).out();

        // newco: 5 % of 971.00 + 5 % of 242.75 = 48.55 + 12.14; midco: 5 % of 388.40 = 19.42.
        assertThat(stats).containsPattern(a + "\\s+startup-vault.sig\\s+active\\s+1\\s+2\\s+1\\s+1\\s+60.69 USD");
        assertThat(stats).containsPattern(b + "\\s+startup-vault.sig\\s+active\\s+0\\s+0\\s+1\\s+1\\s+19.42 USD");
        assertThat(stats).containsPattern(unused + "\\s+startup-vault.sig\\s+active\\s+0\\s+0\\s+0\\s+0\\s+0.00");
        Money perCode = world.referrals.stats().stats(Optional.of(STARTUP)).stream()
                .flatMap(s -> s.commissions().stream()).reduce(Money.zero(USD), Money::plus);
        assertThat(perCode).as("the codes' earnings are the owner's referrer account")
                .isEqualTo(world.referrerPending(STARTUP)).isEqualTo(Money.parse("80.11", USD));
    }

    @Test
    void explainShowsCappedLevelsPaymentsBeforeTheSignUpAndTheReferrersSide() {
        world.pay("pi_early", THIN, "1000.00", Instant.parse("2026-01-20T00:00:00Z"));
        String code = world.code(STARTUP);
        world.signUp(THIN, code);
        // The platform bears the fee: a 14.00 fee leaves 1.00 of the 15.00 master share for the referrers.
        world.pay("pi_thin", THIN, "100.00", "14.00", Instant.parse("2026-02-10T00:00:00Z"));
        world.pay("pi_wide", THIN, "1000.00", "29.00", Instant.parse("2026-02-11T00:00:00Z"));

        // As of Feb 20 the 30-day window holds both referred payments: 1100.00 USD, below the first step.
        String explained = run("referrals", "explain", THIN, "--as-of=2026-02-20T00:00:00Z").out();

        assertThat(explained).contains("signed up with code " + code + " of " + STARTUP + " at 2026-02-01T00:00:00Z")
                .contains("terms in force: maxReferralDepth 2, referrerShare 5%, 2%; 3 payments posted")
                .contains("level 1  " + STARTUP + "\n  rate 5%, no volume bonus (referred revenue 1100.00 USD over "
                        + "the last 30 days)\n  paid so far: 2 payments, 51.00 USD\n  capped: 1 payment")
                .contains("level 2  " + INDIVIDUAL + "\n  rate 2%, no volume bonus")
                .contains("  paid so far: 1 payment, 20.00 USD\n  capped: 1 payment paid less than the rate (or "
                        + "nothing): the master share was exhausted")
                .contains("not paid: 1 payment before the sign-up at 2026-02-01T00:00:00Z paid no referrer "
                        + "(no chain yet)");

        String referrer = run("referrals", "explain", STARTUP, AS_OF).out();
        assertThat(referrer).contains("referrer chain from its registry configuration")
                .contains("as a referrer, " + STARTUP + " was credited:\n  from " + THIN
                        + " (signed up with code " + code + "): 2 payments, 51.00 USD");
    }

    @Test
    void explainSaysWhichLevelsAreBeyondTheDepthOrHaveNoRate() {
        world.signUp(MIDCO, world.code(STARTUP));
        world.signUp(SHALLOW, world.code(STARTUP));
        world.signUp(DEEP, world.code(MIDCO));
        world.pay("pi_deep", DEEP, "1000.00", Instant.parse("2026-02-10T00:00:00Z"));

        String shallow = run("referrals", "explain", SHALLOW, AS_OF).out();
        String deep = run("referrals", "explain", DEEP, AS_OF).out();

        assertThat(shallow).contains("level 2  " + INDIVIDUAL + "\n  not paid: beyond maxReferralDepth 1");
        assertThat(deep).contains("level 1  " + MIDCO + "\n  rate 5%")
                .contains("level 2  " + STARTUP + "\n  rate 2%")
                .contains("level 3  " + INDIVIDUAL + "\n  not paid: no rate configured for level 3 "
                        + "(referrerShare has 2 levels)\n  paid so far: 0 payments, nothing");
    }

    @Test
    void explainSaysWhenAReferrerHadTheProgrammeOff() {
        world.signUp(NEWCO, world.code(STARTUP));
        Instant off = Instant.parse("2026-03-01T00:00:00Z");
        world.app.vaults().importVaults(List.of(ReferralWorld.withProgramme(world.app.vaults().require(STARTUP, off),
                false)), off);
        world.pay("pi_off", NEWCO, "1000.00", Instant.parse("2026-03-05T00:00:00Z"));

        String explained = run("referrals", "explain", NEWCO, AS_OF).out();

        assertThat(explained).contains("level 1  " + STARTUP + "\n  not paid: the referrer's referral programme "
                        + "is off (monetizationConfig.referralProgram)\n  paid so far: 0 payments, nothing\n"
                        + "  not paid: 1 payment while the referrer's referral programme was off")
                .contains("level 2  " + INDIVIDUAL + "\n  rate 2%");
    }

    @Test
    void aVaultWithoutReferrersIsSaidToHaveNone() {
        assertThat(run("referrals", "explain", ENTERPRISE, AS_OF).out())
                .contains("no referrer chain: it did not sign up with a referral code")
                .contains("as a referrer: " + ENTERPRISE + " has not been credited any commission");
    }
}
