package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The {@code payout}, {@code payout_event}, {@code payout_run} and {@code payout_skip} tables. */
public final class PayoutStore {
    static final String COLUMNS = "payout_id, payee_id, currency, due_date, vault_minor, referrer_minor, amount_minor, "
            + "stripe_account, idempotency_key, status, attempts, next_attempt_at, transfer_id, reversed_minor, "
            + "last_error, created_at, updated_at";
    public static final int LIST_LIMIT_MAX = 10_000;

    private final Dialect dialect;

    public PayoutStore(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** A payee's two available balances in one currency (liability side: credit positive). */
    public record Available(String payeeId, CurrencyUnit currency, Money vault, Money referrer) {
        public Money total() {
            return vault.plus(referrer);
        }
    }

    /**
     * Every owner's available balances that are not zero, from two range scans of the balance index: one for
     * vault shares, one for referrer commissions.
     */
    public static Map<String, Available> availableBalances(Handle handle) {
        Map<String, Available> byKey = new HashMap<>();
        for (AccountType type : List.of(AccountType.VAULT_AVAILABLE, AccountType.REFERRER_AVAILABLE)) {
            String prefix = type.keyName() + ":";
            handle.createQuery("SELECT account_key, SUM(amount_minor) AS balance FROM journal_line "
                            + "WHERE account_key >= :from AND account_key < :to GROUP BY account_key")
                    .bind("from", prefix)
                    .bind("to", type.keyName() + ";") // ';' sorts right after ':'
                    .map((rs, ctx) -> {
                        accumulate(byKey, type, rs.getString("account_key"), -rs.getLong("balance"));
                        return null;
                    })
                    .list();
        }
        byKey.values().removeIf(a -> a.vault().isZero() && a.referrer().isZero());
        return byKey;
    }

    /** The available balances of the given payees (all currencies), read inside the caller's transaction. */
    public static Map<String, Available> availableBalances(Handle handle, Collection<String> payeeIds) {
        Map<String, Available> byKey = new HashMap<>();
        if (payeeIds.isEmpty()) {
            return byKey;
        }
        handle.createQuery("SELECT account_key, SUM(amount_minor) AS balance FROM journal_line "
                        + "WHERE owner_id IN (<owners>) AND (account_key LIKE 'vault_available:%' "
                        + "OR account_key LIKE 'referrer_available:%') GROUP BY account_key")
                .bindList("owners", List.copyOf(payeeIds))
                .map((rs, ctx) -> {
                    String key = rs.getString("account_key");
                    AccountType type = key.startsWith("vault_") ? AccountType.VAULT_AVAILABLE
                            : AccountType.REFERRER_AVAILABLE;
                    accumulate(byKey, type, key, -rs.getLong("balance"));
                    return null;
                })
                .list();
        return byKey;
    }

    /**
     * Pending shares whose holding period ended by {@code asOf} but that no release has moved yet: what a dry run
     * adds to the available balances, since a real run releases them first.
     */
    public static Map<String, Available> maturedPending(Handle handle, Instant asOf) {
        Map<String, Available> byKey = new HashMap<>();
        handle.createQuery("SELECT l.account_key, SUM(l.amount_minor) AS balance FROM journal_entry e "
                        + "JOIN journal_line l ON l.entry_id = e.entry_id "
                        + "WHERE e.awaits_release = TRUE AND e.available_at <= :asOf "
                        + "AND (l.account_key LIKE 'vault_pending:%' OR l.account_key LIKE 'referrer_pending:%') "
                        + "AND NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.source_id = "
                        + "CONCAT('release:', e.entry_id)) GROUP BY l.account_key")
                .bind("asOf", Timestamp.from(asOf))
                .map((rs, ctx) -> {
                    String key = rs.getString("account_key");
                    accumulate(byKey, key.startsWith("vault_") ? AccountType.VAULT_AVAILABLE
                            : AccountType.REFERRER_AVAILABLE, key, -rs.getLong("balance"));
                    return null;
                })
                .list();
        return byKey;
    }

    /** Adds {@code more} into {@code balances}, payee and currency by payee and currency. */
    public static void addInto(Map<String, Available> balances, Map<String, Available> more) {
        more.forEach((key, extra) -> balances.merge(key, extra, (a, b) -> new Available(a.payeeId(), a.currency(),
                a.vault().plus(b.vault()), a.referrer().plus(b.referrer()))));
    }

    /** Map key of {@link #availableBalances}: payee and currency. */
    public static String balanceKey(String payeeId, CurrencyUnit currency) {
        return currency.code() + ":" + payeeId;
    }

    private static void accumulate(Map<String, Available> byKey, AccountType type, String accountKey, long minor) {
        int first = accountKey.indexOf(':');
        int last = accountKey.lastIndexOf(':');
        String owner = accountKey.substring(first + 1, last);
        CurrencyUnit currency = CurrencyUnit.of(accountKey.substring(last + 1));
        Money amount = Money.ofMinor(minor, currency);
        byKey.merge(balanceKey(owner, currency),
                type == AccountType.VAULT_AVAILABLE
                        ? new Available(owner, currency, amount, Money.zero(currency))
                        : new Available(owner, currency, Money.zero(currency), amount),
                (a, b) -> new Available(owner, currency, a.vault().plus(b.vault()), a.referrer().plus(b.referrer())));
    }

    public static Set<String> existingIds(Handle handle, Collection<String> payoutIds) {
        if (payoutIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(handle.createQuery("SELECT payout_id FROM payout WHERE payout_id IN (<ids>)")
                .bindList("ids", List.copyOf(payoutIds)).mapTo(String.class).list());
    }

    public static void insert(Handle handle, List<Payout> payouts) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO payout (" + COLUMNS + ") VALUES (:id, :payee, "
                + ":currency, :due, :vault, :referrer, :amount, :account, :key, :status, :attempts, :next, "
                + ":transfer, :reversed, :error, :created, :updated)");
        for (Payout p : payouts) {
            batch.bind("id", p.payoutId()).bind("payee", p.payeeId())
                    .bind("currency", p.amount().currency().code()).bind("due", p.dueDate())
                    .bind("vault", p.vaultPart().amountMinor()).bind("referrer", p.referrerPart().amountMinor())
                    .bind("amount", p.amount().amountMinor()).bind("account", p.stripeAccount())
                    .bind("key", p.idempotencyKey()).bind("status", p.status().dbName())
                    .bind("attempts", p.attempts()).bind("next", p.nextAttemptAt().map(Timestamp::from).orElse(null))
                    .bind("transfer", p.transferId().orElse(null)).bind("reversed", p.reversed().amountMinor())
                    .bind("error", p.lastError().orElse(null)).bind("created", Timestamp.from(p.createdAt()))
                    .bind("updated", Timestamp.from(p.updatedAt()))
                    .add();
        }
        batch.execute();
    }

    /**
     * Locks up to {@code limit} payouts that are due for an attempt (planned, or retrying whose time has come), skips
     * rows another instance holds, and marks them submitting with one more attempt. The caller commits before
     * calling Stripe: from then on a crash leaves them submitting, which the next run reconciles first.
     */
    public List<Payout> claimDue(Handle handle, Instant now, int limit) {
        List<String> ids = handle.createQuery("SELECT payout_id FROM payout WHERE status IN ('planned', 'retrying') "
                        + "AND next_attempt_at <= :now ORDER BY next_attempt_at, payout_id LIMIT :limit"
                        + dialect.forUpdateSkipLocked())
                .bind("now", Timestamp.from(now)).bind("limit", limit).mapTo(String.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        handle.createUpdate("UPDATE payout SET status = 'submitting', attempts = attempts + 1, updated_at = :now "
                        + "WHERE payout_id IN (<ids>)")
                .bindList("ids", ids).bind("now", Timestamp.from(now)).execute();
        return byIds(handle, ids);
    }

    public static List<Payout> byIds(Handle handle, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT " + COLUMNS + " FROM payout WHERE payout_id IN (<ids>) ORDER BY payout_id")
                .bindList("ids", List.copyOf(ids)).map((rs, ctx) -> map(rs)).list();
    }

    /** Payouts a transfer request was sent for and whose answer was never recorded. */
    public static List<Payout> inFlight(Handle handle, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM payout WHERE status = 'submitting' "
                        + "ORDER BY payout_id LIMIT :limit")
                .bind("limit", limit).map((rs, ctx) -> map(rs)).list();
    }

    public static Optional<Instant> nextRetry(Handle handle) {
        return handle.createQuery("SELECT MIN(next_attempt_at) FROM payout WHERE status IN ('planned', 'retrying')")
                .mapTo(Timestamp.class).findOne().map(Timestamp::toInstant);
    }

    public static Optional<Payout> find(Handle handle, String payoutId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM payout WHERE payout_id = :id")
                .bind("id", payoutId).map((rs, ctx) -> map(rs)).findOne();
    }

    public static Optional<Payout> byTransfer(Handle handle, String transferId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM payout WHERE transfer_id = :id")
                .bind("id", transferId).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Newest first, optionally for one payee and/or in one status. */
    public static List<Payout> list(Handle handle, Optional<String> payeeId, Optional<PayoutStatus> status,
                                    int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM payout WHERE 1 = 1");
        payeeId.ifPresent(id -> sql.append(" AND payee_id = :payee"));
        status.ifPresent(s -> sql.append(" AND status = :status"));
        sql.append(" ORDER BY due_date DESC, payout_id LIMIT :limit");
        var query = handle.createQuery(sql.toString()).bind("limit", limit);
        payeeId.ifPresent(id -> query.bind("payee", id));
        status.ifPresent(s -> query.bind("status", s.dbName()));
        return query.map((rs, ctx) -> map(rs)).list();
    }

    /** Where a page of payouts ended: the last payout's due date and id. The next page starts strictly after it. */
    public record Position(LocalDate dueDate, String payoutId) {
        public Position {
            Objects.requireNonNull(dueDate, "dueDate");
            Objects.requireNonNull(payoutId, "payoutId");
        }
    }

    /**
     * Up to {@code limit} payouts of one payee due in {@code [fromDue, toDue)}, newest due date first (ties by id,
     * descending), starting after {@code after}: keyset paging, one index range per page however deep.
     */
    public static List<Payout> page(Handle handle, String payeeId, LocalDate fromDue, LocalDate toDue,
                                    Optional<Position> after, int limit) {
        if (limit < 1 || limit > LIST_LIMIT_MAX) {
            throw new IllegalArgumentException("page limit " + limit + " is not between 1 and " + LIST_LIMIT_MAX);
        }
        String sql = "SELECT " + COLUMNS + " FROM payout WHERE payee_id = :payee AND due_date >= :fromDue "
                + "AND due_date < :toDue"
                + (after.isPresent() ? " AND (due_date < :afterDue OR (due_date = :afterDue AND payout_id < :afterId))"
                : "")
                + " ORDER BY due_date DESC, payout_id DESC LIMIT :limit";
        var query = handle.createQuery(sql).bind("payee", payeeId).bind("fromDue", fromDue).bind("toDue", toDue)
                .bind("limit", limit);
        after.ifPresent(p -> query.bind("afterDue", p.dueDate()).bind("afterId", p.payoutId()));
        return query.map((rs, ctx) -> map(rs)).list();
    }

    /** The payout {@code payoutId} if it is one of {@code payeeId}'s; another payee's payout is not found. */
    public static Optional<Payout> find(Handle handle, String payeeId, String payoutId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM payout WHERE payout_id = :id AND payee_id = :payee")
                .bind("id", payoutId).bind("payee", payeeId).map((rs, ctx) -> map(rs)).findOne();
    }

    /** The due dates on or after {@code from} that already have a payout for this payee and currency. */
    public static Set<LocalDate> dueDatesPlanned(Handle handle, String payeeId, CurrencyUnit currency,
                                                 LocalDate from) {
        return new HashSet<>(handle.createQuery("SELECT due_date FROM payout WHERE payee_id = :payee "
                        + "AND currency = :currency AND due_date >= :from")
                .bind("payee", payeeId).bind("currency", currency.code()).bind("from", from)
                .mapTo(LocalDate.class).list());
    }

    /** Pending earnings of a payee that become available at {@code availableAt} (negative after clawbacks). */
    public record Maturity(Instant availableAt, Money amount) {
    }

    /**
     * A payee's pending shares and commissions in one currency that no release has moved yet, summed by the moment
     * their holding period ends, earliest first. Together they are its two pending balances.
     */
    public static List<Maturity> pendingMaturities(Handle handle, String payeeId, CurrencyUnit currency) {
        return handle.createQuery("SELECT e.available_at, SUM(l.amount_minor) AS balance FROM journal_entry e "
                        + "JOIN journal_line l ON l.entry_id = e.entry_id "
                        + "WHERE l.owner_id = :payee AND l.account_key IN (:vaultPending, :referrerPending) "
                        + "AND e.awaits_release = TRUE "
                        + "AND NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.source_id = "
                        + "CONCAT('release:', e.entry_id)) GROUP BY e.available_at ORDER BY e.available_at")
                .bind("payee", payeeId)
                .bind("vaultPending", AccountRef.vaultPending(payeeId, currency).key())
                .bind("referrerPending", AccountRef.referrerPending(payeeId, currency).key())
                // Liability accounts: a credit (negative in the journal) is money owed to the payee.
                .map((rs, ctx) -> new Maturity(rs.getObject("available_at", java.time.OffsetDateTime.class).toInstant(),
                        Money.ofMinor(-rs.getLong("balance"), currency)))
                .list();
    }

    public static Map<PayoutStatus, Long> countByStatus(Handle handle) {
        Map<PayoutStatus, Long> counts = new java.util.EnumMap<>(PayoutStatus.class);
        handle.createQuery("SELECT status, COUNT(*) AS n FROM payout GROUP BY status")
                .map((rs, ctx) -> counts.put(PayoutStatus.fromDbName(rs.getString("status")), rs.getLong("n")))
                .list();
        return counts;
    }

    /**
     * A change of state, applied only if the payout is still in {@code expected}: a second instance that got there
     * first wins, and the loser posts nothing.
     */
    public record Transition(String payoutId, PayoutStatus expected, PayoutStatus next, Optional<Instant> nextAttemptAt,
                             Optional<String> transferId, Optional<String> error, int attemptsDelta, String detail,
                             Optional<String> newIdempotencyKey) {
        public Transition {
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
            Objects.requireNonNull(transferId, "transferId");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(newIdempotencyKey, "newIdempotencyKey");
        }

        public Transition(String payoutId, PayoutStatus expected, PayoutStatus next, Optional<Instant> nextAttemptAt,
                          Optional<String> transferId, Optional<String> error, int attemptsDelta, String detail) {
            this(payoutId, expected, next, nextAttemptAt, transferId, error, attemptsDelta, detail, Optional.empty());
        }
    }

    /** Applies {@code transitions}; returns the ids whose transition took effect. Also writes their events. */
    public static Set<String> apply(Handle handle, List<Transition> transitions, Instant now) {
        if (transitions.isEmpty()) {
            return Set.of();
        }
        PreparedBatch batch = handle.prepareBatch("UPDATE payout SET status = :next, next_attempt_at = :nextAt, "
                + "transfer_id = COALESCE(:transfer, transfer_id), last_error = :error, "
                + "attempts = attempts + :delta, idempotency_key = COALESCE(:key, idempotency_key), updated_at = :now "
                + "WHERE payout_id = :id AND status = :expected");
        for (Transition t : transitions) {
            batch.bind("next", t.next().dbName())
                    .bind("nextAt", t.nextAttemptAt().map(Timestamp::from).orElse(null))
                    .bind("transfer", t.transferId().orElse(null))
                    .bind("error", t.error().map(e -> PayeeStore.truncate(e, 1000)).orElse(null))
                    .bind("delta", t.attemptsDelta())
                    .bind("key", t.newIdempotencyKey().orElse(null))
                    .bind("now", Timestamp.from(now))
                    .bind("id", t.payoutId())
                    .bind("expected", t.expected().dbName())
                    .add();
        }
        int[] counts = batch.execute();
        Set<String> applied = new HashSet<>();
        List<Transition> events = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                applied.add(transitions.get(i).payoutId());
                events.add(transitions.get(i));
            }
        }
        addEvents(handle, events.stream().map(t -> new Event(t.payoutId(), now, t.next(), t.detail())).toList());
        return applied;
    }

