/**
 * Exact money: integer minor units plus an ISO-4217 currency, decimal parsing and printing, named rounding, and
 * largest-remainder allocation so that parts always sum to the whole. Depends on nothing else in the project.
 */
package ai.mirroros.licensing.money;
