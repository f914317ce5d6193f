/**
 * The Stripe sandbox: an in-memory fake of the parts of Stripe's API this project uses (payments, refunds,
 * disputes, balance, Connect accounts, transfers, reversals, payouts, webhooks), stateful enough that the
 * official stripe-java client and the engine can be tested against it honestly — including faults, timeouts and
 * idempotent retries. Tests start it in-process ({@link ai.mirroros.licensing.stripe.sandbox.StripeSandbox});
 * {@code licensing stripe-sandbox} runs it standalone. See {@code docs/STRIPE_SANDBOX.md}.
 */
package ai.mirroros.licensing.stripe.sandbox;
