package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.LicensingException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What to seed: the random seed, how many months of history, and the moment the history ends.
 *
 * @param asOf the end of the history, to the second (Stripe's {@code created} has no finer precision)
 */
public record DemoSettings(long seed, int months, Instant asOf) {
    public static final long SEED_DEFAULT = 42;
    public static final int MONTHS_DEFAULT = 6;
    /**
     * A year: the partners grow every month, so a year is already a few thousand payments. The bound keeps a typo
     * ({@code --months 600}) from starting an hour-long run.
     */
    public static final int MONTHS_MAX = 12;

    public DemoSettings {
        Objects.requireNonNull(asOf, "asOf");
        if (months < 1 || months > MONTHS_MAX) {
            throw new LicensingException("invalid_months", "--months must be 1 to " + MONTHS_MAX + ", got "
                    + months);
        }
        asOf = asOf.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Where the history starts: {@link #months} calendar months before {@link #asOf}. */
    public Instant start() {
        return asOf.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
    }
}
