package ai.mirroros.licensing.risk;

import java.time.Instant;
import java.util.Objects;

/** A payment's stored score: what {@code licensing risk show} prints. */
public record PaymentRisk(String sourceId, String vaultId, Instant occurredAt, RiskScore risk, int threshold) {
    public PaymentRisk {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(risk, "risk");
    }

    public boolean atOrAboveThreshold() {
        return risk.atOrAbove(threshold);
    }
}
