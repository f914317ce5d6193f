/**
 * The referral programme: vaults hand out referral codes and share links, a vault signing up with a code gets the
 * code owner's referrer chain (so its payments pay commissions at each level for its lifetime), share and visit
 * counters, conversion and earnings per code, and {@code referrals explain}, which answers why each level of a
 * vault's chain was or was not paid. Commission amounts themselves are the split engine's
 * ({@code split/SplitEngine}); a high-volume referrer's bonus is computed at posting ({@code revenue/ReferrerStates}).
 * docs/REFERRALS.md has the rules.
 */
package ai.mirroros.licensing.referral;
