package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ingest.EventEnvelope;
import ai.mirroros.licensing.ingest.EventStatus;
import ai.mirroros.licensing.ingest.InboxEvent;
import ai.mirroros.licensing.ingest.InboxProcessor;
import ai.mirroros.licensing.ingest.IncomingEvent;
import ai.mirroros.licensing.ingest.IngestSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing events …}: the Stripe webhook inbox. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Inspect, retry, process and import Stripe events (the webhook inbox).",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.Show.class, EventsCommand.Retry.class,
                EventsCommand.Process.class, EventsCommand.Import.class})
final class EventsCommand extends CommandGroup {
    /** Events stored per transaction during an import: the inbox writer's batch size. */
    static final int IMPORT_BATCH = 500;

    abstract static class InboxCommand extends StoreCommand {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List inbox events in arrival order, e.g. --status parked to see what needs attention.")
    static final class ListEvents extends InboxCommand {
        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only events in this status: pending, processed, ignored, parked.")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Optional<EventStatus> wanted = Optional.ofNullable(status).map(EventsCommand::status);
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                List<InboxEvent> events = app.inbox().list(wanted, limit);
                if (json) {
                    for (InboxEvent event : events) {
                        out().println(app.json().writeValueAsString(summary(event)));
                    }
                    return 0;
                }
                if (events.isEmpty()) {
                    out().println("no " + (status == null ? "" : status + " ") + "events");
                    return 0;
                }
                out().printf("%-8s %-30s %-26s %-10s %-3s %s%n", "SEQ", "EVENT", "TYPE", "STATUS", "TRY", "REASON");
                for (InboxEvent event : events) {
                    out().printf("%-8d %-30s %-26s %-10s %-3d %s%n", event.seq(), event.eventId(), event.type(),
                            event.status().wireName(), event.attempts(), event.reason().orElse(""));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one event with its payload.")
    static final class Show extends InboxCommand {
        @Parameters(paramLabel = "EVENT_ID", description = "Stripe event id, e.g. evt_1Q…")
        String eventId;

        @Override
        public Integer call() throws IOException {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                InboxEvent event = app.inbox().find(eventId).orElseThrow(() -> new LicensingException(
                        "unknown_event", "no event '" + eventId + "' in the inbox; see licensing events list"));
                Map<String, Object> shown = summary(event);
                shown.put("payload", app.json().readTree(event.payload()));
                out().println(app.json().writerWithDefaultPrettyPrinter().writeValueAsString(shown));
                return 0;
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Put parked events back in the queue after fixing the cause (e.g. importing the vault), "
                    + "and process them now.")
    static final class Retry extends InboxCommand {
        @Mixin
        IngestOptions ingest;

        @Parameters(paramLabel = "EVENT_ID", arity = "0..*", description = "Events to retry.")
        List<String> eventIds = new ArrayList<>();

        @Option(names = "--all-parked", description = "Retry every parked event.")
        boolean allParked;

        @Override
        public Integer call() {
            if (eventIds.isEmpty() == !allParked) {
                throw new LicensingException("invalid_arguments", "give event ids or --all-parked (not both)");
            }
            IngestSettings settings = ingest.settings();
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                if (allParked) {
                    out().println("requeued " + app.inbox().retryAllParked() + " parked events");
                } else {
                    eventIds.forEach(id -> app.inbox().retry(id));
                }
                try (InboxProcessor processor = app.newInboxProcessor(settings)) {
                    processor.drain(batch -> { });
                }
                boolean stillParked = false;
                for (String id : eventIds) {
                    InboxEvent event = app.inbox().find(id).orElseThrow();
                    out().println(id + ": " + event.status().wireName() + " — " + event.reason().orElse(""));
                    stillParked |= event.status() == EventStatus.PARKED;
                }
                return stillParked ? LicensingCli.EXIT_FAILURE : 0;
            }
        }
    }

    @Command(name = "process", mixinStandardHelpOptions = true,
            description = "Process every pending event now (the server does this continuously).")
    static final class Process extends InboxCommand {
        @Mixin
        IngestOptions ingest;

        @Override
        public Integer call() {
            IngestSettings settings = ingest.settings();
            try (LicensingApp app = store.openApp(Clock.systemUTC());
                 InboxProcessor processor = app.newInboxProcessor(settings)) {
                long pending = app.inbox().stats().pending();
                InboxProcessor.BatchResult total;
                try (ProgressBar bar = progressBar(err(), "processing", pending)) {
                    total = processor.drain(batch -> bar.stepBy(batch.claimed()));
                }
                out().println(report(total));
                return 0;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Replay exported Stripe events (one JSON event per line) through the same path as "
                    + "webhooks: store them in the inbox, then process them. Re-importing is a no-op.",
                    "The whole file is checked first; if any line is not a Stripe event nothing is stored."})
    static final class Import extends InboxCommand {
        @Mixin
        IngestOptions ingest;

        @Parameters(paramLabel = "FILE.jsonl", description = "Events, one per line (blank lines are skipped).")
        Path file;

        @Option(names = "--no-process", description = "Only store the events; the server or `events process` "
                + "processes them later.")
        boolean noProcess;

        @Override
        public Integer call() throws IOException {
            IngestSettings settings = ingest.settings();
            List<IncomingEvent> events = read(file, settings.maxBodyBytes());
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                int added = 0;
                try (ProgressBar bar = progressBar(err(), "storing", events.size())) {
                    for (int from = 0; from < events.size(); from += IMPORT_BATCH) {
                        List<IncomingEvent> batch = events.subList(from, Math.min(events.size(), from + IMPORT_BATCH));
                        added += app.inbox().store(batch).size();
                        bar.stepBy(batch.size());
                    }
                }
                out().printf("stored %d new events (%d already in the inbox)%n", added, events.size() - added);
                if (noProcess) {
                    return 0;
                }
                InboxProcessor.BatchResult total;
                try (InboxProcessor processor = app.newInboxProcessor(settings);
                     ProgressBar bar = progressBar(err(), "processing", app.inbox().stats().pending())) {
                    total = processor.drain(batch -> bar.stepBy(batch.claimed()));
                }
                out().println(report(total));
                return 0;
            }
        }

        /** Every line checked before anything is stored, so that a bad file leaves no half-import behind. */
        static List<IncomingEvent> read(Path file, int maxLineBytes) throws IOException {
            List<IncomingEvent> events = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.length() > maxLineBytes) {
                        problems.add("line " + number + ": longer than " + maxLineBytes + " bytes");
                        continue;
                    }
                    try {
                        events.add(EventEnvelope.parse(line.strip(), IncomingEvent.Origin.IMPORT));
                    } catch (LicensingException e) {
                        problems.add("line " + number + ": " + e.getMessage());
                    }
                }
            } catch (NoSuchFileException e) {
                throw new LicensingException("file_not_found", "no such file: " + file);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new LicensingException("malformed_file", file + " is not UTF-8 text");
            }
            if (!problems.isEmpty()) {
                int shown = Math.min(problems.size(), 10);
                throw new LicensingException("malformed_file", file + ": " + problems.size()
                        + " line(s) are not Stripe events, nothing was imported: "
                        + String.join("; ", problems.subList(0, shown)) + (problems.size() > shown ? "; …" : ""));
            }
            return events;
        }
    }

