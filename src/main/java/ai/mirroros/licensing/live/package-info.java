/**
 * Live updates: the activity log read as a stream. One {@link ai.mirroros.licensing.live.LiveFeed} per server polls
 * {@code activity_log} by primary key for entries past the last one it saw ({@link ai.mirroros.licensing.live.ActivityTail}),
 * turns the payment, refund, dispute and payout entries into per-vault {@link ai.mirroros.licensing.live.LiveEvent}s
 * ({@link ai.mirroros.licensing.live.LiveEvents}) and hands them to the subscribed clients of each vault
 * ({@link ai.mirroros.licensing.live.Subscription}). The HTTP side (Server-Sent Events) is {@code web.LiveApi}.
 *
 * <p>Why poll the log rather than publish from the posting code: every server instance sees every posting, whichever
 * instance (or CLI run) made it, the seq of an entry is a resume point shared by all instances, and the posting code
 * stays unaware of who listens. Depends on {@code ledger}, {@code revenue}, {@code payout} (activity type names) and
 * {@code store}.
 */
package ai.mirroros.licensing.live;
