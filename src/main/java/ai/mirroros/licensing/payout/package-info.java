/**
 * Payouts through Stripe Connect: who may be paid ({@link ai.mirroros.licensing.payout.Payee}, gated by
 * {@link ai.mirroros.licensing.payout.Payee#blockers()}), when ({@link ai.mirroros.licensing.payout.PayoutCalendar}),
 * and how a payout moves from planned to paid without ever being paid twice.
 *
 * <p>The ledger conventions every part of this package (and reconciliation) relies on, for a payout {@code P} of
 * payee {@code V} in currency {@code C} with parts {@code v} (own share) and {@code r} (referrer commissions):
 * <ul>
 *   <li>{@code payout:P:reserve} — available to in transit: Dr {@code vault_available:V:C} v, Cr
 *       {@code vault_in_transit:V:C} v, and the same for the referrer accounts with r. Posted in the transaction
 *       that inserts the payout row.</li>
 *   <li>{@code payout:P:paid} — the transfer exists at Stripe: Dr in transit, Cr {@code *_paid_out}; and Dr
 *       {@code connect_transfers::C}, Cr {@code stripe_clearing::C} by the amount.</li>
 *   <li>{@code payout:P:released} — the transfer was refused for good or never made: in transit back to available.</li>
 *   <li>{@code payout:P:reversed:N} — Stripe reversed the transfer, N = its cumulative {@code amount_reversed}:
 *       the difference goes from paid out back to available, and from connect_transfers back to clearing.</li>
 * </ul>
 * The payout id is the transfer's {@code transfer_group} and {@code metadata[payout_id]}; its idempotency key is
 * {@code payout-<payout id>}.
 */
package ai.mirroros.licensing.payout;
