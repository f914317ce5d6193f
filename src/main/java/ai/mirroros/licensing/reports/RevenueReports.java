package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.UnknownVaultException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Builds {@link RevenueReport}s from the journal ({@link LedgerPeriod}) and checks them on the way out: every row's
 * identities hold ({@link RevenueFigures#ties()}), the vault rows add up to the totals, and the payment figures equal
 * the payment table's split columns for the same payments. A report that does not tie is never returned.
 */
public final class RevenueReports {
    private final Database database;

    public RevenueReports(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Progress of a run: the number of journal entries to read, then one call per entry read. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void entries(long total) {
        }

        default void entryRead() {
        }
    }

    /** The report for a period, platform-wide or for one vault; an unknown vault is an {@link UnknownVaultException}. */
    public RevenueReport build(ReportPeriod period, Optional<String> vaultId) {
        return build(period, vaultId, Progress.NONE);
    }

    public RevenueReport build(ReportPeriod period, Optional<String> vaultId, Progress progress) {
        // One transaction: the journal scan and the cross-checks see the same snapshot.
        return database.jdbi().inTransaction(handle -> build(handle, period, vaultId, progress));
    }

    public RevenueReport build(Handle handle, ReportPeriod period, Optional<String> vaultId, Progress progress) {
        vaultId.ifPresent(id -> requireKnownVault(handle, id));
        progress.entries(LedgerPeriod.entryCount(handle, period));
        Map<String, Map<CurrencyUnit, RevenueFigures.Accumulator>> byVault = new TreeMap<>();
        Map<CurrencyUnit, RevenueFigures.Accumulator> totals = new TreeMap<>(Comparator.comparing(CurrencyUnit::code));
        LedgerPeriod.scan(handle, period, entry -> {
            String vault = entry.vaultId().orElse(RevenueFigures.UNATTRIBUTED);
            if (vaultId.isEmpty() || vaultId.get().equals(vault)) {
                total(totals, vaultId, entry.currency()).add(entry);
                if (vaultId.isEmpty()) {
                    row(byVault, vault, entry.currency()).add(entry);
                }
            }
            if (entry.category().isPayout()) {
                return;
            }
            // Commissions a vault earned as a referrer come from other vaults' sales: credited to its own row.
            entry.referrerLinesByOwner().forEach((referrer, signedMinor) -> {
                if (vaultId.isEmpty()) {
                    total(totals, vaultId, entry.currency()).addReferralLines(signedMinor);
                    row(byVault, referrer, entry.currency()).addReferralLines(signedMinor);
                } else if (vaultId.get().equals(referrer)) {
                    total(totals, vaultId, entry.currency()).addReferralLines(signedMinor);
                }
            });
        }, progress::entryRead);
        List<RevenueFigures> totalRows = totals.values().stream().map(RevenueFigures.Accumulator::figures).toList();
        List<RevenueFigures> vaultRows = new ArrayList<>();
        byVault.values().forEach(currencies -> currencies.values().forEach(a -> vaultRows.add(a.figures())));
        RevenueReport report = new RevenueReport(period, vaultId, totalRows, vaultRows);
        RevenueTieOut.check(handle, report);
        return report;
    }

    private static RevenueFigures.Accumulator total(Map<CurrencyUnit, RevenueFigures.Accumulator> totals,
                                                    Optional<String> vaultId, CurrencyUnit currency) {
        return totals.computeIfAbsent(currency, c -> new RevenueFigures.Accumulator(
                vaultId.orElse(RevenueFigures.PLATFORM), c));
    }

    private static RevenueFigures.Accumulator row(Map<String, Map<CurrencyUnit, RevenueFigures.Accumulator>> byVault,
                                                  String vault, CurrencyUnit currency) {
        return byVault.computeIfAbsent(vault, v -> new TreeMap<>(Comparator.comparing(CurrencyUnit::code)))
                .computeIfAbsent(currency, c -> new RevenueFigures.Accumulator(vault, c));
    }

    /** Fails with {@link UnknownVaultException} unless the vault was ever registered; callers check before a long run. */
    public void requireKnownVault(String vaultId) {
        database.jdbi().useHandle(handle -> requireKnownVault(handle, vaultId));
    }

    private static void requireKnownVault(Handle handle, String vaultId) {
        boolean known = handle.createQuery("SELECT COUNT(*) FROM vault_version WHERE vault_id = :id")
                .bind("id", vaultId).mapTo(Long.class).one() > 0;
        if (!known) {
            throw new UnknownVaultException("vault '" + vaultId + "' is not registered; see `licensing vaults list`");
        }
    }
}
