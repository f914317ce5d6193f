package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class WebServerTest extends DatabaseTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(WebServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWhenTheDatabaseAnswers() throws Exception {
        try (WebServer server = WebServer.start(LicensingApp.over(db, Clock.systemUTC()), "127.0.0.1", 0)) {
            HttpResponse<String> response = get(server, "/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"UP\"", "\"database\":\"UP\"");
        }
    }

    @Test
    void healthIs503WhenTheDatabaseIsGone() throws Exception {
        try (WebServer server = WebServer.start(LicensingApp.over(db, Clock.systemUTC()), "127.0.0.1", 0)) {
            db.close();

            HttpResponse<String> response = get(server, "/health");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"status\":\"DOWN\"");
        }
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        try (WebServer server = WebServer.start(LicensingApp.over(db, Clock.systemUTC()), "127.0.0.1", 0)) {
            assertThat(get(server, "/nope").statusCode()).isEqualTo(404);
        }
    }
}
