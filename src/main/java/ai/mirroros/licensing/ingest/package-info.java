/**
 * Stripe webhook ingestion: the inbox (every verified event stored before it is acknowledged, unique on Stripe's
 * event id), the group committer that makes acknowledging fast, and the processor that turns inbox events into
 * postings exactly once, in batches, at its own pace.
 */
package ai.mirroros.licensing.ingest;
