/**
 * License tiers that follow revenue: automatic upgrades when a vault's monthly revenue crosses the next tier's
 * threshold, the configurable downgrade policy, and the upgrade calculator.
 */
package ai.mirroros.licensing.tier;
