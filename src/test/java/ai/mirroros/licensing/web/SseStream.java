package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Test client for {@code GET /api/vaults/{vaultId}/live}: java.net.http reading the body as lines as they arrive,
 * parsed into Server-Sent Events.
 */
public final class SseStream implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object EOF = new Object();

    /** One event: its id, name and data (parsed). */
    public record Event(String id, String name, JsonNode data) {
        public long seq() {
            return Long.parseLong(id);
        }
    }

    private final HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final List<String> comments = new ArrayList<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private boolean ended;

    /**
     * The body is decoded into lines by the JDK's line subscriber and pushed into a queue; closing cancels the
     * subscription, which drops the connection at once (closing a blocking line reader would wait for the next line).
     */
    private SseStream(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        this.response = response;
        response.body().subscribe(HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.complete(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                lines.add(line);
            }

            @Override
            public void onError(Throwable error) {
                lines.add(EOF);
            }

            @Override
            public void onComplete() {
                lines.add(EOF);
            }
        }));
    }

    public static SseStream open(int port, String vaultId, String token) throws Exception {
        return open(port, vaultId, Optional.ofNullable(token), Optional.empty());
    }

    public static SseStream open(int port, String vaultId, Optional<String> token, Optional<String> lastEventId)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/vaults/" + vaultId + "/live")).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
        return new SseStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofPublisher()));
    }

    public int status() {
        return response.statusCode();
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The whole body of a refused (non-stream) response. */
    public String body() throws InterruptedException {
        StringBuilder body = new StringBuilder();
        for (Object line = lines.poll(10, TimeUnit.SECONDS); line != null && line != EOF;
             line = lines.poll(10, TimeUnit.SECONDS)) {
            body.append(line).append('\n');
        }
        return body.toString();
    }

    /** The next event within {@code timeout}, skipping comments; fails the test otherwise. */
    public Event next(Duration timeout) throws Exception {
        return nextOrEnd(timeout).orElseThrow(() -> new AssertionError("the stream ended; comments: " + comments));
    }

    /** The next event, or empty when the server ended the stream; fails the test on timeout. */
    public Optional<Event> nextOrEnd(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String id = null;
        String name = "message";
        StringBuilder data = null;
        while (!ended) {
            Object item = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new AssertionError("no event within " + timeout + "; comments so far: " + comments);
            }
            if (item == EOF) {
                ended = true;
                break;
            }
            String line = (String) item;
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(id, name, JSON.readTree(data.toString())));
                }
            } else if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
        return Optional.empty();
    }

    /** Asserts that no event arrives for {@code quiet} (comments, such as keep-alives, may). */
    public void assertNoEventFor(Duration quiet) throws Exception {
        try {
            Optional<Event> event = nextOrEnd(quiet);
            assertThat(event).as("an event arrived where none should").isEmpty();
        } catch (AssertionError timeout) {
            if (!timeout.getMessage().startsWith("no event within")) {
                throw timeout;
            }
        }
    }

    /** Waits for the opening comment, which the server writes once the subscription is in place. */
    public SseStream awaitOpen() throws Exception {
        assertThat(status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (comments.isEmpty()) {
            Object item = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(item).as("opening comment").isNotNull().isNotSameAs(EOF);
            String line = (String) item;
            if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            }
        }
        return this;
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    @Override
    public void close() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }
}
