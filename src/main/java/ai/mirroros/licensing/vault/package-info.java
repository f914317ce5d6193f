/**
 * The licensed-vault registry: each partner vault's license tier, revenue-sharing terms, mirror lineage and referrer
 * chain, monetization and pricing settings, payout schedule and compliance status, with validation, import/export in
 * the seed's {@code licensed-vaults.json} shape, and versioning so a split always uses the terms in force at the time.
 *
 * <h2>Import and export</h2>
 * <ul>
 *   <li>{@link ai.mirroros.licensing.vault.VaultRegistryFile} is the entry point: {@code load(Path)} and
 *       {@code parse(String)} import a whole file or nothing, {@code save(Path, vaults)} exports after validating.
 *       {@code examples/licensed-vaults.json} is a complete, valid file.</li>
 *   <li>{@link ai.mirroros.licensing.vault.RegistryJson} is the wire format alone: field names, defaults and the
 *       explicit mapping to and from the records (the records carry no JSON annotations).</li>
 *   <li>{@link ai.mirroros.licensing.vault.RegistryValidator} holds the rules (shares sum to 100, rates and amounts in
 *       range, referrer and fork lineage within the registry and without cycles, payout days that exist) and returns
 *       {@link ai.mirroros.licensing.vault.RegistryProblem}s naming vault, field and fix;
 *       {@link ai.mirroros.licensing.vault.RegistryValidationException} lists them all, one per line.</li>
 * </ul>
 */
package ai.mirroros.licensing.vault;
