package ai.mirroros.licensing.risk;

import java.util.Comparator;
import java.util.List;

/**
 * A payment's risk: the sum of its reasons' points, capped at {@link #MAX}, and the reasons, highest points first.
 */
public record RiskScore(int score, List<RiskReason> reasons) {
    public static final int MAX = 100;

    public RiskScore {
        reasons = List.copyOf(reasons);
        if (score < 0 || score > MAX) {
            throw new IllegalArgumentException("score must be 0..100, got " + score);
        }
    }

    /** The score of {@code reasons}: their points summed and capped at 100. */
    public static RiskScore of(List<RiskReason> reasons) {
        int sum = reasons.stream().mapToInt(RiskReason::points).sum();
        return new RiskScore(Math.min(MAX, sum), reasons.stream()
                .sorted(Comparator.comparingInt(RiskReason::points).reversed().thenComparing(RiskReason::rule))
                .toList());
    }

    public boolean atOrAbove(int threshold) {
        return score >= threshold;
    }

    /** The rule codes, for one-line summaries: "card_velocity, new_vault_volume". */
    public String ruleList() {
        return reasons.isEmpty() ? "no rule fired" : String.join(", ", reasons.stream().map(RiskReason::rule).toList());
    }
}
