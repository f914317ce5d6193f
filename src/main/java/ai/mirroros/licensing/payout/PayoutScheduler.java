package ai.mirroros.licensing.payout;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs payouts every {@code interval} inside {@code licensing serve}. Payouts belong to due dates, so running more
 * often than they fall due only finds them made; the interval bounds how late a payout, or a retry, can start.
 */
public final class PayoutScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayoutScheduler.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("licensing-payouts").daemon().factory());
    private final PayoutRunner runner;

    private PayoutScheduler(PayoutRunner runner) {
        this.runner = runner;
    }

    /** Starts the schedule: the first run after {@code firstDelay}, then one every {@code interval}. */
    public static PayoutScheduler start(PayoutRunner runner, Duration firstDelay, Duration interval) {
        Objects.requireNonNull(runner, "runner");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        PayoutScheduler scheduler = new PayoutScheduler(runner);
        scheduler.executor.scheduleWithFixedDelay(scheduler::runOnce, firstDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return scheduler;
    }

    void runOnce() {
        try {
            PayoutRunner.Report report = runner.run(false, PayoutRunner.Progress.NONE);
            if (report.recovered() + report.planned().size() + report.paid() + report.failed() > 0) {
                LOG.info("payout run {}: reconciled {}, planned {} {}, paid {}, failed {}, retrying {}, skipped {}",
                        report.runId(), report.recovered(), report.planned().size(), report.plannedTotals(),
                        report.paid(), report.failed(), report.retrying(), report.skipped().size());
            }
            report.problems().forEach(problem -> LOG.warn("payout run {}: {}", report.runId(), problem));
        } catch (RuntimeException e) {
            // The next run starts over from the database; a failed run has committed nothing half-way.
            LOG.error("payout run failed; the next one retries: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
