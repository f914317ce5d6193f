/**
 * Who may call the HTTP API: partner and admin API keys (issued once, stored as a hash, revocable) and the
 * {@link ai.mirroros.licensing.access.Principal} a request acts as. A partner key reaches its own vault only; the
 * rule lives in {@link ai.mirroros.licensing.access.Principal#canSee(String)}.
 */
package ai.mirroros.licensing.access;
