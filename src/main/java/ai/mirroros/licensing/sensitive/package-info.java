/**
 * Sensitive data at rest: payees' TINs, postal addresses and bank details, sealed with AES-256-GCM under data keys
 * kept outside the database ({@link ai.mirroros.licensing.sensitive.DataKeyRing}), opened only in memory and masked
 * in every output. {@link ai.mirroros.licensing.sensitive.TaxProfiles} is the store; the value types
 * ({@link ai.mirroros.licensing.sensitive.Tin}, {@link ai.mirroros.licensing.sensitive.PostalAddress},
 * {@link ai.mirroros.licensing.sensitive.BankAccount}) print masked from {@code toString()} so a log line cannot leak
 * them. See docs/SECURITY.md.
 */
package ai.mirroros.licensing.sensitive;