    /** One line of a payout's history. */
    public record Event(String payoutId, Instant at, PayoutStatus status, String detail) {
    }

    public static void addEvents(Handle handle, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO payout_event (payout_id, seq, at, status, detail) "
                + "SELECT :id, COALESCE(MAX(seq), 0) + 1, :at, :status, :detail FROM payout_event WHERE payout_id = :id");
        for (Event e : events) {
            batch.bind("id", e.payoutId()).bind("at", Timestamp.from(e.at())).bind("status", e.status().dbName())
                    .bind("detail", PayeeStore.truncate(e.detail(), 1000)).add();
        }
        batch.execute();
    }

    public static List<Event> events(Handle handle, String payoutId) {
        return handle.createQuery("SELECT payout_id, at, status, detail FROM payout_event WHERE payout_id = :id "
                        + "ORDER BY seq")
                .bind("id", payoutId)
                .map((rs, ctx) -> new Event(rs.getString("payout_id"), rs.getTimestamp("at").toInstant(),
                        PayoutStatus.fromDbName(rs.getString("status")), rs.getString("detail")))
                .list();
    }

    /** Records how much of the payout's transfer Stripe has reversed so far. */
    public static void setReversed(Handle handle, String payoutId, Money reversed, Instant now) {
        handle.createUpdate("UPDATE payout SET reversed_minor = :reversed, updated_at = :now WHERE payout_id = :id")
                .bind("reversed", reversed.amountMinor()).bind("now", Timestamp.from(now)).bind("id", payoutId)
                .execute();
    }

    public static void startRun(Handle handle, String runId, Instant asOf, Instant startedAt, boolean dryRun) {
        handle.createUpdate("INSERT INTO payout_run (run_id, as_of, started_at, dry_run) VALUES (:id, :asOf, "
                        + ":started, :dry)")
                .bind("id", runId).bind("asOf", Timestamp.from(asOf)).bind("started", Timestamp.from(startedAt))
                .bind("dry", dryRun).execute();
    }

    public static void finishRun(Handle handle, String runId, Instant finishedAt, String summaryJson) {
        handle.createUpdate("UPDATE payout_run SET finished_at = :at, summary_json = :summary WHERE run_id = :id")
                .bind("at", Timestamp.from(finishedAt)).bind("summary", summaryJson).bind("id", runId).execute();
    }

    /** A payee a run did not pay, and why. */
    public record Skip(String payeeId, String currency, String reason) {
    }

    public static void addSkips(Handle handle, String runId, List<Skip> skips) {
        if (skips.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO payout_skip (run_id, payee_id, currency, reason) "
                + "VALUES (:run, :payee, :currency, :reason)");
        for (Skip s : skips) {
            batch.bind("run", runId).bind("payee", s.payeeId()).bind("currency", s.currency())
                    .bind("reason", PayeeStore.truncate(s.reason(), 500)).add();
        }
        batch.execute();
    }

    private static Payout map(ResultSet rs) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        Timestamp next = rs.getTimestamp("next_attempt_at");
        return new Payout(
                rs.getString("payout_id"),
                rs.getString("payee_id"),
                rs.getObject("due_date", LocalDate.class),
                Money.ofMinor(rs.getLong("vault_minor"), currency),
                Money.ofMinor(rs.getLong("referrer_minor"), currency),
                rs.getString("stripe_account"),
                rs.getString("idempotency_key"),
                PayoutStatus.fromDbName(rs.getString("status")),
                rs.getInt("attempts"),
                Optional.ofNullable(next).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("transfer_id")),
                Money.ofMinor(rs.getLong("reversed_minor"), currency),
                Optional.ofNullable(rs.getString("last_error")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
