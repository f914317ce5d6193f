/**
 * Log output: the plain text format for terminals and an opt-in one-JSON-object-per-line format for log shippers
 * ({@code LICENSING_LOG_FORMAT=json}), both of which mask API key secrets before a line is written.
 */
package ai.mirroros.licensing.logging;
