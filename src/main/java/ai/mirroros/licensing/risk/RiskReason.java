package ai.mirroros.licensing.risk;

import java.util.Objects;

/**
 * One rule that fired for a payment.
 *
 * @param rule   the rule's stable code ({@link RiskRules}), e.g. {@code card_velocity}
 * @param points what it added to the score
 * @param detail the facts, in words an operator can check: "7 payments from card fp_1 in the hour"
 */
public record RiskReason(String rule, int points, String detail) {
    public RiskReason {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
        if (points <= 0) {
            throw new IllegalArgumentException("a reason adds points, got " + points);
        }
    }
}
