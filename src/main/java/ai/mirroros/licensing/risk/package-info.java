/**
 * Fraud risk scoring and payout holds: every posted payment gets a score from 0 to 100 with the reasons behind it
 * ({@link ai.mirroros.licensing.risk.RiskRules}, pure); a score at or above the configured threshold holds the
 * vault's payouts until an operator releases it ({@link ai.mirroros.licensing.risk.RiskHolds}).
 *
 * <p>Scoring runs inside the posting transaction ({@link ai.mirroros.licensing.risk.RiskScoring} observes
 * {@link ai.mirroros.licensing.revenue.PaymentPosting}) and gathers its facts for the whole batch with one query per
 * fact. The payout package never imports this one: it reads the {@code risk_hold} table in its own store, so the
 * gate stays in {@link ai.mirroros.licensing.payout.Payee#blockers()}. See docs/RISK.md.
 */
package ai.mirroros.licensing.risk;
