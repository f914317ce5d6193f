package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads of posted payments, always within one vault: a page of its payments newest first, or one payment with its
 * stored split. The split is the one stored when the payment was posted ({@code split_json}), never recomputed.
 */
public final class PaymentHistory {
    /** The most rows one page may ask for; callers bound their own page sizes below it. */
    public static final int PAGE_LIMIT_MAX = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "source_id, vault_id, occurred_at, journal_entry_id, split_json, "
            + "product_type, template_id, hosted_platform_id, agent_loop_id, customer_id, charge_currency, "
            + "charge_amount_minor, exchange_rate, balance_transaction_id, refunded_minor, disputed_held_minor, "
            + "dispute_lost_minor";

    private PaymentHistory() {
    }

    /**
     * A posted payment as stored, with what has been reversed since: {@code refunded}, {@code disputeHeld} (held by
     * open disputes) and {@code disputeLost}, cumulative, in the payment's currency.
     */
    public record StoredPayment(String sourceId, String vaultId, Instant occurredAt, long journalEntryId,
                                SplitResult split, Optional<String> productType, Optional<String> templateId,
                                Optional<String> hostedPlatformId, Optional<String> agentLoopId,
                                Optional<String> customerId, Optional<Charge> charge, Money refunded,
                                Money disputeHeld, Money disputeLost) {
        public StoredPayment {
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(split, "split");
            Objects.requireNonNull(charge, "charge");
        }

        public CurrencyUnit currency() {
            return split.gross().currency();
        }

        /** Refunded plus held and lost to disputes: what the clawbacks of this payment were computed on. */
        public Money reversed() {
            return refunded.plus(disputeHeld).plus(disputeLost);
        }

        /**
         * What was clawed back from each split line so far, index by index, by the one clawback rule
         * ({@link PaymentAdjustments#clawbackPerLine}).
         */
        public List<Money> clawedBackPerLine() {
            long[] perLine = PaymentAdjustments.clawbackPerLine(split, reversed().amountMinor());
            return Arrays.stream(perLine).mapToObj(minor -> Money.ofMinor(minor, currency())).toList();
        }
    }

    /** The charge in another currency behind a converted payment, as Stripe's balance transaction recorded it. */
    public record Charge(Money charged, BigDecimal exchangeRate, Optional<String> balanceTransactionId) {
    }

    /** Where a page ended: the last payment's time and source id. The next page starts strictly after it. */
    public record Position(Instant occurredAt, String sourceId) {
        public Position {
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(sourceId, "sourceId");
        }
    }

    /**
     * Which product types a page keeps: {@code anyOf} those types, or {@code noneOf} them (which keeps payments
     * without a product type too).
     */
    public record ProductTypes(Set<String> types, boolean excluded) {
        public ProductTypes {
            types = Set.copyOf(types);
            if (types.isEmpty()) {
                throw new IllegalArgumentException("a product type filter names at least one type");
            }
        }

        public static ProductTypes anyOf(Collection<String> types) {
            return new ProductTypes(Set.copyOf(types), false);
        }

        public static ProductTypes noneOf(Collection<String> types) {
            return new ProductTypes(Set.copyOf(types), true);
        }
    }

    /**
     * Up to {@code limit} payments of {@code vaultId} that happened in {@code [from, to)}, newest first (ties by
     * source id, descending), starting after {@code after}. Keyset paging: each page is one index range scan
     * however deep it is, and payments posted meanwhile never shift a page.
     */
    public static List<StoredPayment> page(Handle handle, String vaultId, Instant from, Instant to,
                                           Optional<ProductTypes> productTypes, Optional<Position> after, int limit) {
        Objects.requireNonNull(vaultId, "vaultId");
        if (limit < 1 || limit > PAGE_LIMIT_MAX) {
            throw new IllegalArgumentException("page limit " + limit + " is not between 1 and " + PAGE_LIMIT_MAX);
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM payment WHERE vault_id = :vaultId "
                + "AND occurred_at >= :from AND occurred_at < :to");
        productTypes.ifPresent(filter -> sql.append(filter.excluded()
                ? " AND (product_type IS NULL OR product_type NOT IN (<types>))"
                : " AND product_type IN (<types>)"));
        after.ifPresent(position -> sql.append(
                " AND (occurred_at < :afterAt OR (occurred_at = :afterAt AND source_id < :afterId))"));
        sql.append(" ORDER BY occurred_at DESC, source_id DESC LIMIT :limit");
        Query query = handle.createQuery(sql.toString())
                .bind("vaultId", vaultId)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("limit", limit);
        productTypes.ifPresent(filter -> query.bindList("types", filter.types().stream().sorted().toList()));
        after.ifPresent(position -> query.bind("afterAt", utc(position.occurredAt()))
                .bind("afterId", position.sourceId()));
        return query.map((rs, ctx) -> map(rs)).list();
    }

    /** The payment {@code sourceId} if it belongs to {@code vaultId}; another vault's payment is not found. */
    public static Optional<StoredPayment> find(Handle handle, String vaultId, String sourceId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM payment WHERE source_id = :sourceId "
                        + "AND vault_id = :vaultId")
                .bind("sourceId", sourceId)
                .bind("vaultId", vaultId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static StoredPayment map(ResultSet rs) throws SQLException {
        SplitResult split = SplitReport.fromMap(readMap(rs.getString("split_json")));
        CurrencyUnit currency = split.gross().currency();
        String chargeCurrency = rs.getString("charge_currency");
        Optional<Charge> charge = chargeCurrency == null ? Optional.empty() : Optional.of(new Charge(
                Money.ofMinor(rs.getLong("charge_amount_minor"), CurrencyUnit.of(chargeCurrency)),
                new BigDecimal(rs.getString("exchange_rate")),
                Optional.ofNullable(rs.getString("balance_transaction_id"))));
        return new StoredPayment(
                rs.getString("source_id"),
                rs.getString("vault_id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getLong("journal_entry_id"),
                split,
                Optional.ofNullable(rs.getString("product_type")),
                Optional.ofNullable(rs.getString("template_id")),
                Optional.ofNullable(rs.getString("hosted_platform_id")),
                Optional.ofNullable(rs.getString("agent_loop_id")),
                Optional.ofNullable(rs.getString("customer_id")),
                charge,
                Money.ofMinor(rs.getLong("refunded_minor"), currency),
                Money.ofMinor(rs.getLong("disputed_held_minor"), currency),
                Money.ofMinor(rs.getLong("dispute_lost_minor"), currency));
    }

    private static Map<String, Object> readMap(String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored split is not valid JSON", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
