package ai.mirroros.licensing.risk;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.revenue.PostingObserver;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.time.ZoneOffset;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Scores each batch of posted payments inside the posting transaction and holds the payouts of a vault whose
 * payment reaches the threshold. Set-based: a batch costs one insert batch, one query per velocity key, one for the
 * vaults' history, one for their terms (age), one for payout-account changes, one update batch, whatever its size.
 */
public final class RiskScoring implements PostingObserver {
    public static final String ACTIVITY_HOLD_PLACED = "risk.hold_placed";
    public static final String ACTIVITY_HOLD_RELEASED = "risk.hold_released";
    /** Column widths of payment_risk: a longer key is not an id we can count by, so it is dropped, not cut. */
    private static final int KEY_CHARS_MAX = 255;
    private static final int IP_CHARS_MAX = 64;

    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final ObjectMapper json;
    private final Clock clock;
    private final RiskSettings settings;

    public RiskScoring(VaultRegistry vaults, ActivityLog activityLog, ObjectMapper json, Clock clock,
                       RiskSettings settings) {
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public RiskSettings settings() {
        return settings;
    }

    /** One payment's velocity keys, as stored in payment_risk. */
    private record Keys(PaymentEvent payment, Optional<String> customer, Optional<String> card, Optional<String> ip) {
        static Keys of(PaymentEvent p) {
            PaymentOrigin origin = p.origin();
            return new Keys(p, bounded(origin.customerId(), KEY_CHARS_MAX),
                    bounded(origin.cardFingerprint(), KEY_CHARS_MAX),
                    bounded(origin.metadataValue(PaymentOrigin.CUSTOMER_IP), IP_CHARS_MAX));
        }
    }

    @Override
    public void posted(Handle handle, List<PaymentEvent> payments) {
        if (payments.isEmpty()) {
            return;
        }
        List<Keys> keys = payments.stream().map(Keys::of).toList();
        insertKeys(handle, keys);
        Map<String, RiskScore> scores = score(handle, keys);
        updateScores(handle, scores);
        placeHolds(handle, payments, scores);
    }

    /** The facts of every payment of the batch, then the rules over them; keyed by source id. */
    private Map<String, RiskScore> score(Handle handle, List<Keys> keys) {
        Instant from = keys.stream().map(k -> k.payment().occurredAt()).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = keys.stream().map(k -> k.payment().occurredAt()).max(Comparator.naturalOrder()).orElseThrow();
        Map<String, List<Instant>> cards = keyTimes(handle, "card_fingerprint", keys, Keys::card, from, to);
        Map<String, List<Instant>> customers = keyTimes(handle, "customer_id", keys, Keys::customer, from, to);
        Map<String, List<Instant>> ips = keyTimes(handle, "customer_ip", keys, Keys::ip, from, to);
        List<String> vaults = keys.stream().map(k -> k.payment().vaultId()).distinct().toList();
        Map<String, History> history = history(handle, vaults, from);
        Map<String, Instant> registered = licensedSince(handle, vaults);
        Map<String, Instant> accountChanged = accountChanged(handle, vaults);
        Map<String, Long> volumeBefore = volumeBefore(handle, vaults, from, registered);
        // Earlier payments of this batch count towards a later one's new-vault volume, in time order.
        Map<String, Long> runningVolume = new HashMap<>(volumeBefore);
        Map<String, RiskScore> scores = new LinkedHashMap<>();
        for (Keys k : keys.stream().sorted(Comparator.comparing((Keys k) -> k.payment().occurredAt())
                .thenComparing(k -> k.payment().sourceId())).toList()) {
            PaymentEvent p = k.payment();
            long volume = runningVolume.merge(p.vaultId(), p.gross().amountMinor(), Math::addExact);
            History h = history.getOrDefault(p.vaultId(), History.NONE);
            Duration age = Duration.between(registered.getOrDefault(p.vaultId(), p.occurredAt()), p.occurredAt());
            RiskFacts facts = new RiskFacts(p.sourceId(), p.vaultId(), p.occurredAt(), p.gross().amountMinor(),
                    p.gross().currency().code(),
                    k.card(), count(cards, k.card(), p.occurredAt()),
                    k.customer(), count(customers, k.customer(), p.occurredAt()),
                    k.ip(), count(ips, k.ip(), p.occurredAt()),
                    h.payments(), h.payments() == 0 ? 0 : h.grossMinor() / h.payments(), h.refunded(), h.disputed(),
                    age.isNegative() ? Duration.ZERO : age, volume,
                    Optional.ofNullable(accountChanged.get(p.vaultId())));
            scores.put(p.sourceId(), RiskRules.score(facts));
        }
        return scores;
    }

    private void insertKeys(Handle handle, List<Keys> keys) {
        PreparedBatch rows = handle.prepareBatch("""
                INSERT INTO payment_risk (source_id, vault_id, occurred_at, customer_id, card_fingerprint,
                    customer_ip, score, reasons_json, threshold)
                VALUES (:sourceId, :vaultId, :at, :customer, :card, :ip, 0, '[]', :threshold)""");
        for (Keys k : keys) {
            rows.bind("sourceId", k.payment().sourceId()).bind("vaultId", k.payment().vaultId())
                    .bind("at", Timestamp.from(k.payment().occurredAt()))
                    .bind("customer", k.customer().orElse(null)).bind("card", k.card().orElse(null))
                    .bind("ip", k.ip().orElse(null)).bind("threshold", settings.holdThreshold()).add();
        }
        rows.execute();
    }

    /**
     * For one velocity key: the times of every scored payment with a key of this batch, in the velocity window
     * before the batch's first payment up to its last (this batch's rows included: they were just inserted).
     */
    private static Map<String, List<Instant>> keyTimes(Handle handle, String column, List<Keys> keys,
                                                       Function<Keys, Optional<String>> key, Instant from,
                                                       Instant to) {
        List<String> values = keys.stream().map(key).flatMap(Optional::stream).distinct().toList();
        Map<String, List<Instant>> times = new HashMap<>();
        if (values.isEmpty()) {
            return times;
        }
        handle.createQuery("SELECT " + column + " AS k, occurred_at FROM payment_risk WHERE " + column
                        + " IN (<values>) AND occurred_at > :from AND occurred_at <= :to")
                .bindList("values", values)
                .bind("from", Timestamp.from(from.minus(RiskRules.VELOCITY_WINDOW)))
                .bind("to", Timestamp.from(to))
                .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getTimestamp("occurred_at").toInstant()))
                .forEach(e -> times.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(e.getValue()));
        return times;
    }

    /** Payments with {@code key} in the velocity window ending at {@code at} (inclusive; the payment itself counts). */
    private static int count(Map<String, List<Instant>> times, Optional<String> key, Instant at) {
        if (key.isEmpty()) {
            return 0;
        }
        Instant from = at.minus(RiskRules.VELOCITY_WINDOW);
        return (int) times.getOrDefault(key.get(), List.of()).stream()
                .filter(t -> t.isAfter(from) && !t.isAfter(at)).count();
    }

    /** A vault's payments over the history window: how many, their gross, how many refunded and disputed. */
    private record History(int payments, long grossMinor, int refunded, int disputed) {
        static final History NONE = new History(0, 0, 0, 0);
    }

    /**
     * Each vault's history in the window before the batch's first payment (so none of the batch, whose payments
     * are all at or after it): what was normal for the vault before these payments arrived. Refunds and disputes
     * count as they stand now.
     */
    private static Map<String, History> history(Handle handle, List<String> vaults, Instant before) {
        Map<String, History> found = new HashMap<>();
        handle.createQuery("""
                        SELECT vault_id, COUNT(*) AS n, SUM(gross_minor) AS gross,
                            SUM(CASE WHEN refunded_minor > 0 THEN 1 ELSE 0 END) AS refunded,
                            SUM(CASE WHEN disputed_held_minor > 0 OR dispute_lost_minor > 0 THEN 1 ELSE 0 END)
                                AS disputed
                        FROM payment
                        WHERE vault_id IN (<vaults>) AND occurred_at >= :from AND occurred_at < :to
                        GROUP BY vault_id""")
                .bindList("vaults", vaults)
                .bind("from", Timestamp.from(before.minus(RiskRules.HISTORY_WINDOW)))
                .bind("to", Timestamp.from(before))
                .map((rs, ctx) -> Map.entry(rs.getString("vault_id"), new History(rs.getInt("n"),
                        rs.getLong("gross"), rs.getInt("refunded"), rs.getInt("disputed"))))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    /**
     * When each vault's license began ({@code licensedSince} of its current terms, at the start of that day UTC):
     * the vault's age for the new-vault rule. Not the registration time: importing an established vault into a
     * fresh database does not make it new.
     */
    private Map<String, Instant> licensedSince(Handle handle, List<String> vaultIds) {
        Map<String, Instant> found = new HashMap<>();
        vaults.histories(handle, vaultIds).forEach((id, history) -> history.stream()
                .max(Comparator.comparing(VaultVersion::effectiveFrom))
                .ifPresent(v -> found.put(id, v.vault().licensedSince().atStartOfDay(ZoneOffset.UTC).toInstant())));
        return found;
    }

    /** The vaults' payout-account changes, read from the payee table (the payout package owns the column). */
    private static Map<String, Instant> accountChanged(Handle handle, List<String> vaults) {
        Map<String, Instant> found = new HashMap<>();
        handle.createQuery("SELECT payee_id, payout_account_changed_at FROM payee "
                        + "WHERE payee_id IN (<vaults>) AND payout_account_changed_at IS NOT NULL")
                .bindList("vaults", vaults)
                .map((rs, ctx) -> Map.entry(rs.getString("payee_id"),
                        rs.getTimestamp("payout_account_changed_at").toInstant()))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    /**
     * The lifetime gross before the batch's first payment of each vault still young enough for the new-vault
     * rule; older vaults are left out (the rule ignores them, and their sums would be the largest to compute).
     */
    private static Map<String, Long> volumeBefore(Handle handle, List<String> vaults, Instant before,
                                                  Map<String, Instant> registered) {
        List<String> young = vaults.stream().filter(v -> registered.containsKey(v)
                && registered.get(v).isAfter(before.minus(RiskRules.NEW_VAULT_AGE))).toList();
        Map<String, Long> found = new HashMap<>();
        if (young.isEmpty()) {
            return found;
        }
        handle.createQuery("SELECT vault_id, SUM(gross_minor) AS gross FROM payment WHERE vault_id IN (<vaults>) "
                        + "AND occurred_at < :to GROUP BY vault_id")
                .bindList("vaults", young).bind("to", Timestamp.from(before))
                .map((rs, ctx) -> Map.entry(rs.getString("vault_id"), rs.getLong("gross")))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    private void updateScores(Handle handle, Map<String, RiskScore> scores) {
        PreparedBatch rows = handle.prepareBatch(
                "UPDATE payment_risk SET score = :score, reasons_json = :reasons WHERE source_id = :sourceId");
        scores.forEach((source, score) -> rows.bind("score", score.score())
                .bind("reasons", toJson(score.reasons())).bind("sourceId", source).add());
        rows.execute();
    }

    /**
     * Holds each vault with a payment at or above the threshold and no active hold yet; the highest-scoring payment
     * (the earliest of equals) names the hold. A vault already held gets no second hold: one release lifts it.
     */
    private void placeHolds(Handle handle, List<PaymentEvent> payments, Map<String, RiskScore> scores) {
        Map<String, PaymentEvent> worst = new LinkedHashMap<>();
        for (PaymentEvent p : payments.stream().sorted(Comparator.comparing(PaymentEvent::occurredAt)
                .thenComparing(PaymentEvent::sourceId)).toList()) {
            RiskScore score = scores.get(p.sourceId());
            if (!score.atOrAbove(settings.holdThreshold())) {
                continue;
            }
            PaymentEvent current = worst.get(p.vaultId());
            if (current == null || score.score() > scores.get(current.sourceId()).score()) {
                worst.put(p.vaultId(), p);
            }
        }
        if (worst.isEmpty()) {
            return;
        }
        Set<String> held = new HashSet<>(handle.createQuery(
                        "SELECT vault_id FROM risk_hold WHERE vault_id IN (<vaults>) AND released_at IS NULL")
                .bindList("vaults", List.copyOf(worst.keySet())).mapTo(String.class).list());
        Instant now = clock.instant();
        List<ActivityRecord> activity = new ArrayList<>();
        PreparedBatch rows = handle.prepareBatch("""
                INSERT INTO risk_hold (hold_id, vault_id, placed_at, source_id, score, reasons_json, summary)
                VALUES (:holdId, :vaultId, :at, :sourceId, :score, :reasons, :summary)""");
        for (PaymentEvent p : worst.values()) {
            if (held.contains(p.vaultId())) {
                continue;
            }
            RiskScore score = scores.get(p.sourceId());
            String holdId = UUID.nameUUIDFromBytes((p.vaultId() + "\n" + p.sourceId())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            String summary = truncate(summary(p.vaultId(), p.sourceId(), score), 1000);
            rows.bind("holdId", holdId).bind("vaultId", p.vaultId()).bind("at", Timestamp.from(now))
                    .bind("sourceId", p.sourceId()).bind("score", score.score())
                    .bind("reasons", toJson(score.reasons())).bind("summary", summary).add();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("holdId", holdId);
            payload.put("score", score.score());
            payload.put("threshold", settings.holdThreshold());
            payload.put("reasons", score.reasons().stream().map(r -> Map.of("rule", r.rule(), "points", r.points(),
                    "detail", r.detail())).toList());
            activity.add(ActivityRecord.of(now, ACTIVITY_HOLD_PLACED, payload).forVault(p.vaultId())
                    .fromSource(p.sourceId()));
        }
        if (rows.size() > 0) {
            rows.execute();
            activityLog.append(handle, activity);
        }
    }

    /** "risk score 90 on payment pi_1: card_velocity, new_vault_volume (release: licensing risk release …)". */
    static String summary(String vaultId, String sourceId, RiskScore score) {
        return "risk score " + score.score() + " on payment " + sourceId + ": " + score.ruleList()
                + " (release: licensing risk release " + vaultId + " --note ...)";
    }

    private String toJson(List<RiskReason> reasons) {
        try {
            return json.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("risk reasons are not serialisable", e);
        }
    }

    private static Optional<String> bounded(Optional<String> value, int max) {
        return value.map(String::strip).filter(v -> !v.isEmpty() && v.length() <= max);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
