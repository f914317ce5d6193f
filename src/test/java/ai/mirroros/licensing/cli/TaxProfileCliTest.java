package ai.mirroros.licensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.DatabaseTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code licensing partners tax-profile set|show} and {@code licensing keys rotate-data-key|data-key-status}. */
class TaxProfileCliTest extends DatabaseTestSupport {
    private static final String VAULT = "individual-vault.sig";
    private static final String SSN = "572846193";
    private static final String STREET = "96 Obsidian Harbor Road";
    private static final String ACCOUNT = "83726154093";

    @TempDir
    Path dataDir;
    @TempDir
    Path secrets;

    private CliRun run(String... args) {
        return CliRun.on(db, dataDir, args);
    }

    @BeforeEach
    void importVaults() {
        CliRun imported = run("vaults", "import", "examples/licensed-vaults.json", "--as-of", "2026-01-01");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    private CliRun setProfile() throws Exception {
        Path tin = Files.writeString(secrets.resolve("tin"), "572-84-6193\n");
        Path bank = Files.writeString(secrets.resolve("bank"), "routing=110000000\naccount=" + ACCOUNT + "\n");
        return run("partners", "tax-profile", "set", VAULT, "--legal-name", "Jamie Quinn", "--tin-type", "ssn",
                "--tin-file", tin.toString(), "--address-line1", STREET, "--city", "Portland", "--region", "OR",
                "--postal-code", "97201", "--country", "US", "--bank-account-file", bank.toString(), "--by", "ops");
    }

    private static void assertNoSecrets(CliRun run) {
        assertThat(run.out() + run.err()).doesNotContain(SSN).doesNotContain("572-84-6193")
                .doesNotContain(STREET).doesNotContain(ACCOUNT);
    }

    @Test
    void setAndShowPrintOnlyMaskedValues() throws Exception {
        CliRun set = setProfile();
        CliRun show = run("partners", "tax-profile", "show", VAULT);
        CliRun json = run("partners", "tax-profile", "show", VAULT, "--json");
        CliRun list = run("partners", "tax-profile", "list");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains(VAULT + ": tax profile recorded, fields: legal_name,tin,address,bank");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("Jamie Quinn", "ssn ***-**-6193", "***, Portland, OR 97201, US",
                "ACH routing *****0000 account *******4093");
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("tinMasked").asText()).isEqualTo("***-**-6193");
        assertThat(node.get("country").asText()).isEqualTo("US");
        assertThat(list.out()).containsPattern(VAULT + " +Jamie Quinn +ssn +US +\\*\\*\\*-\\*\\*-6193");
        for (CliRun r : new CliRun[] {set, show, json, list}) {
            assertNoSecrets(r);
        }
        Path keyFile = dataDir.resolve("keys/data-keys");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void theTinCanComeFromStandardInputAndAForeignProfileKeepsItsIban() throws Exception {
        Path bank = Files.writeString(secrets.resolve("iban"), "iban=DE44 5001 0517 5407 3249 31\nbic=INGDDEFFXXX\n");
        java.io.InputStream stdin = System.in;
        CliRun set;
        try {
            System.setIn(new java.io.ByteArrayInputStream("de284617395\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            set = run("partners", "tax-profile", "set", "startup-vault.sig", "--legal-name", "Startup Vault GmbH",
                    "--tin-type", "foreign", "--tin-stdin", "--address-line1", "Zwirnmeisterweg 17", "--city",
                    "Berlin", "--postal-code", "10115", "--country", "de", "--bank-account-file", bank.toString());
        } finally {
            System.setIn(stdin);
        }
        CliRun show = run("partners", "tax-profile", "show", "startup-vault.sig", "--json");

        assertThat(set.exitCode()).as(set.err()).isZero();
        JsonNode node = new ObjectMapper().readTree(show.out());
        assertThat(node.get("tinType").asText()).isEqualTo("foreign");
        assertThat(node.get("tinMasked").asText()).isEqualTo("*******7395");
        assertThat(node.get("country").asText()).isEqualTo("DE");
        assertThat(node.get("bankMasked").asText()).isEqualTo("IBAN DE****************4931");
        assertThat(set.out() + show.out()).doesNotContain("284617395").doesNotContain("Zwirnmeisterweg")
                .doesNotContain("5407324931");
    }

    @Test
    void settingTheSameProfileAgainRecordsNothing() throws Exception {
        setProfile();
        CliRun again = setProfile();

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("tax profile unchanged; nothing recorded");
    }

    @Test
    void rotateDataKeyReencryptsAndStatusCountsPerKey() throws Exception {
        setProfile();
        CliRun before = run("keys", "data-key-status");
        CliRun dryRun = run("keys", "rotate-data-key", "--dry-run");
        CliRun rotate = run("keys", "rotate-data-key");
        CliRun after = run("keys", "data-key-status");
        CliRun show = run("partners", "tax-profile", "show", VAULT);

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("would add a new data key", "re-encrypt 1 rows (3 values)");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(rotate.out()).contains("added data key", "re-encrypted 1 rows (3 values)",
                "licensing keys retire-data-key");
        String oldKey = before.out().lines().filter(l -> l.startsWith("dk-")).findFirst().orElseThrow().split(" ")[0];
        assertThat(after.out()).containsPattern(oldKey + "\\s+yes\\s+0");
        assertThat(show.out()).contains("***-**-6193");

        CliRun retire = run("keys", "retire-data-key", oldKey);
        assertThat(retire.exitCode()).as(retire.err()).isZero();
        assertThat(run("partners", "tax-profile", "show", VAULT).out()).contains("***-**-6193");
        for (CliRun r : new CliRun[] {before, dryRun, rotate, after, show, retire}) {
            assertNoSecrets(r);
        }
    }

    @Test
    void aMissingKeyIsOneClearLineNamingTheKeyId() throws Exception {
        setProfile();
        String keyId = Files.readAllLines(dataDir.resolve("keys/data-keys")).stream()
                .filter(l -> l.startsWith("active=")).findFirst().orElseThrow().substring("active=".length());
        Files.delete(dataDir.resolve("keys/data-keys"));

        CliRun show = run("partners", "tax-profile", "show", VAULT);

        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).startsWith("licensing: data key '" + keyId + "' is not in the key ring")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(show.err().lines()).hasSize(1);
    }

    @Test
    void badInputIsRefusedWithoutEchoingTheSecret() throws Exception {
        Path tin = Files.writeString(secrets.resolve("tin"), "572-84-619\n");
        CliRun bad = run("partners", "tax-profile", "set", VAULT, "--legal-name", "Jamie Quinn", "--tin-type", "ssn",
                "--tin-file", tin.toString(), "--address-line1", STREET, "--city", "Portland", "--country", "US");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("an SSN has nine digits").doesNotContain("57284619");
        assertThat(run("partners", "tax-profile", "show", VAULT).err()).contains("no tax profile for");
    }
}
