package ai.mirroros.licensing.live;

import ai.mirroros.licensing.live.LiveEvent.Kind;
import ai.mirroros.licensing.payout.PayoutEvents;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentPosting;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which activity entries are live events, and for whom: the rule in one place. A vault hears about its own payments
 * ({@code payment.split}), refunds ({@code payment.refunded}), disputes ({@code payment.dispute_opened|closed}) and
 * payouts ({@code payout.paid|failed|reversed}). A vault that is a referrer on a payment's split also hears about that
 * payment and its refunds and disputes, because each of them credits or claws back its commission — but as a
 * {@link LiveEvent#referral() referral} event without the payment's id, which belongs to the referred vault.
 */
public final class LiveEvents {
    private static final Map<String, Kind> KINDS = Map.of(
            PaymentPosting.ACTIVITY_TYPE, Kind.PAYMENT,
            PaymentAdjustments.ACTIVITY_REFUND, Kind.REFUND,
            PaymentAdjustments.ACTIVITY_DISPUTE_OPENED, Kind.DISPUTE,
            PaymentAdjustments.ACTIVITY_DISPUTE_CLOSED, Kind.DISPUTE,
            PayoutRunner.ACTIVITY_PAID, Kind.PAYOUT,
            PayoutRunner.ACTIVITY_FAILED, Kind.PAYOUT,
            PayoutEvents.ACTIVITY_REVERSED, Kind.PAYOUT);
    private static final String REFERRER_PARTY = "referrer";

    private LiveEvents() {
    }

    /**
     * An activity log entry as the feed reads it. The payload is read only for the entries whose referrers matter
     * ({@link #readsPayload(String)}); every other payload stays in the database.
     */
    public record Row(long seq, Instant occurredAt, String type, Optional<String> vaultId, Optional<String> sourceId,
                      Optional<String> payload) {
        public Row {
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(vaultId, "vaultId");
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The activity types that are live events. */
    public static Set<String> types() {
        return KINDS.keySet();
    }

    public static Optional<Kind> kindOf(String type) {
        return Optional.ofNullable(KINDS.get(type));
    }

    /** Payment entries: their payload names the split (and so the referrers) or the payment adjusted. */
    public static boolean readsPayload(String type) {
        Kind kind = KINDS.get(type);
        return kind == Kind.PAYMENT || kind == Kind.REFUND || kind == Kind.DISPUTE;
    }

    /** The payment a refund or dispute entry adjusts (its payload's {@code payment}), whose split names the referrers. */
    public static Optional<String> adjustedPayment(Row row, ObjectMapper json) {
        Kind kind = KINDS.get(row.type());
        if (kind != Kind.REFUND && kind != Kind.DISPUTE) {
            return Optional.empty();
        }
        return parse(row.payload(), json).map(p -> p.path("payment")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /** The referrer vault ids on a split as {@code SplitReport} writes it (payment payloads, {@code payment.split_json}). */
    public static List<String> referrers(JsonNode split) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode line : split.path("lines")) {
            if (REFERRER_PARTY.equals(line.path("party").asText()) && line.path("partyId").isTextual()) {
                ids.add(line.path("partyId").asText());
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The events one entry makes: none for an entry that is not a live event, one for the entry's vault, and one per
     * referrer of the payment concerned.
     *
     * @param referrersOfPayment the referrers of a payment by its id, for refund and dispute entries (whose payload
     *                           names the payment, not its split)
     */
    public static List<LiveEvent> of(Row row, Function<String, List<String>> referrersOfPayment, ObjectMapper json) {
        Kind kind = KINDS.get(row.type());
        if (kind == null) {
            return List.of();
        }
        List<LiveEvent> events = new ArrayList<>(1);
        row.vaultId().ifPresent(vault -> events.add(new LiveEvent(vault, row.seq(), kind, row.type(), row.sourceId(),
                row.occurredAt(), false)));
        List<String> referrers = switch (kind) {
            case PAYMENT -> parse(row.payload(), json).map(LiveEvents::referrers).orElse(List.of());
            case REFUND, DISPUTE -> adjustedPayment(row, json).map(referrersOfPayment).orElse(List.of());
            case PAYOUT -> List.of();
        };
        for (String referrer : referrers) {
            if (!row.vaultId().map(referrer::equals).orElse(false)) {
                events.add(new LiveEvent(referrer, row.seq(), kind, row.type(), Optional.empty(), row.occurredAt(),
                        true));
            }
        }
        return events;
    }

    /**
     * A payload as JSON, or empty when it is absent or unreadable. Unreadable cannot happen for entries this code
     * base wrote; if it ever does, the vault still gets its own event and only the referrers miss theirs, rather than
     * the feed stopping at that entry for good.
     */
    private static Optional<JsonNode> parse(Optional<String> payload, ObjectMapper json) {
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(payload.get()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
