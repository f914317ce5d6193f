package ai.mirroros.licensing.ledger;

import static ai.mirroros.licensing.ledger.ActivityFixtures.CLOCK;
import static ai.mirroros.licensing.ledger.ActivityFixtures.records;
import static ai.mirroros.licensing.ledger.ChainVerifierTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityExportTest extends DatabaseTestSupport {
    private ActivityLog log;
    private List<ActivityEntry> entries;

    @BeforeEach
    void appendTwelveEntries() {
        log = new ActivityLog(db, CLOCK);
        entries = log.append(records(0, 12));
    }

    @Test
    void anExportVerifiesOnItsOwnAndAgainstThePublishedHead() {
        String export = export();

        VerificationResult result = ActivityLog.verifyExport(stream(export));

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(12);
        assertThat(ActivityLog.verifyExport(stream(export), log.head()).ok()).isTrue();
    }

    @Test
    void theExportIsAJsonArrayOfEntriesInSeqOrderOneEntryPerLine() throws Exception {
        String export = export();

        assertThat(export).startsWith("[\n{\"seq\":1,\"occurredAt\":\"2025-02-28T09:15:30.250Z\","
                + "\"recordedAt\":\"2025-03-01T12:00:00.123456Z\",\"type\":\"payment.split\",\"vaultId\":\"vault_0\","
                + "\"sourceId\":\"pi_3Q0\",\"payload\":{\"currency\":\"USD\",");
        assertThat(export.lines()).hasSize(14).last().isEqualTo("]");
        ArrayNode array = (ArrayNode) CanonicalJson.MAPPER.readTree(export);
        assertThat(array).hasSize(12);
        JsonNode fourth = array.get(3);
        assertThat(fourth.get("seq").asLong()).isEqualTo(4);
        assertThat(fourth.get("payload").isObject()).isTrue();
        assertThat(fourth.get("sourceId").isNull()).isTrue();
        assertThat(fourth.get("prevHash").asText()).isEqualTo(entries.get(2).hash());
        assertThat(fourth.get("hash").asText()).isEqualTo(entries.get(3).hash());
    }

    @Test
    void theExportGoesToTheSeedsFileInTheDataDirectory(@TempDir Path dataDir) throws Exception {
        Path file = ActivityLog.exportFile(dataDir);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            log.exportJson(out);
        }

        assertThat(dataDir.relativize(file).toString()).isEqualTo("vault/logs/license-activity.json");
        try (var in = Files.newInputStream(file)) {
            assertThat(ActivityLog.verifyExport(in).ok()).isTrue();
        }
    }

    @Test
    void anEmptyLogExportsAnEmptyArrayThatVerifies() {
        sql("DELETE FROM activity_log");
        sql("UPDATE activity_chain_head SET last_seq = 0, last_hash = '" + ChainHead.GENESIS_HASH + "'");

        assertThat(export()).isEqualTo("[]\n");
        assertThat(ActivityLog.verifyExport(stream("[]")).ok()).isTrue();
    }

    @Test
    void editingAnAmountInTheExportIsNamed() {
        String export = export();
        String line = export.lines().filter(l -> l.startsWith("{\"seq\":6,")).findFirst().orElseThrow();
        String tampered = export.replace(line, line.replaceFirst("\"gross\":\"[0-9.]+\"", "\"gross\":\"0.01\""));

        VerificationResult result = ActivityLog.verifyExport(stream(tampered));

        assertProblem(result, ChainProblem.EDITED, 6);
        assertThat(result.message()).startsWith("entry 6 was edited: stored hash " + entries.get(5).hash());
    }

    @Test
    void removingAnEntryFromTheExportIsNamed() {
        ArrayNode array = parse(export());
        array.remove(4);

        assertProblem(ActivityLog.verifyExport(stream(array.toString())), ChainProblem.DELETED, 5);
    }

    @Test
    void swappingTwoEntriesInTheExportIsReordered() {
        ArrayNode array = parse(export());
        JsonNode seventh = array.get(6);
        array.set(6, array.get(7));
        array.set(7, seventh);

        VerificationResult result = ActivityLog.verifyExport(stream(array.toString()));

        assertProblem(result, ChainProblem.REORDERED, 7);
        assertThat(result.message()).isEqualTo("entries are out of order: entry 8 comes before entry 7");
    }

    @Test
    void cuttingTheTailOffTheExportIsCaughtOnlyWithThePublishedHead() {
        ArrayNode array = parse(export());
        array.remove(11);
        array.remove(10);

        assertThat(ActivityLog.verifyExport(stream(array.toString())).ok()).isTrue();
        assertProblem(ActivityLog.verifyExport(stream(array.toString()), log.head()), ChainProblem.TRUNCATED, 11);
    }

    @Test
    void reformattingTheExportWithAJsonToolKeepsItValid() {
        ArrayNode array = parse(export());
        ObjectNode payload = (ObjectNode) array.get(2).get("payload");
        JsonNode currency = payload.remove("currency");
        payload.set("currency", currency);

        assertThat(ActivityLog.verifyExport(stream(array.toPrettyString())).ok()).isTrue();
    }

    @Test
    void aMalformedExportIsReportedNotThrown() {
        assertThat(ActivityLog.verifyExport(stream("{\"seq\":1}")).problem()).contains(ChainProblem.MALFORMED);
        assertThat(ActivityLog.verifyExport(stream("[{\"seq\":1,")).message()).startsWith("not valid JSON at line 1");
        ArrayNode array = parse(export());
        ((ObjectNode) array.get(2)).put("note", "added");
        VerificationResult extraField = ActivityLog.verifyExport(stream(array.toString()));
        assertProblem(extraField, ChainProblem.MALFORMED, 3);
        assertThat(extraField.message()).isEqualTo("element 2 (entry 3): unexpected field 'note'");
        ((ObjectNode) array.get(2)).remove("note");
        ((ObjectNode) array.get(2)).put("payload", 12.5);
        assertThat(ActivityLog.verifyExport(stream(array.toString())).message())
                .contains("payload must be a JSON object");
    }

    @Test
    void aPayloadTamperedInTheDatabaseStillExportsAndFailsAtThatEntry() {
        sql("UPDATE activity_log SET payload = 'not json' WHERE seq = 9");

        String export = export();

        assertThat(export).contains("\"payload\":\"not json\"");
        VerificationResult result = ActivityLog.verifyExport(stream(export));
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBadSeq()).hasValue(9);
    }

    private String export() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.exportJson(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ArrayNode parse(String json) {
        try {
            return (ArrayNode) CanonicalJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private void sql(String statement) {
        db.jdbi().useHandle(h -> h.execute(statement));
    }
}
