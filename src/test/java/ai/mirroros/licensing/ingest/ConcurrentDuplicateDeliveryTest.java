package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe may deliver one event several times at once (a retry overtaking a slow first attempt, several endpoints of
 * one account), and announces one payment with several events. However they collide, the inbox stores each event
 * once and the ledger posts each payment once.
 */
class ConcurrentDuplicateDeliveryTest extends DatabaseTestSupport {
    private static final int THREADS = 50;
    private static final int PAIRS = 10;
    private static final Duration DRAIN_MAX = Duration.ofSeconds(30);
    private static final Instant PAID = Instant.parse("2026-03-10T12:00:00Z");

    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private Deliveries stripe;

    @BeforeEach
    void startServer() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(EventLoad.REGISTRY).values(), EventLoad.REGISTERED);
        // Processing is driven by the tests, so that they can make processors collide too.
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        stripe = new Deliveries(server.port());
    }

    @AfterEach
    void stopServer() {
        stripe.close();
        server.close();
        ingestion.close();
    }

    @Test
    void fiftySimultaneousDeliveriesOfOneEventAreAllAcknowledgedAndStoredOnce() throws Exception {
        StripeEventJson.Charge charge = WebhookClient.charge("dup", "enterprise-vault.sig", 122_845, PAID);
        EventLoad.StripeEvent event = new EventLoad.StripeEvent("evt_dup", "payment_intent.succeeded",
                WebhookClient.paymentSucceeded("evt_dup", charge, PAID));

        List<Deliveries.Outcome> outcomes = atOnce(THREADS, i -> event);

        assertThat(outcomes).extracting(Deliveries.Outcome::status).containsOnly(200);
        assertThat(outcomes).filteredOn(o -> o.body().contains("\"duplicate\":false"))
                .as("exactly one delivery was the new one").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM webhook_event WHERE event_id = 'evt_dup'")).isEqualTo(1);

        ingestion.processor().drain(batch -> { });
        assertThat(count("SELECT COUNT(*) FROM payment")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM journal_entry")).isEqualTo(1);
        assertThat(app.inbox().find("evt_dup").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        Books.read(app).assertConsistent();
    }

    @Test
    void paymentIntentAndChargeEventsOfOnePaymentArrivingAndProcessedTogetherPostItOnce() throws Exception {
        List<EventLoad.StripeEvent> events = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            StripeEventJson.Charge charge = WebhookClient.charge("pair" + i, "agency-fork.sig", 50_000 + i, PAID);
            events.add(new EventLoad.StripeEvent("evt_pi_" + i, "payment_intent.succeeded",
                    WebhookClient.paymentSucceeded("evt_pi_" + i, charge, PAID)));
            events.add(new EventLoad.StripeEvent("evt_ch_" + i, "charge.succeeded",
                    WebhookClient.chargeSucceeded("evt_ch_" + i, charge, PAID)));
        }

        List<Deliveries.Outcome> outcomes = atOnce(THREADS, i -> events.get(i % events.size()));

        assertThat(outcomes).extracting(Deliveries.Outcome::status).containsOnly(200);
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isEqualTo(events.size());

        // Two processors taking one event at a time side by side: the two events of a payment, stored next to each
        // other, land in overlapping transactions that both see the payment as not yet posted.
        IngestSettings oneAtATime = ingestion.settings().withBatchSize(1);
        try (InboxProcessor first = app.newInboxProcessor(oneAtATime);
             InboxProcessor second = app.newInboxProcessor(oneAtATime)) {
            atOnceCall(List.of(() -> drainSideBySide(first), () -> drainSideBySide(second)));
        }

        assertThat(app.inbox().stats().processed()).isEqualTo(events.size());
        assertThat(count("SELECT COUNT(*) FROM payment")).isEqualTo(PAIRS);
        assertThat(count("SELECT COUNT(*) FROM payment_stripe_ref")).isEqualTo(2 * PAIRS);
        assertThat(count("SELECT COUNT(*) FROM journal_entry")).isEqualTo(PAIRS);
        assertThat(count("SELECT COUNT(*) FROM activity_log WHERE type = 'payment.split'")).isEqualTo(PAIRS);
        Books.read(app).assertConsistent();
    }

    /**
     * Processes until the inbox has nothing pending. A claim can come back empty while the other processor holds
     * the next row (a locked row is skipped, and LIMIT counts before the recheck), so emptiness is judged by the
     * inbox, not by one empty claim.
     */
    private int drainSideBySide(InboxProcessor processor) throws InterruptedException {
        int claimed = 0;
        long deadline = System.nanoTime() + DRAIN_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            int got = processor.processBatch().claimed();
            claimed += got;
            if (got == 0) {
                if (app.inbox().stats().pending() == 0) {
                    return claimed;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the inbox did not drain within " + DRAIN_MAX + ": " + app.inbox().stats());
    }

    private long count(String sql) {
        return db.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    /** {@code threads} deliveries released at the same instant; {@code event} picks what thread i sends. */
    private List<Deliveries.Outcome> atOnce(int threads, java.util.function.IntFunction<EventLoad.StripeEvent> event)
            throws Exception {
        List<Callable<Deliveries.Outcome>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            EventLoad.StripeEvent chosen = event.apply(i);
            calls.add(() -> stripe.sendOne(chosen));
        }
        return atOnceCall(calls);
    }

    private static <T> List<T> atOnceCall(List<Callable<T>> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(calls.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
