/**
 * The books: an append-only double-entry journal of money movements ({@link ai.mirroros.licensing.ledger.Ledger},
 * {@link ai.mirroros.licensing.ledger.JournalEntry}) with balances derived from it, and the hash-chained activity
 * log. Nothing here is updated or deleted; corrections are new entries.
 *
 * <p>The journal's accounting model (how a payment and a holding-period release are booked), its idempotency
 * guarantee and why balances are summed from lines rather than stored (no hot row on PLATFORM_REVENUE; periodic
 * snapshots later) are documented on {@link ai.mirroros.licensing.ledger.Ledger}. Depends on {@code money} and
 * {@code store} only.
 *
 * <h2>Activity log</h2>
 * {@link ai.mirroros.licensing.ledger.ActivityLog} appends every revenue event, split, tier change and payout result
 * as an {@link ai.mirroros.licensing.ledger.ActivityEntry} to a hash chain: each entry's hash covers the previous
 * entry's hash and the entry's canonical JSON ({@link ai.mirroros.licensing.ledger.CanonicalJson},
 * {@link ai.mirroros.licensing.ledger.ChainHasher}), so editing, deleting or reordering any stored entry is found by
 * {@link ai.mirroros.licensing.ledger.ChainVerifier}, in the database or in an export file.
 *
 * <p><b>Why the head row is locked per batch, not per event.</b> A chain is sequential by nature: entry n+1 needs
 * entry n's hash. The single {@code activity_chain_head} row (last seq, last hash) is that dependency made explicit;
 * every append locks it with {@code SELECT … FOR UPDATE}, which makes seqs gapless and the chain linear, and holds the
 * lock until the appending transaction commits. That makes the head row the one serialisation point of all event
 * processing. Taking it once per event would cost a lock round trip, a row update (and on PostgreSQL a dead tuple)
 * and, above all, a full commit's worth of lock hold time per event; taking it once per batch amortises all three
 * over the batch, and hashing a batch inside the lock costs microseconds. So the API is batch-first:
 * {@code append(Handle, List)} joins the caller's transaction, so that an event's ledger postings and all of its
 * activity entries commit together (or not at all) under one head update; callers that process events in bulk
 * should hand over all entries of the bulk at once, up to {@link ai.mirroros.licensing.ledger.ActivityLog#MAX_BATCH_RECORDS}.
 *
 * <p>The log is tamper-evident, not tamper-proof: someone with write access can rewrite the whole chain and the
 * head consistently. Publishing the head ({@link ai.mirroros.licensing.ledger.ChainHead}) outside the database and
 * revoking UPDATE and DELETE on {@code activity_log} from the application's role close that gap.
 */
package ai.mirroros.licensing.ledger;
