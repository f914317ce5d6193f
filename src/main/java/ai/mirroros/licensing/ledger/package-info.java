/**
 * The books: an append-only double-entry journal of money movements ({@link ai.mirroros.licensing.ledger.Ledger},
 * {@link ai.mirroros.licensing.ledger.JournalEntry}) with balances derived from it, and the hash-chained activity
 * log. Nothing here is updated or deleted; corrections are new entries.
 *
 * <p>The journal's accounting model (how a payment and a holding-period release are booked), its idempotency
 * guarantee and why balances are summed from lines rather than stored (no hot row on PLATFORM_REVENUE; periodic
 * snapshots later) are documented on {@link ai.mirroros.licensing.ledger.Ledger}. Depends on {@code money} and
 * {@code store} only.
 */
package ai.mirroros.licensing.ledger;
