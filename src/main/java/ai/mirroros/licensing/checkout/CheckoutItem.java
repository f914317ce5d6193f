package ai.mirroros.licensing.checkout;

import ai.mirroros.licensing.marketplace.ExportKind;
import java.util.Objects;
import java.util.Optional;

/** What a customer buys. */
public sealed interface CheckoutItem {

    /** A listed marketplace template, at its price. */
    record TemplatePurchase(String templateId) implements CheckoutItem {
        public TemplatePurchase {
            Objects.requireNonNull(templateId, "templateId");
        }
    }

    /**
     * An export from a vault, at the vault's fee for it.
     *
     * @param agentLoopId the loop exported; required for a loop export (per-loop revenue is reported by it), refused
     *                    for the others
     */
    record ExportPurchase(String vaultId, ExportKind kind, Optional<String> agentLoopId) implements CheckoutItem {
        public ExportPurchase {
            Objects.requireNonNull(vaultId, "vaultId");
            Objects.requireNonNull(kind, "kind");
            agentLoopId = Objects.requireNonNull(agentLoopId, "agentLoopId").map(String::strip)
                    .filter(id -> !id.isEmpty());
        }
    }
}
