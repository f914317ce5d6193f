package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine instances (separate pools, separate processors, as two servers behind a load balancer) on one
 * PostgreSQL database share the inbox: every event is processed exactly once, both do part of the work, and the
 * books equal a direct posting of the same payments. PostgreSQL only: an embedded H2 file belongs to one process.
 */
class TwoInstancesShareTheInboxTest {
    /** 2,000 payment events and 200 refunds. */
    private static final int PAYMENTS = 1_000;
    /** Small batches, so that the work comes in many pieces for the two instances to take turns at. */
    private static final int BATCH_SIZE = 50;

    private String schema;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void freshSchema() {
        schema = TestDatabases.newSchemaName();
    }

    @AfterEach
    void closeAndDrop() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        TestDatabases.dropSchema(schema);
    }

    @Test
    void twoInstancesProcessEveryEventExactlyOnceAndBothTakePart() {
        EventLoad load = EventLoad.generate("two", PAYMENTS, 20260312L);
        Books expected = load.reference();
        DatabaseConfig config = DatabaseConfig.of(TestDatabases.PG_URL).withSchema(schema);
        LicensingApp first = opened(LicensingApp.open(config, Clock.systemUTC()));
        first.vaults().importVaults(VaultRegistryFile.load(EventLoad.REGISTRY).values(), EventLoad.REGISTERED);
        LicensingApp second = opened(LicensingApp.open(config, Clock.systemUTC()));
        IngestSettings settings = IngestSettings.defaults().withBatchSize(BATCH_SIZE);
        List<Ingestion> instances = List.of(opened(Ingestion.start(first, settings, true)),
                opened(Ingestion.start(second, settings, true)));

        // Deliveries alternate between the instances, as a load balancer would spread them; each instance's commit
        // wakes its own processor, and both poll.
        List<CompletableFuture<InboxWriter.Stored>> stored = new ArrayList<>();
        List<EventLoad.StripeEvent> events = load.events();
        for (int i = 0; i < events.size(); i++) {
            IncomingEvent event = EventEnvelope.parse(events.get(i).body(), IncomingEvent.Origin.WEBHOOK);
            stored.add(instances.get(i % 2).writer().submit(event));
        }
        assertThat(stored).allSatisfy(done -> assertThat(done.join()).isEqualTo(InboxWriter.Stored.NEW));

        int total = events.size();
        await("both instances process everything").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(first.inbox()::stats, stats -> stats.processed() == total);
        assertThat(first.inbox().stats()).isEqualTo(new Inbox.Stats(total, 0, total, 0, 0));

        double byFirst = processedBy(first);
        double bySecond = processedBy(second);
        assertThat(byFirst + bySecond).as("completions counted by the two instances: each event once")
                .isEqualTo(total);
        assertThat(byFirst).as("events the first instance processed").isPositive();
        assertThat(bySecond).as("events the second instance processed").isPositive();
        Books.read(first).assertSameAs(expected);
    }

    /**
     * The race two processors can run into: one parks a refund because its payment is not visible yet, while the
     * other posts that payment and looks for parked waiters before the park is committed. The refund must not stay
     * parked. A trigger that holds the park for a few seconds makes the interleaving certain.
     */
    @Test
    void aRefundParkedWhileTheOtherInstancePostsItsPaymentIsStillApplied() throws Exception {
        DatabaseConfig config = DatabaseConfig.of(TestDatabases.PG_URL).withSchema(schema);
        LicensingApp first = opened(LicensingApp.open(config, Clock.systemUTC()));
        first.vaults().importVaults(VaultRegistryFile.load(EventLoad.REGISTRY).values(), EventLoad.REGISTERED);
        LicensingApp second = opened(LicensingApp.open(config, Clock.systemUTC()));
        EventLoad.Payment payment = EventLoad.generate("race", 5, 1L).payments().get(4);
        assertThat(payment.refundedMinor()).isPresent();
        StripeEventJson.Charge charge = payment.charge();
        first.inbox().store(List.of(EventEnvelope.parse(WebhookClient.refunded("evt_race_refund", charge,
                payment.refundedMinor().get(), payment.refundedAt()), IncomingEvent.Origin.WEBHOOK)));
        first.inbox().store(List.of(EventEnvelope.parse(WebhookClient.chargeSucceeded("evt_race_charge", charge,
                charge.created()), IncomingEvent.Origin.WEBHOOK)));
        first.database().jdbi().useHandle(handle -> handle.execute("""
                CREATE FUNCTION hold_park() RETURNS trigger AS $$
                BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER hold_park BEFORE UPDATE ON webhook_event FOR EACH ROW
                WHEN (NEW.status = 'parked') EXECUTE FUNCTION hold_park();"""));
        IngestSettings oneAtATime = IngestSettings.defaults().withBatchSize(1);
        InboxProcessor parking = opened(second.newInboxProcessor(oneAtATime));
        InboxProcessor posting = opened(first.newInboxProcessor(oneAtATime));

        CompletableFuture<InboxProcessor.BatchResult> parked = CompletableFuture.supplyAsync(parking::processBatch);
        await("the refund is being parked").atMost(Duration.ofSeconds(30)).until(() -> parkInProgress(first));
        assertThat(posting.processBatch().processed()).as("the charge posted meanwhile").isEqualTo(1);
        assertThat(parked.join().parked()).as("the refund parked").isEqualTo(1);
        first.database().jdbi().useHandle(handle -> handle.execute("DROP TRIGGER hold_park ON webhook_event"));

        posting.drain(batch -> { });
        assertThat(first.inbox().find("evt_race_refund").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(first.ledger().findBySource("refund:" + payment.key() + ":" + payment.refundedMinor().get()))
                .as("the refund's clawback").isPresent();
    }

    private static boolean parkInProgress(LicensingApp app) {
        return app.database().jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM pg_stat_activity
                        WHERE state = 'active' AND query LIKE '%UPDATE webhook_event%' AND query LIKE '%awaits_key%'
                          AND pid <> pg_backend_pid()""")
                .mapTo(Long.class).one()) > 0;
    }

    /** The instance's own count of events it completed as processed (its Micrometer counter). */
    private static double processedBy(LicensingApp app) {
        return app.meters().get("licensing.events.processed").tag("status", EventStatus.PROCESSED.wireName())
                .counter().count();
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }
}
