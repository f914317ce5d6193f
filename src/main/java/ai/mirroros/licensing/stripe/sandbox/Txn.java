package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.stripe.StripeEventJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A balance transaction on one account's balance. The JSON is {@link StripeEventJson.BalanceTransaction}'s, with
 * the {@code type}, {@code reporting_category} and {@code status} of this movement (that record describes a
 * charge; refunds, transfers and payouts are balance transactions of other types with the same shape).
 *
 * @param account {@link Balances#PLATFORM} or a connected account id
 */
record Txn(StripeEventJson.BalanceTransaction bt, String account, String type, String reportingCategory,
           boolean pending) {
    /** How long Stripe holds a card payment before it becomes available (US standard schedule). */
    static final long PENDING_DAYS = 2;

    Txn {
        Objects.requireNonNull(bt, "bt");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reportingCategory, "reportingCategory");
    }

    String id() {
        return bt.id();
    }

    long netMinor() {
        return bt.amountMinor() - bt.feeMinor();
    }

    Txn released() {
        return new Txn(bt, account, type, reportingCategory, false);
    }

    ObjectNode toJson() {
        ObjectNode node = bt.toJson();
        node.put("type", type);
        node.put("reporting_category", reportingCategory);
        node.put("status", pending ? "pending" : "available");
        if (pending) {
            node.put("available_on", bt.created().getEpochSecond() + PENDING_DAYS * 86_400);
        }
        return node;
    }
}
