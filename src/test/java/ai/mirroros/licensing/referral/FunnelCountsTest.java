package ai.mirroros.licensing.referral;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FunnelCountsTest extends DatabaseTestSupport {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T23:59:00Z"));

    private long hits(String day) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT hits FROM funnel_count WHERE kind = 'referral_visit' AND subject_id = 'K7QM-4XTP'
                          AND on_day = CAST(:day AS DATE)""")
                .bind("day", day).mapTo(Long.class).findOne().orElse(0L));
    }

    @Test
    void countsGoToOneRowPerDay() {
        FunnelCounts counts = new FunnelCounts(db, clock);

        counts.increment(FunnelCounts.REFERRAL_VISIT, "K7QM-4XTP");
        counts.increment(FunnelCounts.REFERRAL_VISIT, "K7QM-4XTP");
        clock.advance(Duration.ofMinutes(2));
        counts.increment(FunnelCounts.REFERRAL_VISIT, "K7QM-4XTP");

        assertThat(hits("2026-03-01")).isEqualTo(2);
        assertThat(hits("2026-03-02")).isEqualTo(1);
    }

    @Test
    void incrementsRacingToCreateTheDaysRowAreAllCounted() throws Exception {
        FunnelCounts counts = new FunnelCounts(db, clock);
        int threads = 12;
        int each = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> racers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                racers.add(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        counts.increment(FunnelCounts.REFERRAL_VISIT, "K7QM-4XTP");
                    }
                    return null;
                });
            }
            List<Future<Void>> running = new ArrayList<>();
            for (Callable<Void> racer : racers) {
                running.add(pool.submit(racer));
            }
            start.countDown();
            for (Future<Void> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(hits("2026-03-01")).isEqualTo(threads * each);
    }
}
