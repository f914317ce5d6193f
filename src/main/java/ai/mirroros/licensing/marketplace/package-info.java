/**
 * The agent-template marketplace and export pricing: templates a vault sells (priced exactly, base cost plus a
 * 50–200 % markup or an explicit price), their listings and listing views, per-template sales figures read from the
 * posted payments, and what a vault charges for agent exports, agent-loop exports and platform forks
 * ({@link ai.mirroros.licensing.marketplace.ExportPricing}: the vault's own fees, or the platform's defaults).
 */
package ai.mirroros.licensing.marketplace;
