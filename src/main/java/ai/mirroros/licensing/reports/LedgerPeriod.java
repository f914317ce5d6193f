package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * Reads the journal entries of a period, one {@link EntryFigures} per entry: its category, the vault it belongs to and
 * its lines summed per {@link Side}. Streams the lines in entry order, so memory stays bounded by the vault
 * attribution maps, not by the number of lines. Read-only: SELECTs on the journal, the payment table and the
 * activity log, in the caller's handle (one snapshot when the caller opens a transaction).
 */
public final class LedgerPeriod {
    /** Source ids per IN list when attributing adjustments: far below every driver's parameter limit. */
    private static final int IN_LIST_MAX = 500;

    /**
     * One categorised journal entry of the period. {@code sums} are signed (debit positive) per {@link Side#ordinal()};
     * {@code vaultId} is empty only when nothing ties the entry to a vault.
     */
    public record EntryFigures(long entryId, String sourceId, EntryCategory category, Optional<String> vaultId,
                               CurrencyUnit currency, Instant occurredAt, long[] sums,
                               Map<String, Long> referrerLinesByOwner) {
        public long sum(Side side) {
            return sums[side.ordinal()];
        }
    }

    private LedgerPeriod() {
    }

    /** Calls {@code sink} for every categorised entry that occurred in the period, in entry-id order. */
    public static void scan(Handle handle, ReportPeriod period, Consumer<EntryFigures> sink) {
        scan(handle, period, sink, () -> { });
    }

