package ai.mirroros.licensing.referral;

import static ai.mirroros.licensing.referral.ReferralWorld.AGENCY;
import static ai.mirroros.licensing.referral.ReferralWorld.CODES_AT;
import static ai.mirroros.licensing.referral.ReferralWorld.ENTERPRISE;
import static ai.mirroros.licensing.referral.ReferralWorld.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReferralCodesTest extends DatabaseTestSupport {
    private ReferralWorld world;
    private ReferralCodes codes;

    @BeforeEach
    void world() {
        world = ReferralWorld.over(db);
        codes = world.referrals.codes();
    }

    @Test
    void aCodeIsReadableUniqueAndHasAShareLink() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ReferralCode code = codes.create(ENTERPRISE, Optional.of("campaign " + i));
            assertThat(code.code()).matches("[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}");
            assertThat(seen.add(code.code())).isTrue();
            world.clock.advance(Duration.ofSeconds(1));
        }
        ReferralCode first = codes.list(Optional.of(ENTERPRISE)).getFirst();
        assertThat(first.label()).contains("campaign 0");
        assertThat(first.createdAt()).isEqualTo(CODES_AT);
        assertThat(first.shareLink(world.app.platformTerms()).toString())
                .isEqualTo("http://localhost:8080/r/" + first.code());
        assertThat(world.app.activityLog().recent(Optional.of(ENTERPRISE), 50))
                .filteredOn(e -> e.type().equals(ReferralCodes.ACTIVITY_CREATED)).hasSize(20);
    }

    @Test
    void aVaultWithTheProgrammeOffGetsNoCode() {
        assertThatThrownBy(() -> codes.create(AGENCY, Optional.empty()))
                .isInstanceOfSatisfying(LicensingException.class, e -> assertThat(e.code())
                        .isEqualTo("referral_programme_off"))
                .hasMessageContaining("monetizationConfig.referralProgram");
        assertThat(codes.list(Optional.empty())).isEmpty();
    }

    @Test
    void anUnknownVaultGetsNoCode() {
        assertThatThrownBy(() -> codes.create("ghost.sig", Optional.empty()))
                .isInstanceOf(LicensingException.class).hasMessageContaining("unknown vault 'ghost.sig'");
    }

    @Test
    void listsAreOldestFirstAndPerVault() {
        String a = codes.create(ENTERPRISE, Optional.empty()).code();
        world.clock.advance(Duration.ofMinutes(1));
        String b = codes.create(STARTUP, Optional.empty()).code();
        world.clock.advance(Duration.ofMinutes(1));
        String c = codes.create(ENTERPRISE, Optional.empty()).code();

        assertThat(codes.list(Optional.empty())).extracting(ReferralCode::code).containsExactly(a, b, c);
        assertThat(codes.list(Optional.of(ENTERPRISE))).extracting(ReferralCode::code).containsExactly(a, c);
    }

    @Test
    void aRevokedCodeIsListedAsSuchAndNoLongerActive() {
        String code = codes.create(ENTERPRISE, Optional.empty()).code();
        world.clock.advance(Duration.ofDays(1));

        ReferralCode revoked = codes.revoke(code.toLowerCase());

        assertThat(revoked.revokedAt()).contains(CODES_AT.plus(Duration.ofDays(1)));
        assertThat(codes.list(Optional.empty()).getFirst().active()).isFalse();
        assertThat(codes.findActive(code)).isEmpty();
        assertThatThrownBy(() -> codes.revoke(code)).isInstanceOf(LicensingException.class)
                .hasMessageContaining("already revoked");
        assertThatThrownBy(() -> codes.revoke("NOPE")).isInstanceOf(LicensingException.class)
                .hasMessageContaining("unknown referral code 'NOPE'");
    }

    @Test
    void aVaultHasAtMostAHundredActiveCodes() {
        for (int i = 0; i < ReferralCodes.ACTIVE_CODES_PER_VAULT_MAX; i++) {
            codes.create(STARTUP, Optional.empty());
        }

        assertThatThrownBy(() -> codes.create(STARTUP, Optional.empty())).isInstanceOf(LicensingException.class)
                .hasMessageContaining("already has 100 active codes");
        codes.revoke(codes.list(Optional.of(STARTUP)).getFirst().code());
        assertThat(codes.create(STARTUP, Optional.empty()).active()).isTrue();
    }

    @Test
    void aLabelIsBounded() {
        assertThatThrownBy(() -> codes.create(ENTERPRISE, Optional.of("x".repeat(201))))
                .isInstanceOf(LicensingException.class).hasMessageContaining("at most 200");
        assertThat(codes.create(ENTERPRISE, Optional.of("   ")).label()).isEmpty();
    }
}
