package ai.mirroros.licensing.ledger;

/** What {@link ChainVerifier} found wrong with the activity chain, by the most plausible cause. */
public enum ChainProblem {
    /** An entry's content or stored hash changed: its recomputed hash differs, or it was rehashed after an edit. */
    EDITED,
    /** An entry is missing from the middle (or the start) of the chain: a seq gap. */
    DELETED,
    /** Entries are out of seq order, or one appears twice (only possible in an export file). */
    REORDERED,
    /** The chain ends before the entry its head records: entries were deleted from the end. */
    TRUNCATED,
    /** Entries beyond the recorded head (inserted outside the log), or the head row itself is missing. */
    HEAD_MISMATCH,
    /** An export file is not a well-formed chain export (bad JSON, a missing or unexpected field). */
    MALFORMED
}
