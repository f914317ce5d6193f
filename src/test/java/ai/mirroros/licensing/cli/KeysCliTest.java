package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.DatabaseTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing keys create|list|revoke} against a test database. */
class KeysCliTest extends DatabaseTestSupport {
    private static final Pattern TOKEN_LINE = Pattern.compile("lic_([0-9a-f]{12})_([A-Za-z0-9_-]{43})\\R");
    private static final String VAULT = "enterprise-vault.sig";

    @TempDir
    Path dataDir;

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @BeforeEach
    void importVaults() {
        CliRun imported = run("vaults", "import", "examples/licensed-vaults.json", "--as-of", "2026-01-01");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    /** Creates a key; returns its stdout matched as exactly one token line. */
    private Matcher create(String... scope) {
        String[] args = new String[scope.length + 2];
        args[0] = "keys";
        args[1] = "create";
        System.arraycopy(scope, 0, args, 2, scope.length);
        CliRun created = run(args);
        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher token = TOKEN_LINE.matcher(created.out());
        assertThat(token.matches()).as("stdout is the token alone: '%s'", created.out()).isTrue();
        assertThat(created.err()).contains("created", token.group(1), "shown only now")
                .doesNotContain(token.group(2));
        return token;
    }

    @Test
    void createPrintsTheTokenAloneOnStdoutAndTheNoticeOnStderr() {
        Matcher partner = create("--vault", VAULT, "--label", "dashboard");
        CliRun again = run("keys", "create", "--vault", VAULT);
        Matcher admin = create("--admin", "--label", "ops");

        assertThat(again.out()).doesNotContain(partner.group(2));
        assertThat(partner.group(1)).isNotEqualTo(admin.group(1));
    }

    @Test
    void listShowsKeysWithoutSecretsAsATableOrJson() throws Exception {
        Matcher partner = create("--vault", VAULT, "--label", "dashboard");
        Matcher admin = create("--admin", "--label", "ops");

        CliRun table = run("keys", "list");
        CliRun json = run("keys", "list", "--json");
        CliRun ofVault = run("keys", "list", "--vault", VAULT);

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("KEY ID", partner.group(1), admin.group(1), "dashboard", "ops",
                "(all vaults)");
        assertThat(ofVault.out()).contains(partner.group(1)).doesNotContain(admin.group(1));
        JsonNode keys = new ObjectMapper().readTree(json.out());
        assertThat(keys).hasSize(2);
        assertThat(keys.findValuesAsText("keyId")).containsExactlyInAnyOrder(partner.group(1), admin.group(1));
        assertThat(keys.get(0).has("secret") || keys.get(0).has("token") || keys.get(0).has("secretHash"))
                .isFalse();
        for (CliRun listing : new CliRun[] {table, json, ofVault}) {
            assertThat(listing.out() + listing.err()).doesNotContain(partner.group(2)).doesNotContain(admin.group(2));
        }
    }

    @Test
    void anEmptyListSaysHowToCreateAKey() {
        CliRun empty = run("keys", "list", "--vault", VAULT);
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("no API keys for vault " + VAULT, "licensing keys create");
    }

    @Test
    void revokingTwiceSaysTheSecondTimeThatItWasAlreadyRevoked() {
        String keyId = create("--vault", VAULT).group(1);

        CliRun first = run("keys", "revoke", keyId);
        CliRun second = run("keys", "revoke", keyId);

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo(keyId + ": revoked" + System.lineSeparator());
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith(keyId + ": was already revoked at ").contains("nothing recorded");
        assertThat(run("keys", "list").out()).doesNotContain("  -  "); // its REVOKED column holds a time now
    }

    @Test
    void revokingAnUnknownKeyExits2() {
        CliRun unknown = run("keys", "revoke", "000000000000");
        assertThat(unknown.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("no API key '000000000000'");
    }

    @Test
    void createNeedsExactlyOneOfVaultAndAdmin() {
        CliRun neither = run("keys", "create");
        CliRun both = run("keys", "create", "--vault", VAULT, "--admin");

        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--vault", "--admin").containsIgnoringCase("missing");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--vault", "--admin", "mutually exclusive");
        assertThat(neither.out() + both.out()).doesNotContain("lic_");
    }

    @Test
    void aKeyForAnUnknownVaultExits2AndCreatesNothing() {
        CliRun unknown = run("keys", "create", "--vault", "nobody.sig");

        assertThat(unknown.exitCode()).isEqualTo(LicensingCli.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("nobody.sig", "vaults list");
        assertThat(unknown.out()).isEmpty();
        assertThat(run("keys", "list").out()).startsWith("no API keys");
    }
}
