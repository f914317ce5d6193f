package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.vault.LicensedVault;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** How the facts the bonus rules depend on are counted. */
public final class BonusStates {
    private BonusStates() {
    }

    /** Full calendar months from the license start to the (UTC) day of {@code at}; zero before the start. */
    public static int monthsLicensed(LicensedVault vault, Instant at) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        long months = ChronoUnit.MONTHS.between(vault.licensedSince(), day);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, months));
    }
}
