package ai.mirroros.licensing.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * What posting one entry did. When the source had been posted before, {@code alreadyPosted} is true and the other
 * fields describe that first posting: posting is idempotent per source id and the first posting wins.
 *
 * @param entryId the journal entry holding this source
 * @param postedAt when that entry was posted (ledger clock), the instant {@code balanceAsOf} compares against
 */
public record PostingResult(long entryId, String sourceId, Instant postedAt, boolean alreadyPosted) {
    public PostingResult {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(postedAt, "postedAt");
    }

    /** The same posting, seen by a later attempt with the same source id. */
    PostingResult asAlreadyPosted() {
        return new PostingResult(entryId, sourceId, postedAt, true);
    }
}