    static EventStatus status(String name) {
        try {
            return EventStatus.fromWireName(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LicensingException("invalid_status", "--status must be pending, processed, ignored or parked, "
                    + "got '" + name + "'");
        }
    }

    static Map<String, Object> summary(InboxEvent event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", event.seq());
        row.put("eventId", event.eventId());
        row.put("type", event.type());
        row.put("status", event.status().wireName());
        row.put("attempts", event.attempts());
        row.put("origin", event.origin().wireName());
        row.put("createdAt", event.createdAt().toString());
        row.put("receivedAt", event.receivedAt().toString());
        event.processedAt().ifPresent(at -> row.put("processedAt", at.toString()));
        event.reason().ifPresent(reason -> row.put("reason", reason));
        event.awaitsKey().ifPresent(key -> row.put("awaits", key));
        return row;
    }

    static String report(InboxProcessor.BatchResult total) {
        return String.format("processed %d events: %d done, %d ignored, %d parked%s", total.claimed(),
                total.processed(), total.ignored(), total.parked(),
                total.retryLater() > 0 ? ", " + total.retryLater() + " to retry later" : "")
                + (total.parked() > 0 ? " (see licensing events list --status parked)" : "");
    }

    /** A progress bar on stderr; redrawn in place on a terminal, a line at a time otherwise. */
    static ProgressBar progressBar(PrintWriter err, String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUpdateIntervalMillis(500)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print("\r" + line);
                    err.flush();
                }))
                .build();
    }
}
