package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The holding-period rule, in one place: an entry that leaves a balance on a pending account (VAULT_PENDING,
 * REFERRER_PENDING) says when it matures ({@code availableAt}); at that moment a release entry with source id
 * {@code release:<entryId>} moves exactly that net pending balance to the matching available account. Pure: the
 * {@link Ledger} finds matured entries and posts what this class plans.
 */
final class LedgerRelease {
    /** Source ids with this prefix belong to release entries and are refused from outside the ledger. */
    static final String SOURCE_PREFIX = "release:";

    private LedgerRelease() {
    }

    static String sourceIdFor(long entryId) {
        return SOURCE_PREFIX + entryId;
    }

    static boolean isReservedSourceId(String sourceId) {
        return sourceId.startsWith(SOURCE_PREFIX);
    }

    /** The net signed amount per pending account in the entry, leaving out accounts that net to zero. */
    static Map<AccountRef, Money> pendingNet(JournalEntry entry) {
        Map<AccountRef, Money> net = new LinkedHashMap<>();
        for (JournalLine line : entry.lines()) {
            if (line.account().type().isPending()) {
                net.merge(line.account(), line.amount(), Money::plus);
            }
        }
        net.values().removeIf(Money::isZero);
        return net;
    }

    /** True when posting the entry leaves a pending balance that a release must move at {@code availableAt}. */
    static boolean awaitsRelease(JournalEntry entry) {
        return entry.availableAt().isPresent() && !pendingNet(entry).isEmpty();
    }

    /**
     * Refuses an entry whose pending balances could not be released: one that credits a pending account without
     * saying when it matures (that money would stay pending forever), or one touching so many pending accounts that
     * its release would not fit in one entry. Net debits to pending accounts (clawbacks, the releases themselves)
     * need no date.
     */
    static void requireReleasable(JournalEntry entry) {
        Map<AccountRef, Money> pending = pendingNet(entry);
        if (2 * pending.size() > JournalEntry.MAX_LINES) {
            throw new JournalEntryException("entry '" + entry.sourceId() + "' moves " + pending.size()
                    + " pending accounts; at most " + JournalEntry.MAX_LINES / 2 + " so that its release fits in one"
                    + " entry");
        }
        if (entry.availableAt().isPresent()) {
            return;
        }
        pending.forEach((account, net) -> {
            if (net.isNegative()) {
                throw new JournalEntryException("entry '" + entry.sourceId() + "' credits " + account
                        + " but has no availableAt; say when the holding period ends");
            }
        });
    }

    /**
     * The entry releasing {@code entry} (stored as {@code entryId}): for each pending account, the opposite of its net
     * amount, and that amount on the matching available account. Empty when nothing is pending.
     */
    static Optional<JournalEntry> releaseFor(long entryId, JournalEntry entry) {
        Map<AccountRef, Money> pending = pendingNet(entry);
        if (pending.isEmpty() || entry.availableAt().isEmpty()) {
            return Optional.empty();
        }
        List<JournalLine> lines = new ArrayList<>();
        pending.forEach((account, net) -> {
            lines.add(new JournalLine(account, net.negate()));
            lines.add(new JournalLine(account.releasedTo().orElseThrow(), net));
        });
        String description = "release of entry " + entryId + " (" + entry.sourceId() + ")";
        return Optional.of(new JournalEntry(sourceIdFor(entryId), JournalEntry.KIND_RELEASE,
                entry.availableAt().get(), Optional.empty(),
                description.substring(0, Math.min(description.length(), JournalEntry.MAX_DESCRIPTION_LENGTH)),
                lines));
    }
}
