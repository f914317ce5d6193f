/**
 * The webhook load generator and benchmark: a seeded stream of realistic, correctly signed Stripe events
 * ({@link ai.mirroros.licensing.loadgen.EventMix}) sent over real HTTP at a target rate or as fast as N senders go
 * ({@link ai.mirroros.licensing.loadgen.WebhookLoadGenerator}), ack latency measured from the intended send time
 * ({@link ai.mirroros.licensing.loadgen.LatencyHistogram}), the end-to-end posted rate read from the server's ingest
 * statistics, and the raw PostgreSQL insert rate of the same rows
 * ({@link ai.mirroros.licensing.loadgen.RawInsertBaseline}).
 * A tool for {@code licensing loadgen} and {@code scripts/bench webhooks}; nothing in the engine depends on it.
 */
package ai.mirroros.licensing.loadgen;
