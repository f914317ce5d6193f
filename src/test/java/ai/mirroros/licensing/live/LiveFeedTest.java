package ai.mirroros.licensing.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.live.LiveEvent.Kind;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The fan-out without HTTP or a database: a fake activity log, polled by hand unless a test says otherwise. */
class LiveFeedTest {
    private static final Duration NOW = Duration.ZERO;
    private static final LiveFeed.Settings SMALL = new LiveFeed.Settings(3, 2, 4, 2, Duration.ofMillis(10),
            Duration.ofMillis(40), 3);

    /** An activity log in memory: one seq per {@link #append}, each with the events it makes (maybe none). */
    static final class FakeLog implements LiveSource {
        final TreeMap<Long, List<LiveEvent>> entries = new TreeMap<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean headFails;

        synchronized long append(String... vaults) {
            long seq = entries.isEmpty() ? 1 : entries.lastKey() + 1;
            List<LiveEvent> events = new ArrayList<>();
            for (String vault : vaults) {
                events.add(new LiveEvent(vault, seq, Kind.PAYMENT, "payment.split", Optional.of("pi_" + seq),
                        Instant.EPOCH.plusSeconds(seq), false));
            }
            entries.put(seq, events);
            return seq;
        }

        @Override
        public synchronized long head() {
            if (headFails) {
                throw new IllegalStateException("database down");
            }
            return entries.isEmpty() ? 0 : entries.lastKey();
        }

