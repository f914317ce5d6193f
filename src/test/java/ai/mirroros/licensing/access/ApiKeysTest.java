package ai.mirroros.licensing.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeysTest extends DatabaseTestSupport {
    private static final Pattern TOKEN = Pattern.compile("lic_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final String VAULT = "enterprise-vault.sig";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private LicensingApp app;
    private ApiKeys keys;

    @BeforeEach
    void registerVaults() {
        app = LicensingApp.over(db, Clock.fixed(T0, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        keys = app.apiKeys();
    }

    private static Matcher parts(String token) {
        Matcher matcher = TOKEN.matcher(token);
        assertThat(matcher.matches()).as(token).isTrue();
        return matcher;
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private List<Map<String, Object>> rawTable(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM " + table).mapToMap().list());
    }

    private List<ActivityEntry> activityOf(String type, String keyId) {
        return app.activityLog().recent(Optional.empty(), 500).stream()
                .filter(e -> e.type().equals(type) && e.sourceId().equals(Optional.of("api_key:" + keyId)))
                .toList();
    }

    @Test
    void theTokenIsShownOnceAndOnlyItsSha256IsStored() throws Exception {
        IssuedKey issued = keys.createForVault(VAULT, "dashboard");
        Matcher token = parts(issued.token());
        String keyId = token.group(1);
        String secret = token.group(2);

        assertThat(issued.key().keyId()).isEqualTo(keyId);
        assertThat(issued.toString()).doesNotContain(secret);
        List<Map<String, Object>> rows = rawTable("api_key");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(secret));
            assertThat(row.get("secret_hash")).isEqualTo(sha256Hex(secret));
            assertThat(row.get("key_id")).isEqualTo(keyId);
            assertThat(row.get("vault_id")).isEqualTo(VAULT);
            assertThat(row.get("role")).isEqualTo("partner");
        });
        assertThat(rawTable("activity_log")).allSatisfy(row -> assertThat(row.values())
                .allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(secret)));
        assertThat(activityOf(ApiKeys.ACTIVITY_CREATED, keyId)).singleElement()
                .satisfies(e -> assertThat(e.vaultId()).contains(VAULT));
    }

    @Test
    void twoKeysNeverShareAnIdOrASecret() {
        Matcher first = parts(keys.createForVault(VAULT, "").token());
        Matcher second = parts(keys.createForVault(VAULT, "").token());
        assertThat(first.group(1)).isNotEqualTo(second.group(1));
        assertThat(first.group(2)).isNotEqualTo(second.group(2));
    }

    @Test
    void anActiveKeyAuthenticatesAsItsVaultsPartner() {
        IssuedKey issued = keys.createForVault(VAULT, "dashboard");

        Optional<Principal> principal = keys.authenticate(issued.token());

        assertThat(principal).contains(new Principal(issued.key().keyId(), Principal.Role.PARTNER,
                Optional.of(VAULT)));
        assertThat(principal.orElseThrow().canSee(VAULT)).isTrue();
        assertThat(principal.orElseThrow().canSee("startup-vault.sig")).isFalse();
    }

    @Test
    void anAdminKeySeesEveryVault() {
        IssuedKey admin = keys.createAdmin("ops");
        Principal principal = keys.authenticate(admin.token()).orElseThrow();
        assertThat(principal.isAdmin()).isTrue();
        assertThat(principal.vaultId()).isEmpty();
        assertThat(principal.canSee("startup-vault.sig")).isTrue();
        assertThat(rawTable("api_key")).singleElement().satisfies(row -> assertThat(row.get("vault_id")).isNull());
    }

    @Test
    void aWrongSecretAnUnknownIdAndMalformedTokensAuthenticateNothing() {
        Matcher token = parts(keys.createForVault(VAULT, "").token());
        String keyId = token.group(1);
        String secret = token.group(2);
        String otherSecret = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);

        assertThat(keys.authenticate("lic_" + keyId + "_" + otherSecret)).as("wrong secret").isEmpty();
        assertThat(keys.authenticate("lic_" + "0".repeat(12) + "_" + secret)).as("unknown id").isEmpty();
        for (String malformed : new String[] {null, "", " ", "lic_", "lic_" + keyId, secret,
                "Bearer lic_" + keyId + "_" + secret, "lic_" + keyId + "_" + secret + "x",
                "lic_" + keyId.toUpperCase() + "_" + secret, "LIC_" + keyId + "_" + secret,
                "lic_" + keyId + "_" + secret.substring(1)}) {
            assertThat(keys.authenticate(malformed)).as(String.valueOf(malformed)).isEmpty();
        }
    }

    @Test
    void aRevokedKeyAuthenticatesNothingAndRevokingAgainChangesNothing() {
        IssuedKey issued = keys.createForVault(VAULT, "leaked");
        String keyId = issued.key().keyId();

        ApiKeys.Revocation first = keys.revoke(keyId);
        ApiKeys.Revocation second = keys.revoke(keyId);

        assertThat(first.alreadyRevoked()).isFalse();
        assertThat(first.key().revokedAt()).contains(T0);
        assertThat(second.alreadyRevoked()).isTrue();
        assertThat(second.key().revokedAt()).contains(T0);
        assertThat(keys.authenticate(issued.token())).isEmpty();
        assertThat(activityOf(ApiKeys.ACTIVITY_REVOKED, keyId)).hasSize(1);
        assertThat(keys.list(Optional.of(VAULT))).singleElement().satisfies(k -> assertThat(k.active()).isFalse());
        assertThat(app.activityLog().verify().ok()).isTrue();
    }

    @Test
    void revokingAnUnknownKeyIsAnError() {
        assertThatThrownBy(() -> keys.revoke("000000000000"))
                .isInstanceOfSatisfying(LicensingException.class, e -> {
                    assertThat(e.code()).isEqualTo("unknown_key");
                    assertThat(e.getMessage()).contains("000000000000", "keys list");
                });
    }

    @Test
    void theListShowsEveryKeyNewestFirstAndNeverASecret() {
        IssuedKey older = keys.createForVault(VAULT, "older");
        IssuedKey admin = LicensingApp.over(db, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC)).apiKeys()
                .createAdmin("ops");
        IssuedKey newer = LicensingApp.over(db, Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC)).apiKeys()
                .createForVault("startup-vault.sig", "newer");

        List<ApiKey> all = keys.list(Optional.empty());

        assertThat(all).extracting(ApiKey::keyId).containsExactly(newer.key().keyId(), admin.key().keyId(),
                older.key().keyId());
        assertThat(keys.list(Optional.of(VAULT))).extracting(ApiKey::label).containsExactly("older");
        for (IssuedKey issued : List.of(older, admin, newer)) {
            String secret = parts(issued.token()).group(2);
            assertThat(all.toString()).doesNotContain(secret);
        }
    }

    @Test
    void aKeyForAnUnknownVaultIsRefused() {
        assertThatThrownBy(() -> keys.createForVault("nobody.sig", ""))
                .isInstanceOf(UnknownVaultException.class)
                .hasMessageContaining("nobody.sig");
        assertThat(rawTable("api_key")).isEmpty();
    }

    @Test
    void aLabelIsTrimmedAndBounded() {
        assertThat(keys.createForVault(VAULT, "  dashboard  ").key().label()).isEqualTo("dashboard");
        assertThatThrownBy(() -> keys.createAdmin("x".repeat(ApiKeys.MAX_LABEL_LENGTH + 1)))
                .isInstanceOfSatisfying(LicensingException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_key_label"));
    }
}