    /** As {@link #scan(Handle, ReportPeriod, Consumer)}, calling {@code read} after each entry read (for progress). */
    public static void scan(Handle handle, ReportPeriod period, Consumer<EntryFigures> sink, Runnable read) {
        Map<Long, String> paymentVaults = paymentVaults(handle, period);
        Map<String, String> adjustmentVaults = adjustmentVaults(handle, period);
        Accumulator acc = new Accumulator(paymentVaults, adjustmentVaults, sink, read);
        handle.createQuery("""
                        SELECT e.entry_id, e.source_id, e.kind, e.occurred_at, l.account_key, l.amount_minor
                        FROM journal_entry e JOIN journal_line l ON l.entry_id = e.entry_id
                        WHERE e.occurred_at >= :from AND e.occurred_at < :to AND e.kind IN (%s)
                        ORDER BY e.entry_id, l.line_no""".formatted(EntryCategory.KINDS_SQL))
                .bind("from", utc(period.from()))
                .bind("to", utc(period.to()))
                .setFetchSize(1_000)
                .map((rs, ctx) -> new Row(rs.getLong("entry_id"), rs.getString("source_id"), rs.getString("kind"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        AccountRef.parseKey(rs.getString("account_key")), rs.getLong("amount_minor")))
                .forEach(acc::add);
        acc.flush();
    }

    private record Row(long entryId, String sourceId, String kind, Instant occurredAt, AccountRef account,
                       long amountMinor) {
    }

    /** Folds the lines of one entry at a time into an {@link EntryFigures}. */
    private static final class Accumulator {
        private final Map<Long, String> paymentVaults;
        private final Map<String, String> adjustmentVaults;
        private final Consumer<EntryFigures> sink;
        private final Runnable read;
        private Row first;
        private final List<Row> lines = new ArrayList<>();

        Accumulator(Map<Long, String> paymentVaults, Map<String, String> adjustmentVaults,
                    Consumer<EntryFigures> sink, Runnable read) {
            this.paymentVaults = paymentVaults;
            this.adjustmentVaults = adjustmentVaults;
            this.sink = sink;
            this.read = read;
        }

        void add(Row row) {
            if (first != null && first.entryId() != row.entryId()) {
                flush();
            }
            if (first == null) {
                first = row;
            }
            lines.add(row);
        }

        void flush() {
            if (first == null) {
                return;
            }
            Optional<EntryCategory> category = EntryCategory.of(first.kind(), first.sourceId());
            if (category.isPresent()) {
                sink.accept(figures(category.get()));
            }
            first = null;
            lines.clear();
            read.run();
        }

        private EntryFigures figures(EntryCategory category) {
            long[] sums = new long[Side.values().length];
            CurrencyUnit currency = first.account().currency();
            String partnerOwner = null;
            Map<String, Long> referrers = new java.util.TreeMap<>();
            for (Row line : lines) {
                if (!line.account().currency().equals(currency)) {
                    // Payments, adjustments and payouts are single-currency by construction; a mixed entry is a bug.
                    throw new IllegalStateException("journal entry " + first.entryId() + " mixes " + currency
                            + " and " + line.account().currency());
                }
                Side side = Side.of(line.account().type());
                sums[side.ordinal()] = Math.addExact(sums[side.ordinal()], line.amountMinor());
                if (line.account().type().perOwner() && isVaultAccount(line.account().type())) {
                    partnerOwner = line.account().owner();
                }
                if (side == Side.REFERRER) {
                    referrers.merge(line.account().owner(), line.amountMinor(), Math::addExact);
                }
            }
            return new EntryFigures(first.entryId(), first.sourceId(), category,
                    vaultOf(category, partnerOwner), currency, first.occurredAt(), sums, Map.copyOf(referrers));
        }

        /**
         * A payment belongs to the vault of its payment row; an adjustment to the vault its activity-log entry names
         * (the vault of the adjusted payment), else the vault whose share it moves; a payout to its payee.
         */
        private Optional<String> vaultOf(EntryCategory category, String partnerOwner) {
            if (category == EntryCategory.PAYMENT) {
                return Optional.ofNullable(paymentVaults.get(first.entryId()));
            }
            if (category.isAdjustment()) {
                String logged = adjustmentVaults.get(first.sourceId());
                return Optional.ofNullable(logged != null ? logged : partnerOwner);
            }
            if (partnerOwner != null) {
                return Optional.of(partnerOwner);
            }
            // A payout made only of referrer commissions: its payee owns the referrer lines.
            return lines.stream().filter(l -> l.account().type().perOwner()).map(l -> l.account().owner())
                    .findFirst();
        }

        private static boolean isVaultAccount(AccountType type) {
            return Side.of(type) == Side.PARTNER;
        }
    }

    /** How many entries {@link #scan} reads for the period: the total of a progress bar. */
    public static long entryCount(Handle handle, ReportPeriod period) {
        return handle.createQuery("""
                        SELECT COUNT(*) FROM journal_entry
                        WHERE occurred_at >= :from AND occurred_at < :to AND kind IN (%s)""".formatted(
                        EntryCategory.KINDS_SQL))
                .bind("from", utc(period.from()))
                .bind("to", utc(period.to()))
                .mapTo(Long.class).one();
    }

    private static Map<Long, String> paymentVaults(Handle handle, ReportPeriod period) {
        Map<Long, String> vaults = new HashMap<>();
        handle.createQuery("""
                        SELECT journal_entry_id, vault_id FROM payment
                        WHERE occurred_at >= :from AND occurred_at < :to""")
                .bind("from", utc(period.from()))
                .bind("to", utc(period.to()))
                .map((rs, ctx) -> Map.entry(rs.getLong("journal_entry_id"), rs.getString("vault_id")))
                .forEach(e -> vaults.put(e.getKey(), e.getValue()));
        return vaults;
    }

    /** Source id of each adjustment entry of the period → the vault of the payment it adjusted. */
    private static Map<String, String> adjustmentVaults(Handle handle, ReportPeriod period) {
        List<String> sources = handle.createQuery("""
                        SELECT source_id FROM journal_entry
                        WHERE kind = 'adjustment' AND occurred_at >= :from AND occurred_at < :to""")
                .bind("from", utc(period.from()))
                .bind("to", utc(period.to()))
                .mapTo(String.class)
                .list();
        Map<String, String> vaults = new HashMap<>();
        for (int i = 0; i < sources.size(); i += IN_LIST_MAX) {
            handle.createQuery("""
                            SELECT source_id, vault_id FROM activity_log
                            WHERE type IN (:refund, :opened, :closed) AND vault_id IS NOT NULL
                              AND source_id IN (<sources>)""")
                    .bind("refund", PaymentAdjustments.ACTIVITY_REFUND)
                    .bind("opened", PaymentAdjustments.ACTIVITY_DISPUTE_OPENED)
                    .bind("closed", PaymentAdjustments.ACTIVITY_DISPUTE_CLOSED)
                    .bindList("sources", sources.subList(i, Math.min(sources.size(), i + IN_LIST_MAX)))
                    .map((rs, ctx) -> Map.entry(rs.getString("source_id"), rs.getString("vault_id")))
                    .forEach(e -> vaults.put(e.getKey(), e.getValue()));
        }
        return vaults;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
