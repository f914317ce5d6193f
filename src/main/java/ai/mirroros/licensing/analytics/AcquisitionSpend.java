package ai.mirroros.licensing.analytics;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What a vault spent on finding customers in a month ({@code acquisition_spend}), the numerator of the analytics'
 * acquisition cost. One place to record it, for {@code licensing analytics spend} and the demo seed alike.
 */
public final class AcquisitionSpend {
    private AcquisitionSpend() {
    }

    /** Records {@code spend} for {@code vaultId} in {@code month}, in the caller's transaction. */
    public static void record(Handle handle, String vaultId, YearMonth month, Money spend, Optional<String> note,
                              Instant recordedAt) {
        handle.createUpdate("""
                        INSERT INTO acquisition_spend (vault_id, month_start, currency, amount_minor, note, recorded_at)
                        VALUES (:vaultId, :month, :currency, :amount, :note, :recordedAt)""")
                .bind("vaultId", vaultId).bind("month", month.atDay(1))
                .bind("currency", spend.currency().code()).bind("amount", spend.amountMinor())
                .bind("note", note.orElse(null)).bind("recordedAt", recordedAt.atOffset(ZoneOffset.UTC))
                .execute();
    }
}
