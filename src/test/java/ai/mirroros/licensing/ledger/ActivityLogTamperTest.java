package ai.mirroros.licensing.ledger;

import static ai.mirroros.licensing.ledger.ActivityFixtures.CLOCK;
import static ai.mirroros.licensing.ledger.ActivityFixtures.records;
import static ai.mirroros.licensing.ledger.ChainVerifierTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Editing any column of any row directly in SQL makes verify fail and name that row's seq. */
class ActivityLogTamperTest extends DatabaseTestSupport {
    private ActivityLog log;
    private List<ActivityEntry> entries;

    @BeforeEach
    void appendTenEntries() {
        log = new ActivityLog(db, CLOCK);
        entries = log.append(records(0, 10));
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void editingThePayloadOfEntry2InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET payload = REPLACE(payload, '\"currency\":\"USD\"', '\"currency\":\"EUR\"')"
                + " WHERE seq = 2");

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.EDITED, 2);
        assertThat(result.message()).startsWith("entry 2 was edited: stored hash " + entries.get(1).hash()
                + ", recomputed ");
        assertThat(result.entriesChecked()).isEqualTo(1);
    }

    @Test
    void reformattingThePayloadWithoutChangingItsMeaningIsStillAnEdit() {
        sql("UPDATE activity_log SET payload = REPLACE(payload, ':', ': ') WHERE seq = 4");

        assertProblem(log.verify(), ChainProblem.EDITED, 4);
    }

    @Test
    void editingTheTypeOfEntry3InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET type = 'payment.refunded' WHERE seq = 3");

        assertProblem(log.verify(), ChainProblem.EDITED, 3);
    }

    @Test
    void editingOccurredAtOfEntry5InSqlIsNamedByVerify() {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE activity_log SET occurred_at = :at WHERE seq = 5")
                .bind("at", timestamp(entries.get(4).occurredAt().atOffset(ZoneOffset.UTC).plusSeconds(1)))
                .execute());

        assertProblem(log.verify(), ChainProblem.EDITED, 5);
    }

    @Test
    void editingRecordedAtOfEntry6InSqlIsNamedByVerify() {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE activity_log SET recorded_at = :at WHERE seq = 6")
                .bind("at", timestamp(entries.get(5).recordedAt().atOffset(ZoneOffset.UTC).minusNanos(1000)))
                .execute());

        assertProblem(log.verify(), ChainProblem.EDITED, 6);
    }

    @Test
    void editingTheVaultIdOfEntry7InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET vault_id = 'vault_attacker' WHERE seq = 7");

        assertProblem(log.verify(), ChainProblem.EDITED, 7);
    }

    @Test
    void clearingTheVaultIdOfEntry1InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET vault_id = NULL WHERE seq = 1");

        assertProblem(log.verify(), ChainProblem.EDITED, 1);
    }

    @Test
    void editingTheSourceIdOfEntry8InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET source_id = 'pi_other' WHERE seq = 8");

        assertProblem(log.verify(), ChainProblem.EDITED, 8);
    }

    @Test
    void editingTheHashOfEntry4InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET hash = '" + "f".repeat(64) + "' WHERE seq = 4");

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.EDITED, 4);
        assertThat(result.message()).isEqualTo("entry 4 was edited: stored hash " + "f".repeat(64)
                + ", recomputed " + entries.get(3).hash());
    }

    @Test
    void editingTheHashOfTheLastEntryInSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET hash = UPPER(hash) WHERE seq = 10");

        assertProblem(log.verify(), ChainProblem.EDITED, 10);
    }

    @Test
    void editingThePrevHashOfEntry9InSqlIsNamedByVerify() {
        sql("UPDATE activity_log SET prev_hash = '" + "0".repeat(64) + "' WHERE seq = 9");

        assertProblem(log.verify(), ChainProblem.EDITED, 9);
    }

    @Test
    void deletingAMiddleRowIsReportedAsDeletedNamingItsSeq() {
        sql("DELETE FROM activity_log WHERE seq = 6");

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.DELETED, 6);
        assertThat(result.message()).isEqualTo("entry 6 is missing: entry 7 follows entry 5");
    }

    @Test
    void deletingTheFirstRowIsReportedAsDeleted() {
        sql("DELETE FROM activity_log WHERE seq = 1");

        assertProblem(log.verify(), ChainProblem.DELETED, 1);
    }

    @Test
    void deletingTheLastRowIsReportedAsTruncated() {
        sql("DELETE FROM activity_log WHERE seq = 10");

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.TRUNCATED, 10);
        assertThat(result.message()).startsWith("entry 10 was deleted from the end: the chain head records entry 10");
    }

    @Test
    void deletingEveryRowIsReportedAsTruncated() {
        sql("DELETE FROM activity_log");

        assertProblem(log.verify(), ChainProblem.TRUNCATED, 1);
    }

    @Test
    void changingASeqIsReportedWhereTheEntryWentMissing() {
        sql("UPDATE activity_log SET seq = 1000 WHERE seq = 3");

        assertProblem(log.verify(), ChainProblem.DELETED, 3);
    }

    @Test
    void swappingTwoRowsContentsIsNamedByVerify() {
        ActivityEntry third = entries.get(2);
        ActivityEntry seventh = entries.get(6);
        overwrite(3, seventh);
        overwrite(7, third);

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.EDITED, 3);
    }

    @Test
    void rewritingAnEntryAndRecomputingItsHashIsCaughtByTheNextLink() {
        ActivityEntry forged = ChainVerifierTest.rehashed(entries.get(3), "{\"gross\":\"0.01\"}");
        overwrite(4, forged);

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.EDITED, 4);
        assertThat(result.message()).startsWith("entry 4 was edited and rehashed");
    }

    @Test
    void rewritingTheLastEntryAndRecomputingItsHashIsCaughtByTheHead() {
        overwrite(10, ChainVerifierTest.rehashed(entries.get(9), "{}"));

        assertProblem(log.verify(), ChainProblem.EDITED, 10);
    }

    @Test
    void rowsInsertedBeyondTheHeadAreAHeadMismatch() {
        ActivityEntry last = entries.getLast();
        ActivityEntry extra = ActivityLog.chain(new ChainHead(last.seq(), last.hash()), records(10, 1),
                CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS)).getFirst();
        insert(extra);

        VerificationResult result = log.verify();

        assertProblem(result, ChainProblem.HEAD_MISMATCH, 11);
        assertThat(result.message()).contains("inserted outside the activity log");
    }

    @Test
    void movingTheHeadBackIsAHeadMismatch() {
        sql("UPDATE activity_chain_head SET last_seq = 8, last_hash = '" + entries.get(7).hash() + "'");

        assertProblem(log.verify(), ChainProblem.HEAD_MISMATCH, 9);
    }

    @Test
    void deletingTheHeadRowFailsVerification() {
        sql("DELETE FROM activity_chain_head");

        VerificationResult result = log.verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).contains(ChainProblem.HEAD_MISMATCH);
        assertThat(result.message()).contains("head row").contains("missing");
    }

    @Test
    void appendingAfterTamperingDoesNotHideIt() {
        sql("UPDATE activity_log SET payload = '{}' WHERE seq = 5");
        log.append(records(10, 5));

        assertProblem(log.verify(), ChainProblem.EDITED, 5);
        assertThat(log.recent(Optional.empty(), 1).getFirst().seq()).isEqualTo(15);
    }

    private void sql(String statement) {
        db.jdbi().useHandle(h -> h.execute(statement));
    }

    private void overwrite(long seq, ActivityEntry content) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE activity_log SET occurred_at = :occurredAt,"
                        + " recorded_at = :recordedAt, type = :type, vault_id = :vaultId, source_id = :sourceId,"
                        + " payload = :payload, prev_hash = :prevHash, hash = :hash WHERE seq = :seq")
                .bind("seq", seq)
                .bind("occurredAt", timestamp(content.occurredAt().atOffset(ZoneOffset.UTC)))
                .bind("recordedAt", timestamp(content.recordedAt().atOffset(ZoneOffset.UTC)))
                .bind("type", content.type())
                .bind("vaultId", content.vaultId().orElse(null))
                .bind("sourceId", content.sourceId().orElse(null))
                .bind("payload", content.payloadJson())
                .bind("prevHash", content.prevHash())
                .bind("hash", content.hash())
                .execute());
    }

    private void insert(ActivityEntry entry) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO activity_log (seq, occurred_at, recorded_at, type,"
                        + " vault_id, source_id, payload, prev_hash, hash) VALUES (:seq, :occurredAt, :recordedAt,"
                        + " :type, :vaultId, :sourceId, :payload, :prevHash, :hash)")
                .bind("seq", entry.seq())
                .bind("occurredAt", timestamp(entry.occurredAt().atOffset(ZoneOffset.UTC)))
                .bind("recordedAt", timestamp(entry.recordedAt().atOffset(ZoneOffset.UTC)))
                .bind("type", entry.type())
                .bind("vaultId", entry.vaultId().orElse(null))
                .bind("sourceId", entry.sourceId().orElse(null))
                .bind("payload", entry.payloadJson())
                .bind("prevHash", entry.prevHash())
                .bind("hash", entry.hash())
                .execute());
    }

    private static Argument timestamp(OffsetDateTime value) {
        return (position, statement, ctx) -> statement.setObject(position, value);
    }
}
