package ai.mirroros.licensing.ledger;

import static ai.mirroros.licensing.ledger.ActivityFixtures.chain;
import static ai.mirroros.licensing.ledger.ActivityFixtures.headOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure verify core on in-memory chains: the orderings a database cannot produce but an export file can. */
class ChainVerifierTest {

    @Test
    void emptyAndIntactChainsVerify() {
        assertThat(ChainVerifier.verify(List.of(), Optional.of(ChainHead.EMPTY)).ok()).isTrue();
        List<ActivityEntry> entries = chain(250);

        VerificationResult result = ChainVerifier.verify(entries, Optional.of(headOf(entries)));

        assertThat(result.ok()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(250);
        assertThat(result.message()).contains("250 entries verified").contains(entries.getLast().hash());
    }

    @Test
    void swappingTwoNeighboursIsReordered() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        Collections.swap(entries, 3, 4);

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.REORDERED, 4);
        assertThat(result.message()).isEqualTo("entries are out of order: entry 5 comes before entry 4");
        assertThat(result.entriesChecked()).isEqualTo(3);
    }

    @Test
    void anEntryMovedFarAwayIsFirstSeenWhereItIsMissing() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        entries.add(entries.remove(2));

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.DELETED, 3);
        assertThat(result.message()).isEqualTo("entry 3 is missing: entry 4 follows entry 2");
    }

    @Test
    void anEarlierEntryAppearingLaterIsReordered() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        entries.add(3, entries.get(1));

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.REORDERED, 2);
        assertThat(result.message()).isEqualTo("entries are out of order: entry 2 comes after entry 3");
    }

    @Test
    void aRepeatedEntryIsNamed() {
        List<ActivityEntry> entries = new ArrayList<>(chain(5));
        entries.add(2, entries.get(1));

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.REORDERED, 2);
        assertThat(result.message()).isEqualTo("entry 2 appears twice");
    }

    @Test
    void missingEntriesAreNamedAsARange() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        entries.subList(4, 7).clear();

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.DELETED, 5);
        assertThat(result.message()).isEqualTo("entries 5..7 are missing: entry 8 follows entry 4");
    }

    @Test
    void aMissingFirstEntryIsDeleted() {
        List<ActivityEntry> entries = new ArrayList<>(chain(3));
        entries.removeFirst();

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.DELETED, 1);
        assertThat(result.message()).isEqualTo("entry 1 is missing: the log starts at entry 2");
    }

    @Test
    void aCutOffTailIsTruncatedOnlyWhenTheHeadIsKnown() {
        List<ActivityEntry> entries = chain(10);
        List<ActivityEntry> cut = entries.subList(0, 8);

        assertThat(ChainVerifier.verify(cut, Optional.empty()).ok()).isTrue();
        VerificationResult result = ChainVerifier.verify(cut, Optional.of(headOf(entries)));
        assertProblem(result, ChainProblem.TRUNCATED, 9);
        assertThat(result.message()).startsWith("entries 9..10 were deleted from the end");
        assertProblem(ChainVerifier.verify(List.of(), Optional.of(headOf(entries))), ChainProblem.TRUNCATED, 1);
    }

    @Test
    void entriesBeyondTheHeadAreAHeadMismatch() {
        List<ActivityEntry> entries = chain(10);

        VerificationResult result = ChainVerifier.verify(entries, Optional.of(headOf(entries.subList(0, 7))));

        assertProblem(result, ChainProblem.HEAD_MISMATCH, 8);
        assertThat(result.message()).startsWith("entries 8..10 were beyond the chain head (entry 7)");
    }

    @Test
    void anEditedAndRehashedEntryIsNamedByItsSuccessorsLink() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        entries.set(5, rehashed(entries.get(5), "{\"amount\":\"999999.00\"}"));

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.EDITED, 6);
        assertThat(result.message()).startsWith("entry 6 was edited and rehashed (or entry 7 replaced)");
        assertThat(result.entriesChecked()).isEqualTo(5);
    }

    @Test
    void anEditedAndRehashedLastEntryIsNamedByTheHead() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        ChainHead head = headOf(entries);
        entries.set(9, rehashed(entries.get(9), "{}"));

        assertThat(ChainVerifier.verify(entries, Optional.empty()).ok()).isTrue();
        VerificationResult result = ChainVerifier.verify(entries, Optional.of(head));
        assertProblem(result, ChainProblem.EDITED, 10);
        assertThat(result.message()).startsWith("entry 10 does not match the chain head");
    }

    @Test
    void aFirstEntryThatDoesNotStartAtGenesisIsEdited() {
        ActivityEntry first = chain(1).getFirst();
        ActivityEntry forged = rehashed(new ActivityEntry(1, first.occurredAt(), first.recordedAt(), first.type(),
                first.vaultId(), first.sourceId(), first.payloadJson(), "ab".repeat(32), first.hash()),
                first.payloadJson());

        VerificationResult result = ChainVerifier.verify(List.of(forged), Optional.empty());

        assertProblem(result, ChainProblem.EDITED, 1);
        assertThat(result.message()).contains("prevHash must be 64 zeros");
    }

    @Test
    void theFirstProblemWinsAndLaterEntriesAreIgnored() {
        List<ActivityEntry> entries = new ArrayList<>(chain(10));
        ActivityEntry second = entries.get(1);
        entries.set(1, withPayload(second, "{\"x\":1}"));
        entries.remove(6);

        VerificationResult result = ChainVerifier.verify(entries, Optional.empty());

        assertProblem(result, ChainProblem.EDITED, 2);
        assertThat(result.message()).isEqualTo("entry 2 was edited: stored hash " + second.hash() + ", recomputed "
                + new ChainHasher().hash(2, second.occurredAt(), second.recordedAt(), second.type(),
                        second.vaultId(), second.sourceId(), "{\"x\":1}", second.prevHash()));
    }

    static ActivityEntry withPayload(ActivityEntry e, String payloadJson) {
        return new ActivityEntry(e.seq(), e.occurredAt(), e.recordedAt(), e.type(), e.vaultId(), e.sourceId(),
                payloadJson, e.prevHash(), e.hash());
    }

    /** What a forger with the code would do: change the payload and recompute this entry's own hash. */
    static ActivityEntry rehashed(ActivityEntry e, String payloadJson) {
        String hash = new ChainHasher().hash(e.seq(), e.occurredAt(), e.recordedAt(), e.type(), e.vaultId(),
                e.sourceId(), payloadJson, e.prevHash());
        return new ActivityEntry(e.seq(), e.occurredAt(), e.recordedAt(), e.type(), e.vaultId(), e.sourceId(),
                payloadJson, e.prevHash(), hash);
    }

    static void assertProblem(VerificationResult result, ChainProblem problem, long firstBadSeq) {
        assertThat(result.ok()).as(result.message()).isFalse();
        assertThat(result.problem()).as(result.message()).contains(problem);
        assertThat(result.firstBadSeq()).as(result.message()).isEqualTo(OptionalLong.of(firstBadSeq));
    }
}
