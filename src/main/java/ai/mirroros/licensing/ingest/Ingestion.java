package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.stripe.WebhookSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Webhook ingestion as the server runs it: the group-committing inbox writer the endpoint hands events to, and the
 * background processor it wakes after each commit. Closing stops taking events, flushes what was queued, and lets
 * the processor finish its batch.
 */
public final class Ingestion implements AutoCloseable {
    /** Two transactions in flight: one batch builds while the previous one commits. */
    static final int WRITER_THREADS = 2;

    private final IngestSettings settings;
    private final Optional<WebhookSignature> signature;
    private final InboxWriter writer;
    private final List<InboxProcessor> processors;
    private final Inbox inbox;

    private Ingestion(IngestSettings settings, InboxWriter writer, List<InboxProcessor> processors, Inbox inbox) {
        this.settings = settings;
        this.signature = settings.signature();
        this.writer = writer;
        this.processors = List.copyOf(processors);
        this.inbox = inbox;
    }

    /**
     * Starts the writer and, if {@code process}, {@link IngestSettings#processors()} background processors, which
     * share the inbox like separate instances do (each batch locked with SKIP LOCKED).
     */
    public static Ingestion start(LicensingApp app, IngestSettings settings, boolean process) {
        Objects.requireNonNull(settings, "settings");
        List<InboxProcessor> processors = new ArrayList<>();
        for (int i = 0; i < settings.processors(); i++) {
            processors.add(app.newInboxProcessor(settings));
        }
        InboxWriter writer = new InboxWriter(app.inbox(), WRITER_THREADS,
                () -> processors.forEach(InboxProcessor::wake), app.meters());
        if (process) {
            processors.forEach(InboxProcessor::start);
        }
        return new Ingestion(settings, writer, processors, app.inbox());
    }

    public IngestSettings settings() {
        return settings;
    }

    /** Empty when no webhook secret is configured: the endpoint then refuses every delivery. */
    public Optional<WebhookSignature> signature() {
        return signature;
    }

    public InboxWriter writer() {
        return writer;
    }

    /** The first processor; tests that drive processing by hand use it. */
    public InboxProcessor processor() {
        return processors.getFirst();
    }

    public Inbox inbox() {
        return inbox;
    }

    @Override
    public void close() {
        writer.close();
        processors.forEach(InboxProcessor::close);
    }
}
