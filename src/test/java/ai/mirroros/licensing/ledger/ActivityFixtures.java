package ai.mirroros.licensing.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic activity records for tests and the benchmark: payments split, tier changes and payouts. */
final class ActivityFixtures {
    /** A clock with nanoseconds, to prove recordedAt is truncated to what the databases store. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00.123456789Z"), ZoneOffset.UTC);
    static final Instant T0 = Instant.parse("2025-02-28T09:15:30.250Z");

    private ActivityFixtures() {
    }

    /** Record number {@code n} of a realistic stream: mostly payment splits, some tier changes and payouts. */
    static ActivityRecord record(long n) {
        String vault = "vault_" + (n % 7);
        Instant at = T0.plusSeconds(n * 37).plusNanos(n % 1000 * 1000);
        return switch ((int) (n % 5)) {
            case 3 -> ActivityRecord.of(at, "tier.changed", Map.of(
                    "from", "silver", "to", "gold", "reason", "monthly volume 12,500.00 USD reached",
                    "effective", Map.of("month", "2025-03", "feeBasisPoints", 1200)))
                    .forVault(vault);
            case 4 -> ActivityRecord.of(at, "payout.paid", Map.of(
                    "amount", amount(n, 5), "currency", "USD", "payoutId", "po_" + Long.toString(n * 7919, 36),
                    "entries", List.of(n, n + 1, n + 2)))
                    .forVault(vault)
                    .fromSource("tr_" + Long.toString(n * 104_729, 36));
            default -> paymentSplit(n, vault, at);
        };
    }

    static ActivityRecord paymentSplit(long n, String vault, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("gross", amount(n, 1));
        payload.put("currency", "USD");
        payload.put("partnerShare", amount(n, 2));
        payload.put("platformShare", amount(n, 3));
        payload.put("stripeFee", new BigDecimal("0.30"));
        payload.put("rule", Map.of("name", "revenue_share", "partnerBasisPoints", 8500, "feeBearer", "platform"));
        payload.put("customer", Map.of("country", "DE", "note", "Grüße \"quoted\" \u2014 ok"));
        return ActivityRecord.of(at, "payment.split", payload)
                .forVault(vault)
                .fromSource("pi_3Q" + Long.toString(n * 2_654_435_761L, 36));
    }

    static List<ActivityRecord> records(long from, int count) {
        List<ActivityRecord> records = new ArrayList<>(count);
        for (long n = from; n < from + count; n++) {
            records.add(record(n));
        }
        return records;
    }

    /** A valid chain of {@code count} entries built in memory, as append would store it. */
    static List<ActivityEntry> chain(int count) {
        List<ActivityEntry> entries = new ArrayList<>(count);
        ChainHead head = ChainHead.EMPTY;
        int batch = 100;
        for (int from = 0; from < count; from += batch) {
            List<ActivityEntry> appended = ActivityLog.chain(head, records(from, Math.min(batch, count - from)),
                    CLOCK.instant().plusSeconds(from).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            entries.addAll(appended);
            ActivityEntry last = appended.getLast();
            head = new ChainHead(last.seq(), last.hash());
        }
        return entries;
    }

    static ChainHead headOf(List<ActivityEntry> entries) {
        return entries.isEmpty() ? ChainHead.EMPTY
                : new ChainHead(entries.getLast().seq(), entries.getLast().hash());
    }

    private static String amount(long n, int salt) {
        long minor = (n * 1_000_003L + salt * 7_919L) % 500_000L + 100;
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }
}
