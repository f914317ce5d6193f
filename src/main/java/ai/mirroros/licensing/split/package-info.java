/**
 * The split rules: a pure function from one payment (gross, processing fee, the vault's terms in force, the referrer
 * chain and the bonus state) to a {@link ai.mirroros.licensing.split.SplitResult} whose lines sum to the gross
 * exactly and each say which rule produced them. Computes only; the ledger applies the result. Depends on
 * {@code money} and {@code vault}, nothing else.
 */
package ai.mirroros.licensing.split;
