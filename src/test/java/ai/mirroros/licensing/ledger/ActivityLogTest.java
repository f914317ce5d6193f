package ai.mirroros.licensing.ledger;

import static ai.mirroros.licensing.ledger.ActivityFixtures.CLOCK;
import static ai.mirroros.licensing.ledger.ActivityFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityLogTest extends DatabaseTestSupport {
    private ActivityLog log;

    @BeforeEach
    void openLog() {
        log = new ActivityLog(db, CLOCK);
    }

    @Test
    void anEmptyLogVerifies() {
        VerificationResult result = log.verify();

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entriesChecked()).isZero();
        assertThat(log.head()).isEqualTo(ChainHead.EMPTY);
    }

    @Test
    void appendedEntriesVerifyAndTheHeadFollowsTheLastEntry() {
        List<ActivityEntry> appended = log.append(records(0, 25));

        VerificationResult result = log.verify();

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(25);
        assertThat(log.head()).isEqualTo(new ChainHead(25, appended.getLast().hash()));
        assertThat(appended.getFirst().prevHash()).isEqualTo(ChainHead.GENESIS_HASH);
    }

    @Test
    void batchAppendsKeepSeqGaplessAndLinked() {
        log.append(records(0, 3));
        log.append(List.of());
        log.append(records(3, 1));
        log.append(records(4, 7));

        List<ActivityEntry> entries = log.recent(Optional.empty(), ActivityLog.MAX_RECENT_LIMIT).reversed();

        assertThat(entries).extracting(ActivityEntry::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 11).boxed().toList());
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
        }
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void storedEntriesReadBackExactlyAsAppended() {
        List<ActivityEntry> appended = log.append(records(0, 10));

        List<ActivityEntry> read = log.recent(Optional.empty(), 10).reversed();

        assertThat(read).isEqualTo(appended);
        assertThat(read.getFirst().recordedAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
        assertThat(read.get(1).payload().get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void occurredAtIsTruncatedToMicrosecondsSoTheStoredRowHashesTheSame() {
        ActivityRecord record = ActivityRecord.of(Instant.parse("2025-01-01T00:00:00.123456789Z"), "tier.changed",
                Map.of("to", "gold"));

        ActivityEntry entry = log.append(List.of(record)).getFirst();

        assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.123456Z"));
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void appendJoinsTheCallersTransactionAndRollsBackWithIt() {
        assertThatThrownBy(() -> db.jdbi().useTransaction(handle -> {
            log.append(handle, records(0, 2));
            throw new IllegalStateException("ledger posting failed");
        })).hasMessage("ledger posting failed");

        assertThat(log.head()).isEqualTo(ChainHead.EMPTY);
        assertThat(log.recent(Optional.empty(), 10)).isEmpty();
        db.jdbi().useTransaction(handle -> log.append(handle, records(0, 2)));
        assertThat(log.head().lastSeq()).isEqualTo(2);
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> db.jdbi().useHandle(handle -> log.append(handle, records(0, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the caller's transaction");
    }

    @Test
    void batchesAreBounded() {
        List<ActivityRecord> tooMany = Collections.nCopies(ActivityLog.MAX_BATCH_RECORDS + 1, records(0, 1).getFirst());

        assertThatThrownBy(() -> log.append(tooMany)).hasMessageContaining("at most 1000 records");
    }

    @Test
    void recentIsNewestFirstFilteredByVaultAndBounded() {
        log.append(records(0, 30));

        List<ActivityEntry> vault3 = log.recent(Optional.of("vault_3"), 3);

        assertThat(vault3).extracting(ActivityEntry::seq).containsExactly(25L, 18L, 11L);
        assertThat(vault3).allSatisfy(e -> assertThat(e.vaultId()).contains("vault_3"));
        assertThat(log.recent(Optional.empty(), 2)).extracting(ActivityEntry::seq).containsExactly(30L, 29L);
        assertThat(log.recent(Optional.of("nobody"), 5)).isEmpty();
        assertThatThrownBy(() -> log.recent(Optional.empty(), ActivityLog.MAX_RECENT_LIMIT + 1))
                .isInstanceOf(LicensingException.class)
                .hasMessage("limit must be between 1 and 500, got 501");
        assertThatThrownBy(() -> log.recent(Optional.empty(), 0)).isInstanceOf(LicensingException.class);
    }

    @Test
    void invalidRecordsAreRefusedBeforeAnythingIsLocked() {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        assertThatThrownBy(() -> ActivityRecord.of(at, "Payment Split", Map.of()))
                .isInstanceOf(LicensingException.class).hasMessageContaining("type 'Payment Split'");
        assertThatThrownBy(() -> ActivityRecord.of(at, "payment.split", Map.of()).forVault(" "))
                .hasMessageContaining("vaultId must be 1-128 characters");
        assertThatThrownBy(() -> ActivityRecord.of(at, "payment.split", Map.of("blob", "x".repeat(20_000))))
                .hasMessageContaining("at most 16384 are allowed");
        assertThatThrownBy(() -> ActivityRecord.of(Instant.parse("+10000-01-01T00:00:00Z"), "a.b", Map.of()))
                .hasMessageContaining("outside years 0001-9999");
    }
}
