package ai.mirroros.licensing.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks an activity chain entry by entry and reports the first problem. A pure function over entries, fed in seq
 * order by whoever reads them (the database stream, an export file, a list), so the database, the export check and
 * the benchmark all run the same code; it holds O(1) state and never re-parses a payload.
 *
 * <p>Rules, applied to each entry in turn (the first that fails is reported):
 * <ol>
 *   <li>seq lower than expected → {@link ChainProblem#REORDERED} (a repeated seq included);</li>
 *   <li>seq higher than expected → {@link ChainProblem#DELETED}, naming the missing seq, unless the next entry
 *       fills the gap, which makes {@link ChainProblem#REORDERED} the more plausible story;</li>
 *   <li>recomputed hash differs from the stored one → {@link ChainProblem#EDITED} (content, prevHash or hash
 *       changed);</li>
 *   <li>hash consistent but prevHash is not the previous entry's hash → {@link ChainProblem#EDITED}, naming the
 *       previous entry: it was rewritten and rehashed (a deletion or a reorder would have changed a seq, which is
 *       hashed, and been caught by rules 1-3).</li>
 * </ol>
 * At the end, against the recorded {@link ChainHead} if one is given: head beyond the last entry →
 * {@link ChainProblem#TRUNCATED}; entries beyond the head → {@link ChainProblem#HEAD_MISMATCH}; same seq, other hash →
 * {@link ChainProblem#EDITED}.
 *
 * <p>Not thread-safe: one instance verifies one chain.
 */
public final class ChainVerifier {
    private final ChainHasher hasher = new ChainHasher();
    private long expectedSeq = 1;
    private String previousHash = ChainHead.GENESIS_HASH;
    private long checked;
    /** An entry that skipped ahead; judged when the next entry (or the end) shows whether it was a gap or a swap. */
    private ActivityEntry aheadOfSequence;
    private VerificationResult failure;

    /** Verifies {@code entries} in iteration order, then checks {@code head} if given. */
    public static VerificationResult verify(Iterable<ActivityEntry> entries, Optional<ChainHead> head) {
        ChainVerifier verifier = new ChainVerifier();
        for (ActivityEntry entry : entries) {
            if (!verifier.accept(entry)) {
                break;
            }
        }
        return verifier.finish(head);
    }

    /** Checks the next entry; false once a problem is found, after which further entries are ignored. */
    public boolean accept(ActivityEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (failure != null) {
            return false;
        }
        if (aheadOfSequence != null) {
            failure = gapOrSwap(Optional.of(entry));
        } else if (entry.seq() < expectedSeq) {
            failure = outOfOrder(entry);
        } else if (entry.seq() > expectedSeq) {
            aheadOfSequence = entry;
        } else {
            hasher.compute(entry);
            if (!hasher.matches(entry.hash())) {
                failure = VerificationResult.failed(checked, entry.seq(), ChainProblem.EDITED, "entry " + entry.seq()
                        + " was edited: stored hash " + entry.hash() + ", recomputed " + hasher.hex());
            } else if (!entry.prevHash().equals(previousHash)) {
                failure = rehashed(entry);
            } else {
                previousHash = entry.hash();
                expectedSeq++;
                checked++;
            }
        }
        return failure == null;
    }

    /** Entries found correct so far. */
    long entriesChecked() {
        return checked;
    }

    /** The result: the first problem found, else the end of the chain checked against {@code head} if given. */
    public VerificationResult finish(Optional<ChainHead> head) {
        if (failure == null && aheadOfSequence != null) {
            failure = gapOrSwap(Optional.empty());
        }
        if (failure != null) {
            return failure;
        }
        long lastSeq = expectedSeq - 1;
        if (head.isPresent()) {
            Optional<VerificationResult> mismatch = againstHead(head.get(), lastSeq);
            if (mismatch.isPresent()) {
                return mismatch.get();
            }
        }
        return VerificationResult.ok(checked, checked == 0 ? "the activity log is empty and intact"
                : checked + " entries verified; the chain ends at entry " + lastSeq + " with hash " + previousHash);
    }

    private Optional<VerificationResult> againstHead(ChainHead head, long lastSeq) {
        if (head.lastSeq() > lastSeq) {
            return Optional.of(VerificationResult.failed(checked, lastSeq + 1, ChainProblem.TRUNCATED,
                    range(lastSeq + 1, head.lastSeq()) + " deleted from the end: the chain head records entry "
                            + head.lastSeq() + " with hash " + head.lastHash() + ", but "
                            + (lastSeq == 0 ? "the log is empty" : "the log ends at entry " + lastSeq)));
        }
        if (head.lastSeq() < lastSeq) {
            return Optional.of(beyondHead(checked, head, lastSeq));
        }
        if (!head.lastHash().equals(previousHash)) {
            return Optional.of(VerificationResult.failed(checked, lastSeq, ChainProblem.EDITED, "entry " + lastSeq
                    + " does not match the chain head: the head records hash " + head.lastHash() + ", the entry has "
                    + previousHash + "; entries up to " + lastSeq + " were edited and rehashed, or the head row was"
                    + " edited"));
        }
        return Optional.empty();
    }

    /** Entries {@code head.lastSeq + 1 .. maxSeq} exist although no append recorded them. */
    static VerificationResult beyondHead(long checked, ChainHead head, long maxSeq) {
        return VerificationResult.failed(checked, head.lastSeq() + 1, ChainProblem.HEAD_MISMATCH,
                range(head.lastSeq() + 1, maxSeq) + " beyond the chain head (entry " + head.lastSeq()
                        + "): inserted outside the activity log, or the head row was edited");
    }

    private VerificationResult gapOrSwap(Optional<ActivityEntry> next) {
        long aheadSeq = aheadOfSequence.seq();
        if (next.isPresent() && next.get().seq() >= expectedSeq && next.get().seq() < aheadSeq) {
            return VerificationResult.failed(checked, expectedSeq, ChainProblem.REORDERED, "entries are out of order:"
                    + " entry " + aheadSeq + " comes before entry " + next.get().seq());
        }
        String missing = expectedSeq == aheadSeq - 1 ? "entry " + expectedSeq + " is missing"
                : "entries " + expectedSeq + ".." + (aheadSeq - 1) + " are missing";
        String where = expectedSeq == 1 ? "the log starts at entry " + aheadSeq
                : "entry " + aheadSeq + " follows entry " + (expectedSeq - 1);
        return VerificationResult.failed(checked, expectedSeq, ChainProblem.DELETED, missing + ": " + where);
    }

    private VerificationResult outOfOrder(ActivityEntry entry) {
        String message;
        if (entry.seq() < 1) {
            message = "entry " + entry.seq() + " has an impossible seq: the chain starts at 1";
        } else if (entry.seq() == expectedSeq - 1) {
            message = "entry " + entry.seq() + " appears twice";
        } else {
            message = "entries are out of order: entry " + entry.seq() + " comes after entry " + (expectedSeq - 1);
        }
        return VerificationResult.failed(checked, entry.seq(), ChainProblem.REORDERED, message);
    }

    private VerificationResult rehashed(ActivityEntry entry) {
        if (entry.seq() == 1) {
            return VerificationResult.failed(checked, 1, ChainProblem.EDITED, "entry 1 was edited and rehashed: its"
                    + " prevHash must be 64 zeros, found " + entry.prevHash());
        }
        long previous = entry.seq() - 1;
        return VerificationResult.failed(checked - 1, previous, ChainProblem.EDITED, "entry " + previous
                + " was edited and rehashed (or entry " + entry.seq() + " replaced): entry " + entry.seq()
                + " links to prevHash " + entry.prevHash() + ", but entry " + previous + " has hash " + previousHash);
    }

    private static String range(long from, long to) {
        return from == to ? "entry " + from + " was" : "entries " + from + ".." + to + " were";
    }

    /**
     * The outcome of a verification.
     *
     * @param entriesChecked entries before the first problem whose hash and link were found correct
     * @param firstBadSeq the seq the problem is about: the edited or missing entry, the first deleted tail entry
     * @param message one line for a person, naming the entry and, for an edit, the stored and recomputed hashes
     */
    public record VerificationResult(boolean ok, long entriesChecked, OptionalLong firstBadSeq,
            Optional<ChainProblem> problem, String message) {

        public VerificationResult {
            Objects.requireNonNull(firstBadSeq, "firstBadSeq");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(message, "message");
            if (ok != problem.isEmpty()) {
                throw new IllegalArgumentException("a result is ok exactly when it has no problem");
            }
        }

        static VerificationResult ok(long entriesChecked, String message) {
            return new VerificationResult(true, entriesChecked, OptionalLong.empty(), Optional.empty(), message);
        }

        static VerificationResult failed(long entriesChecked, long firstBadSeq, ChainProblem problem, String message) {
            return new VerificationResult(false, Math.max(0, entriesChecked), OptionalLong.of(firstBadSeq),
                    Optional.of(problem), message);
        }

        /** A failure not tied to one entry, such as a missing head row or an unreadable export. */
        static VerificationResult failed(long entriesChecked, ChainProblem problem, String message) {
            return new VerificationResult(false, entriesChecked, OptionalLong.empty(), Optional.of(problem), message);
        }
    }
}
