/**
 * Revenue events into the books: a payment is split under the vault terms in force at its time, posted to the
 * ledger as one balanced journal entry, stored with its split (for later refunds and the volume bonus), and
 * recorded in the activity log — all in one transaction, idempotent by source id. Webhook ingestion and the CLI's
 * {@code ledger post-payment} both come through here.
 */
package ai.mirroros.licensing.revenue;
