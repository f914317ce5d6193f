package ai.mirroros.licensing.risk;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A hold on a vault's payouts placed by a payment's risk score.
 *
 * @param summary  the one line the payout gate and lists show
 * @param released when, by whom and why it was lifted; empty while it holds
 */
public record RiskHold(String holdId, String vaultId, Instant placedAt, String sourceId, int score,
                       List<RiskReason> reasons, String summary, Optional<Release> released) {
    public RiskHold {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(sourceId, "sourceId");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(released, "released");
    }

    public boolean active() {
        return released.isEmpty();
    }

    /** An operator's release of a hold; the note is required, it is the audit trail's "why". */
    public record Release(Instant at, String by, String note) {
        public Release {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(note, "note");
        }
    }
}
