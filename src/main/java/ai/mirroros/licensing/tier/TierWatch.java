package ai.mirroros.licensing.tier;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Follows the tiers of the vaults in one posting batch. Before a payment is split it applies a pending downgrade
 * (start of a month, by policy); after it, an upgrade when the payment took the month's revenue over a threshold —
 * effective from that payment's time, so the next payment splits at the new share. Changes go into the batch's
 * in-memory vault histories at once (later payments of the same batch see them) and are written by
 * {@link #record} in the batch's transaction.
 *
 * <p>The month's revenue is the stored month ({@link MonthRevenue}, one query per batch) plus the payments of this
 * batch seen so far, in batch order: "crossing" means in the order payments are posted.
 */
public final class TierWatch {
    private final TierPolicy policy;
    private final Map<MonthRevenue.Key, Long> months;
    private final List<Change> changes = new ArrayList<>();
    private final Set<String> downgradeChecked = new HashSet<>();

    private record Change(VaultVersion from, VaultVersion to, Map<String, Object> why) {
    }

    /** A batch's payments, as (vault id, time) pairs, so that their months can be read at once. */
    public record Payment(String vaultId, Instant occurredAt) {
    }

    public TierWatch(Handle handle, TierPolicy policy, List<Payment> batch) {
        this.policy = policy;
        Set<YearMonth> wanted = new HashSet<>();
        for (Payment p : batch) {
            YearMonth month = MonthRevenue.monthOf(p.occurredAt());
            wanted.add(month);
            wanted.add(month.minusMonths(1));
        }
        this.months = new LinkedHashMap<>(MonthRevenue.load(handle,
                batch.stream().map(Payment::vaultId).distinct().toList(), wanted));
    }

    /** Before splitting a payment at {@code at}: a downgrade at the start of its month, when the policy calls it. */
    public void beforePayment(List<VaultVersion> history, String vaultId, Instant at) {
        YearMonth month = MonthRevenue.monthOf(at);
        if (!downgradeChecked.add(vaultId + "\n" + month)) {
            return;
        }
        VaultVersion current = VaultRegistry.inForce(history, at).orElse(null);
        Instant monthStart = MonthRevenue.start(month);
        // Judge only a whole month on the tier: a vault that joined or changed tier during it is left alone.
        if (current == null || !current.effectiveFrom().isBefore(MonthRevenue.start(month.minusMonths(1)))) {
            return;
        }
        LicensedVault vault = current.vault();
        Money previous = revenue(vaultId, month.minusMonths(1), vault);
        policy.downgradeFor(vault, previous).ifPresent(tier -> change(history, current, tier, monthStart,
                Map.of("reason", "downgrade: revenue in " + month.minusMonths(1) + " was " + previous
                        + ", below the " + vault.licenseType().wireName() + " threshold "
                        + policy.threshold(vault.licenseType()))));
    }

    /** After splitting a payment under {@code terms}: adds it to its month and upgrades if it crossed a threshold. */
    public void afterPayment(List<VaultVersion> history, VaultVersion terms, Instant at, Money gross,
                             String sourceId) {
        YearMonth month = MonthRevenue.monthOf(at);
        MonthRevenue.Key key = new MonthRevenue.Key(terms.vaultId(), month, gross.currency());
        long total = months.merge(key, gross.amountMinor(), Math::addExact);
        Money monthRevenue = Money.ofMinor(total, gross.currency());
        VaultVersion latest = VaultRegistry.inForce(history, at).orElse(terms);
        policy.upgradeFor(latest.vault(), monthRevenue).ifPresent(tier -> change(history, latest, tier, at,
                Map.of("reason", "upgrade: revenue in " + month + " reached " + monthRevenue + ", the "
                                + tier.wireName() + " threshold is " + policy.threshold(tier),
                        "monthRevenue", monthRevenue.toString(),
                        "threshold", policy.threshold(tier).toString(),
                        "crossedBy", sourceId)));
    }

    /** Writes the batch's tier changes, oldest first, in the caller's transaction. */
    public void record(Handle handle, VaultRegistry registry) {
        for (Change change : changes) {
            registry.changeTier(handle, change.from(), change.to().vault(), change.to().version(),
                    change.to().effectiveFrom(), change.why());
        }
    }

    /** True when this batch changed a tier. */
    public boolean changedAny() {
        return !changes.isEmpty();
    }

    private Money revenue(String vaultId, YearMonth month, LicensedVault vault) {
        return Money.ofMinor(months.getOrDefault(new MonthRevenue.Key(vaultId, month, vault.settlementCurrency()),
                0L), vault.settlementCurrency());
    }

    private void change(List<VaultVersion> history, VaultVersion from, LicenseType tier, Instant effectiveFrom,
                        Map<String, Object> why) {
        int version = history.stream().mapToInt(VaultVersion::version).max().orElse(0) + 1;
        VaultVersion to = new VaultVersion(from.vaultId(), version, effectiveFrom, effectiveFrom,
                TierPolicy.onTier(from.vault(), tier));
        history.add(to);
        history.sort(Comparator.comparing(VaultVersion::effectiveFrom).thenComparingInt(VaultVersion::version));
        changes.add(new Change(from, to, why));
    }
}
