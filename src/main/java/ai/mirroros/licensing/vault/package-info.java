/**
 * The licensed-vault registry: each partner vault's license tier, revenue-sharing terms, mirror lineage and referrer
 * chain, monetization and pricing settings, payout schedule and compliance status, with validation, import/export in
 * the seed's {@code licensed-vaults.json} shape, and versioning so a split always uses the terms in force at the time.
 */
package ai.mirroros.licensing.vault;
