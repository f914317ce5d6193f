package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.web.SseStream;
import ai.mirroros.licensing.web.WebServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A payout made by the runner shows up on the payee's live stream. */
class PayoutLiveUpdatesTest extends DatabaseTestSupport {
    private PayoutWorld world;
    private WebServer server;

    @BeforeEach
    void openWorld() throws Exception {
        world = new PayoutWorld(db);
        server = WebServer.start(world.app, "127.0.0.1", 0);
    }

    @AfterEach
    void closeWorld() {
        server.close();
        world.close();
    }

    @Test
    void aPaidPayoutIsAPayoutEventOnThePayeesStream() throws Exception {
        String key = world.app.apiKeys().createForVault(ENTERPRISE, "payout live test").token();
        String otherKey = world.app.apiKeys().createForVault("startup-vault.sig", "payout live test").token();
        world.onboardVerified(ENTERPRISE);
        world.creditAvailable(ENTERPRISE, "250.00");
        try (SseStream stream = SseStream.open(server.port(), ENTERPRISE, key).awaitOpen();
             SseStream other = SseStream.open(server.port(), "startup-vault.sig", otherKey).awaitOpen()) {

            PayoutRunner.Report report = world.runner().run(false, PayoutRunner.Progress.NONE);
            assertThat(report.paid()).isEqualTo(1);

            SseStream.Event event = stream.next(Duration.ofSeconds(10));
            Payout payout = world.app.database().jdbi().withHandle(h -> PayoutStore.find(h,
                    "po_20261127_USD_" + ENTERPRISE)).orElseThrow();
            assertThat(event.name()).isEqualTo("payout");
            assertThat(event.data().path("type").asText()).isEqualTo(PayoutRunner.ACTIVITY_PAID);
            assertThat(event.data().path("sourceId").asText()).isEqualTo(payout.transferId().orElseThrow());
            assertThat(event.data().path("referral").asBoolean()).isFalse();
            // The same poll handed out everything up to the payout's seq: had it been routed wrongly, it would be here.
            other.assertNoEventFor(Duration.ofMillis(500));
        }
    }
}
