/**
 * The {@code licensing} command line (picocli). Commands are thin: they parse flags, open {@link
 * ai.mirroros.licensing.LicensingApp} and call the same services the HTTP server uses. Expected failures print one
 * line on stderr and exit 2; nothing is half-written because every write is one transaction.
 */
package ai.mirroros.licensing.cli;
