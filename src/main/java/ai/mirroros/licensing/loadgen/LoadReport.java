package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.loadgen.IngestStatsClient.PostedResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The report of one load run, as {@code licensing loadgen} prints it (text or {@code --json}) and
 * {@code scripts/bench webhooks} tabulates it. {@code posted}, {@code rawBaseline} and {@code comparison} are null
 * when the run did not wait for posting or measure the baseline.
 */
public record LoadReport(String label, String url, long seed, LoadResult load, PostedResult posted,
                         RawInsertBaseline.Result rawBaseline, Comparison comparison) {
    public LoadReport {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(load, "load");
    }

    /**
     * The engine's end-to-end rate against the raw insert rate of the same rows. Payments/s of the engine is the
     * baseline's payment rows over the posting window: both cover exactly this run's rows.
     */
    public record Comparison(double postedEventsPerSecond, double rawEventsPerSecond, double postedPaymentsPerSecond,
                             double rawPaymentsPerSecond, double rawRowsPerSecond, double ratio) {
    }

    public static LoadReport of(String label, String url, long seed, LoadResult load, PostedResult posted,
                                RawInsertBaseline.Result raw) {
        Comparison comparison = null;
        if (posted != null && raw != null) {
            comparison = new Comparison(posted.settledPerSecond(), raw.eventsPerSecond(),
                    raw.paymentRows() / posted.windowSeconds(), raw.paymentsPerSecond(), raw.rowsPerSecond(),
                    posted.settledPerSecond() / raw.eventsPerSecond());
        }
        return new LoadReport(label, url, seed, load, posted, raw, comparison);
    }

    /** The human-readable report. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        String how = load.mode().equals("open")
                ? String.format(Locale.ROOT, "open loop at %s events/s, up to %d connections",
                        number(load.rateTarget()), load.concurrency())
                : String.format(Locale.ROOT, "closed loop, %d concurrent senders", load.concurrency());
        out.append(String.format(Locale.ROOT, "webhook load%s → %s (%s, seed %d)%n",
                label == null ? "" : " [" + label + "]", url, how, seed));
        line(out, "sent", String.format(Locale.ROOT, "%,d deliveries (%,d redeliveries of earlier events)",
                load.sent(), load.redeliveries()));
        line(out, "", new TreeMap<>(load.sentByType()).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" · ")));
        line(out, "acknowledged (2xx)", String.format(Locale.ROOT,
                "%,d in %.2f s → %,.0f events/s (second half of the run: %,.0f events/s)", load.acked(),
                load.elapsedSeconds(), load.ackedPerSecond(), load.ackedPerSecondSecondHalf()));
        LatencyHistogram.Summary l = load.ackLatency();
        line(out, "ack latency (ms)", String.format(Locale.ROOT,
                "p50 %.2f · p90 %.2f · p99 %.2f · p99.9 %.2f · max %.2f%s", l.p50Ms(), l.p90Ms(), l.p99Ms(),
                l.p999Ms(), l.maxMs(), load.mode().equals("open") ? " (from the intended send time)" : ""));
        if (load.mode().equals("open")) {
            line(out, "schedule lag max", String.format(Locale.ROOT, "%.2f ms", load.scheduleLagMsMax()));
        }
        line(out, "not acknowledged", load.failed() == 0 ? "0" : failures(load));
        for (String sample : load.failureSamples()) {
            line(out, "", sample);
        }
        if (posted != null) {
            line(out, "posted (server)", String.format(Locale.ROOT,
                    "%,d stored · %,d processed · %,d parked · %,d ignored in %.2f s → %,.0f events/s%s",
                    posted.received(), posted.processed(), posted.parked(), posted.ignored(),
                    posted.windowSeconds(), posted.settledPerSecond(),
                    posted.complete() ? "" : " — INCOMPLETE: " + posted.incomplete()));
            if (posted.received() != load.distinctEvents() && load.failed() == 0) {
                line(out, "", String.format(Locale.ROOT, "note: the server stored %,d events, %,d distinct ids "
                        + "were acknowledged", posted.received(), load.distinctEvents()));
            }
        }
        if (rawBaseline != null) {
            line(out, "raw PG baseline", String.format(Locale.ROOT,
                    "%,d rows (%s) in %,d commits, %.2f s → %,.0f rows/s, %,.0f events/s, %,.0f payments/s",
                    rawBaseline.rows(), rawBaseline.tables().stream()
                            .map(t -> t.table() + " " + String.format(Locale.ROOT, "%,d", t.rows()))
                            .collect(Collectors.joining(", ")),
                    rawBaseline.commits(), rawBaseline.seconds(), rawBaseline.rowsPerSecond(),
                    rawBaseline.eventsPerSecond(), rawBaseline.paymentsPerSecond()));
        }
        if (comparison != null) {
            line(out, "posted ÷ raw", String.format(Locale.ROOT,
                    "%.2f (events/s %,.0f vs %,.0f; payments/s %,.0f vs %,.0f)", comparison.ratio(),
                    comparison.postedEventsPerSecond(), comparison.rawEventsPerSecond(),
                    comparison.postedPaymentsPerSecond(), comparison.rawPaymentsPerSecond()));
        }
        return out.toString();
    }

    /** One markdown table over several reports, for docs/PERFORMANCE.md. */
    public static String markdownTable(List<LoadReport> reports) {
        StringBuilder out = new StringBuilder();
        out.append("| run | mode | sent | acked/s | acked/s 2nd half | p50 ms | p99 ms | max ms | not acked "
                + "| posted events/s | raw PG events/s | posted ÷ raw |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadReport r : reports) {
            LoadResult l = r.load();
            String mode = l.mode().equals("open") ? number(l.rateTarget()) + "/s open"
                    : "max, " + l.concurrency() + " senders";
            out.append(String.format(Locale.ROOT,
                    "| %s | %s | %,d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %s | %s | %s | %s |%n",
                    r.label() == null ? "" : r.label(), mode, l.sent(), l.ackedPerSecond(),
                    l.ackedPerSecondSecondHalf(), l.ackLatency().p50Ms(),
                    l.ackLatency().p99Ms(), l.ackLatency().maxMs(), l.failed() == 0 ? "0" : failures(l),
                    r.posted() == null ? "–" : String.format(Locale.ROOT, "%,.0f%s",
                            r.posted().settledPerSecond(), r.posted().complete() ? "" : " (incomplete)"),
                    r.rawBaseline() == null ? "–" : String.format(Locale.ROOT, "%,.0f",
                            r.rawBaseline().eventsPerSecond()),
                    r.comparison() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.comparison().ratio())));
        }
        return out.toString();
    }

    private static String failures(LoadResult load) {
        Map<String, Long> all = new TreeMap<>();
        load.failedByStatus().forEach((status, n) -> all.put("HTTP " + status, n));
        all.putAll(load.errorsByType());
        return all.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s ×%,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", name, value));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }
}
