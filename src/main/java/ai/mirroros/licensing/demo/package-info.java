/**
 * The demo dataset ({@code licensing demo seed}): three partners — an enterprise vault, a startup that signed up with
 * its referral code and an individual developer who signed up with the startup's — with months of marketplace
 * template sales and listing views, hosted platforms on Stripe subscriptions, exports, refunds, a dispute and
 * payouts, paid by repeat and new Stripe customers. Everything is made in an in-process Stripe sandbox and reaches
 * the engine as signed webhooks through its real endpoint, so every figure the other commands show is one the engine
 * computed. Deterministic: the same {@code --seed}, {@code --months} and {@code --as-of} give the same payments, ids
 * and amounts.
 */
package ai.mirroros.licensing.demo;
