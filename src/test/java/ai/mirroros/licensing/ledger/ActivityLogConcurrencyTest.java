package ai.mirroros.licensing.ledger;

import static ai.mirroros.licensing.ledger.ActivityFixtures.CLOCK;
import static ai.mirroros.licensing.ledger.ActivityFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityLogConcurrencyTest extends DatabaseTestSupport {
    private static final int THREADS = 4;
    private static final int BATCHES_PER_THREAD = 50;
    private static final int RECORDS_PER_BATCH = 3;
    private static final long TOTAL = (long) THREADS * BATCHES_PER_THREAD * RECORDS_PER_BATCH;

    private ActivityLog log;

    @BeforeEach
    void openLog() {
        log = new ActivityLog(db, CLOCK);
    }

    @Test
    void fourConcurrentAppendersKeepAGaplessValidChain() throws Exception {
        runAppenders(Optional.empty());

        VerificationResult result = log.verify();
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(TOTAL);
        assertThat(log.head().lastSeq()).isEqualTo(TOTAL);
        List<Long> seqs = db.jdbi().withHandle(h -> h.createQuery("SELECT seq FROM activity_log ORDER BY seq")
                .mapTo(Long.class).list());
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
    }

    @Test
    void eachBatchIsContiguousInTheChain() throws Exception {
        runAppenders(Optional.empty());

        List<String> sources = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT source_id FROM activity_log ORDER BY seq").mapTo(String.class).list());
        // Each batch's records carry its thread and batch number; a batch's three entries must be neighbours.
        for (int i = 0; i < sources.size(); i += RECORDS_PER_BATCH) {
            assertThat(sources.subList(i, i + RECORDS_PER_BATCH)).containsOnly(sources.get(i));
        }
    }

    @Test
    void verifyingWhileAppendingNeverReportsAFalseProblem() throws Exception {
        AtomicBoolean appending = new AtomicBoolean(true);
        List<VerificationResult> results = new ArrayList<>();
        Thread verifier = Thread.ofPlatform().start(() -> {
            while (appending.get()) {
                results.add(log.verify());
            }
        });

        runAppenders(Optional.of(appending));
        verifier.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r.ok()).as(r.message()).isTrue());
        assertThat(log.verify().entriesChecked()).isEqualTo(TOTAL);
    }

    private void runAppenders(Optional<AtomicBoolean> doneFlag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int b = 0; b < BATCHES_PER_THREAD; b++) {
                        String source = "t" + thread + "-b" + b;
                        List<ActivityRecord> batch = records((long) thread * 1000 + b * RECORDS_PER_BATCH,
                                RECORDS_PER_BATCH).stream().map(r -> r.fromSource(source)).toList();
                        log.append(batch);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            doneFlag.ifPresent(flag -> flag.set(false));
            pool.shutdownNow();
        }
    }
}
