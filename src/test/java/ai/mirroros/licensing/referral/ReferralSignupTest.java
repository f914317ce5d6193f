package ai.mirroros.licensing.referral;

import static ai.mirroros.licensing.referral.ReferralWorld.AGENCY;
import static ai.mirroros.licensing.referral.ReferralWorld.ENTERPRISE;
import static ai.mirroros.licensing.referral.ReferralWorld.INDIVIDUAL;
import static ai.mirroros.licensing.referral.ReferralWorld.MIDCO;
import static ai.mirroros.licensing.referral.ReferralWorld.NEWCO;
import static ai.mirroros.licensing.referral.ReferralWorld.SHALLOW;
import static ai.mirroros.licensing.referral.ReferralWorld.SIGNUP;
import static ai.mirroros.licensing.referral.ReferralWorld.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReferralSignupTest extends DatabaseTestSupport {
    private ReferralWorld world;

    @BeforeEach
    void world() {
        world = ReferralWorld.over(db);
    }

    private long rows(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void aSignUpGivesTheVaultTheOwnersChainAsANewVersionFromTheSignUpOn() {
        String code = world.code(STARTUP);

        ReferralSignups.Signup signup = world.signUp(NEWCO, code);

        // startup-vault.sig was itself referred by individual-vault.sig: level 1 and level 2.
        assertThat(signup.referrerChain()).containsExactly(STARTUP, INDIVIDUAL);
        List<VaultVersion> history = world.app.vaults().history(NEWCO);
        assertThat(history).hasSize(2);
        assertThat(history.get(1).effectiveFrom()).isEqualTo(SIGNUP);
        assertThat(world.app.vaults().require(NEWCO, SIGNUP).mirrorOrigin().referrerChain())
                .containsExactly(STARTUP, INDIVIDUAL);
        assertThat(world.app.vaults().require(NEWCO, SIGNUP.minusSeconds(1)).mirrorOrigin().referrerChain())
                .as("before the sign-up the vault had no chain").isEmpty();
        LicensedVault before = history.get(0).vault();
        LicensedVault after = history.get(1).vault();
        assertThat(after.revenueSharing()).isEqualTo(before.revenueSharing());
        assertThat(after.licenseType()).isEqualTo(before.licenseType());

        ActivityEntry logged = world.app.activityLog().recent(Optional.of(NEWCO), 10).stream()
                .filter(e -> e.type().equals(ReferralSignups.ACTIVITY_SIGNED_UP)).findFirst().orElseThrow();
        assertThat(logged.occurredAt()).isEqualTo(SIGNUP);
        assertThat(world.app.activityLog().verify().ok()).isTrue();
        String referrer = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT referrer_vault_id FROM referral_signup WHERE vault_id = :v AND code = :c")
                .bind("v", NEWCO).bind("c", code).mapTo(String.class).one());
        assertThat(referrer).isEqualTo(STARTUP);
    }

    @Test
    void theChainIsCutAtTheReferredVaultsMaximumDepth() {
        ReferralSignups.Signup signup = world.signUp(SHALLOW, world.code(STARTUP));

        assertThat(signup.referrerChain()).containsExactly(STARTUP);
        assertThat(signup.fullChain()).containsExactly(STARTUP, INDIVIDUAL);
        assertThat(world.app.vaults().require(SHALLOW, SIGNUP).mirrorOrigin().referrerChain())
                .containsExactly(STARTUP);
    }

    @Test
    void aCodeIsTypedWithoutCaseOrHyphenTroubles() {
        String code = world.code(ENTERPRISE);

        ReferralSignups.Signup signup = world.signUp(NEWCO, " " + code.toLowerCase().replace("-", "") + " ");

        assertThat(signup.code()).isEqualTo(code);
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertRefused(() -> world.signUp(NEWCO, "ZZZZ-ZZZZ"), "unknown_referral_code",
                "unknown referral code 'ZZZZ-ZZZZ'");
    }

    @Test
    void aRevokedCodeIsRefused() {
        String code = world.code(ENTERPRISE);
        world.referrals.codes().revoke(code);

        assertRefused(() -> world.signUp(NEWCO, code), "referral_code_revoked", "was revoked at");
    }

    @Test
    void aVaultCannotReferItself() {
        String code = world.code(ENTERPRISE);

        assertRefused(() -> world.referrals.signups().signUp(ENTERPRISE, code, SIGNUP),
                "self_referral", "its own referral code");
    }

    @Test
    void aSignUpThatWouldCloseACycleIsRefused() {
        world.signUp(MIDCO, world.code(NEWCO));
        String midcos = world.code(MIDCO);

        // newco signing up with midco's code: newco → midco → newco.
        assertRefused(() -> world.signUp(NEWCO, midcos), "referral_cycle",
                "newco.sig → midco.sig → newco.sig");
    }

    @Test
    void aVaultWithAChainFromTheRegistryIsRefused() {
        String code = world.code(ENTERPRISE);

        assertRefused(() -> world.signUp(AGENCY, code), "already_referred",
                "already has the referrer chain [startup-vault.sig, individual-vault.sig]");
    }

    @Test
    void aVaultSignsUpOnceForLife() {
        world.signUp(NEWCO, world.code(STARTUP));
        String another = world.code(ENTERPRISE);

        assertRefused(() -> world.signUp(NEWCO, another), "already_referred",
                "already signed up with code");
    }

    @Test
    void aSignUpBeforeTheVaultsLatestConfigurationIsRefused() {
        String code = world.code(ENTERPRISE);
        Instant changed = SIGNUP.plus(Duration.ofDays(9));
        LicensedVault newco = world.app.vaults().require(NEWCO, SIGNUP);
        world.app.vaults().importVaults(List.of(ReferralWorld.derived(newco, NEWCO,
                ReferralWorld.sharing(newco.revenueSharing(), 8_100, 2, newco.revenueSharing().feeBearer()))),
                changed);

        // A version taking effect after the sign-up would replace the chain from then on.
        assertRefused(() -> world.signUp(NEWCO, code), "signup_before_latest_version",
                "sign up at or after 2026-02-10T00:00:00Z");
    }

    @Test
    void aSignUpBeforeTheCodeExistedIsRefused() {
        String code = world.code(ENTERPRISE);

        assertRefused(() -> world.referrals.signups().signUp(NEWCO, code, ReferralWorld.CODES_AT.minusSeconds(1)),
                "referral_code_not_yet_created", "after the sign-up time");
    }

    @Test
    void anOwnerWhoseProgrammeIsNowOffAcceptsNoSignUps() {
        String code = world.code(ENTERPRISE);
        LicensedVault off = ReferralWorld.withProgramme(world.app.vaults().require(ENTERPRISE, SIGNUP), false);
        world.app.vaults().importVaults(List.of(off), ReferralWorld.CODES_AT.plusSeconds(60));

        assertRefused(() -> world.signUp(NEWCO, code), "referral_programme_off", "accept no sign-ups");
    }

    private void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable signUp, String code,
                               String message) {
        long versions = rows("vault_version");
        long signups = rows("referral_signup");
        long activity = world.app.activityLog().head().lastSeq();

        assertThatThrownBy(signUp).isInstanceOfSatisfying(LicensingException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message).doesNotContain("\n");
        });

        assertThat(rows("vault_version")).as("no half-written sign-up").isEqualTo(versions);
        assertThat(rows("referral_signup")).isEqualTo(signups);
        assertThat(world.app.activityLog().head().lastSeq()).isEqualTo(activity);
    }
}
