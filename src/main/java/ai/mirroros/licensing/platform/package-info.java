/**
 * The platform's own terms, the same for every vault: default export prices, the tier thresholds and downgrade
 * policy, the referrer volume-bonus steps, and where share links point. Vault-specific terms live in the registry.
 */
package ai.mirroros.licensing.platform;