        @Override
        public synchronized Batch read(long after, long upTo, int limit) {
            reads.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("database down");
            }
            List<LiveEvent> events = new ArrayList<>();
            int scanned = 0;
            long through = after;
            for (var entry : entries.subMap(after, false, upTo, true).entrySet()) {
                if (scanned == limit) {
                    break;
                }
                events.addAll(entry.getValue());
                scanned++;
                through = entry.getKey();
            }
            return new Batch(events, scanned, through);
        }
    }

    private final FakeLog log = new FakeLog();
    private final LiveFeed feed = LiveFeed.manual(log, SMALL);

    private Subscription subscribe(String vault, String key) {
        Subscription subscription = feed.subscribe(vault, key, OptionalLong.empty());
        assertThat(subscription.replay().events()).isEmpty();
        return subscription;
    }

    private static List<Long> drain(Subscription subscription) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        while (subscription.next(NOW) instanceof Subscription.Event e) {
            seqs.add(e.event().seq());
        }
        return seqs;
    }

    private void pollAll() {
        while (feed.pollOnce() > 0) {
            // a full batch: read on
        }
    }

    @Test
    void eachEventGoesToEverySubscriberOfItsVaultAndNoOtherVault() throws Exception {
        Subscription a1 = subscribe("a", "key-a1");
        Subscription a2 = subscribe("a", "key-a2");
        Subscription b = subscribe("b", "key-b");
        long first = log.append("a");
        long second = log.append("b");
        log.append(); // not a live event: a tier change, say
        long fourth = log.append("a", "b"); // a payment of a that b earns a commission on

        pollAll();

        assertThat(drain(a1)).containsExactly(first, fourth);
        assertThat(drain(a2)).containsExactly(first, fourth);
        assertThat(drain(b)).containsExactly(second, fourth);
    }

    @Test
    void aNewSubscriberStartsAtTheHeadNotInHistory() throws Exception {
        log.append("a");
        log.append("a");
        Subscription a = subscribe("a", "key");
        long live = log.append("a");

        pollAll();

        assertThat(drain(a)).containsExactly(live);
    }

    @Test
    void aSubscriberSkipsWhatThePollerHadNotHandedOutBeforeItCame() throws Exception {
        Subscription early = subscribe("a", "early");
        long beforeLate = log.append("a");
        Subscription late = subscribe("a", "late");
        long afterLate = log.append("a");

        pollAll();

        assertThat(drain(early)).containsExactly(beforeLate, afterLate);
        assertThat(drain(late)).containsExactly(afterLate);
    }

    @Test
    void lastEventIdReplaysTheVaultsMissedEventsThenGoesLive() throws Exception {
        long seen = log.append("a");
        long missed = log.append("a");
        log.append("b");
        Subscription a = feed.subscribe("a", "key", OptionalLong.of(seen));
        long live = log.append("a");

        Subscription.Replay replay = a.replay();
        pollAll();

        assertThat(replay.truncated()).isFalse();
        assertThat(replay.events()).extracting(LiveEvent::seq).containsExactly(missed);
        assertThat(drain(a)).containsExactly(live);
    }

    @Test
    void aReplayScansABoundedNumberOfEntriesAndSaysWhenItSkipped() {
        for (int i = 0; i < 10; i++) {
            log.append("a");
        }
        Subscription a = feed.subscribe("a", "key", OptionalLong.of(0));

        Subscription.Replay replay = a.replay();

        assertThat(replay.truncated()).isTrue();
        assertThat(replay.events()).extracting(LiveEvent::seq).containsExactly(8L, 9L, 10L);
    }

    @Test
    void aLastEventIdAheadOfThisServersPollerSkipsWhatTheClientHas() throws Exception {
        Subscription other = subscribe("b", "other"); // keeps the poller's position at 0
        long had = log.append("a");
        Subscription a = feed.subscribe("a", "key", OptionalLong.of(had));
        long next = log.append("a");

        assertThat(a.replay().events()).isEmpty();
        pollAll();

        assertThat(drain(a)).containsExactly(next);
        assertThat(drain(other)).isEmpty();
    }

    @Test
    void streamsAreBoundedPerServerAndPerKeyAndClosingFreesThePlace() {
        Subscription first = subscribe("a", "key-1");
        subscribe("a", "key-1");
        assertThatThrownBy(() -> feed.subscribe("b", "key-1", OptionalLong.empty()))
                .isInstanceOfSatisfying(LiveFeed.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(LiveFeed.Reason.KEY_FULL));
        subscribe("b", "key-2");
        assertThatThrownBy(() -> feed.subscribe("b", "key-3", OptionalLong.empty()))
                .isInstanceOfSatisfying(LiveFeed.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(LiveFeed.Reason.SERVER_FULL));
        assertThat(feed.subscribers()).isEqualTo(3);

        first.close();
        first.close();

        assertThat(feed.subscribers()).isEqualTo(2);
        assertThat(feed.subscribe("b", "key-1", OptionalLong.empty())).isNotNull();
    }

    @Test
    void aClientThatFallsBehindIsCutOffWithoutHoldingUpTheOthers() throws Exception {
        Subscription slow = subscribe("a", "slow");
        Subscription fast = subscribe("a", "fast");
        List<Long> fastSeen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            log.append("a");
            pollAll();
            fastSeen.addAll(drain(fast));
        }

        assertThat(fastSeen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        List<Subscription.Next> slowSees = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slowSees.add(slow.next(NOW));
        }
        assertThat(slowSees.subList(0, 4)).extracting(n -> ((Subscription.Event) n).event().seq())
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(slowSees.get(4)).isEqualTo(new Subscription.Ended(Subscription.End.TOO_SLOW));
        assertThat(feed.subscribers()).isEqualTo(1);
    }

    @Test
    void whenNobodyListensThePollerForgetsItsPlaceAndReadsNothing() throws Exception {
        subscribe("a", "key").close();
        log.append("a");
        int reads = log.reads.get();
        pollAll();
        assertThat(log.reads.get()).as("no reads without subscribers").isEqualTo(reads);

        Subscription back = subscribe("a", "key");
        long live = log.append("a");
        pollAll();

        assertThat(drain(back)).containsExactly(live);
    }

    @Test
    void anUnreadableLogRefusesTheSubscription() {
        log.headFails = true;
        assertThatThrownBy(() -> feed.subscribe("a", "key", OptionalLong.empty()))
                .isInstanceOfSatisfying(LiveFeed.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(LiveFeed.Reason.UNAVAILABLE));
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void closingEndsEveryStreamAndRefusesNewOnes() throws Exception {
        Subscription a = subscribe("a", "key");
        CompletableFuture<Subscription.Next> seen = CompletableFuture.supplyAsync(() -> {
            try (a) {
                return a.next(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        feed.close();

        assertThat(seen.get()).isEqualTo(new Subscription.Ended(Subscription.End.SERVER_STOPPING));
        assertThat(feed.subscribers()).isZero();
        assertThatThrownBy(() -> feed.subscribe("a", "key", OptionalLong.empty()))
                .isInstanceOfSatisfying(LiveFeed.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(LiveFeed.Reason.STOPPED));
    }

    @Test
    void nothingHappeningIsAKeepAlive() throws Exception {
        Subscription a = subscribe("a", "key");
        assertThat(a.next(Duration.ofMillis(20))).isEqualTo(new Subscription.KeepAlive());
    }

    @Test
    void thePollerThreadSurvivesDatabaseErrorsLogsOnceAndDeliversAfterwards() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(LiveFeed.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (LiveFeed running = LiveFeed.start(log, SMALL)) {
            Subscription a = running.subscribe("a", "key", OptionalLong.empty());
            a.replay();
            log.failuresLeft.set(5);
            long seq = log.append("a");

            Subscription.Next next = a.next(Duration.ofSeconds(5));

            assertThat(next).isInstanceOfSatisfying(Subscription.Event.class,
                    e -> assertThat(e.event().seq()).isEqualTo(seq));
            assertThat(log.failuresLeft.get()).isZero();
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("cannot read the activity log"));
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("readable again"));
    }
}
