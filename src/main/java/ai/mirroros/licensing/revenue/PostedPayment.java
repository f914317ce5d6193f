package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.split.SplitResult;

/**
 * The outcome of posting a payment: its journal entry and split. {@code alreadyPosted} is true when the source had
 * been posted before; the entry and split are then those of the first posting.
 */
public record PostedPayment(String sourceId, String vaultId, long journalEntryId, boolean alreadyPosted,
                            SplitResult split) {
}
