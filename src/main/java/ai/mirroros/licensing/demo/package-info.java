/**
 * The demo dataset ({@code licensing demo seed}): three partners — an enterprise vault, a startup it referred and an
 * individual developer the startup referred — with months of template sales, hosting invoices, exports, refunds, a
 * dispute and payouts. Everything is made in an in-process Stripe sandbox and reaches the engine as signed webhooks
 * through its real endpoint, so every figure the other commands show is one the engine computed. Deterministic:
 * the same {@code --seed}, {@code --months} and {@code --as-of} give the same payments, ids and amounts.
 */
package ai.mirroros.licensing.demo;
