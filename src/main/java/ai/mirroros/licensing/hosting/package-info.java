/**
 * White-label hosted platforms a vault runs for its clients, billed monthly through a Stripe subscription.
 *
 * <p>A fork ({@link ai.mirroros.licensing.hosting.HostedPlatforms#fork}) is allowed only when the vault has
 * {@code enableHostedMirrorPlatforms}. It is recorded first, {@code pending}, with its place in the vault lineage
 * (parent vault, fork depth); then the Stripe customer, product, monthly price and subscription are created, each
 * with an idempotency key derived from the platform id ({@code hosted-<id>-<step>}) and each id recorded as soon as
 * Stripe returns it, so a fork that is retried or resumed after a crash never creates a second subscription. The
 * subscription's first invoice makes it {@code active}. Revenue is not booked here: every {@code invoice.paid}
 * carries the subscription's metadata ({@code vault_id}, {@code product_type=hosted_platform},
 * {@code hosted_platform_id}) and is posted like any payment. {@code customer.subscription.deleted} ends the platform
 * ({@code canceled}, "hosted.churned"), whoever canceled it.
 */
package ai.mirroros.licensing.hosting;
