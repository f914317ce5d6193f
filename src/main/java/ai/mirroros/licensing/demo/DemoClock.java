package ai.mirroros.licensing.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The demo's simulated time: it stands still until the seeder moves it to the next thing that happens. The sandbox,
 * the inbox processor and the payout runner all read it, so a sale made "on 3 June" is created, posted and paid
 * out as of then. UTC only.
 */
final class DemoClock extends Clock {
    private volatile Instant now;

    DemoClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves to {@code instant}; simulated time never runs backwards. */
    void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("demo time runs forwards: " + instant + " is before " + now);
        }
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
