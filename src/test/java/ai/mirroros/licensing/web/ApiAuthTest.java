package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.access.IssuedKey;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bearer filter in front of {@code /api/}, over real HTTP. */
class ApiAuthTest extends DatabaseTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VAULT = "enterprise-vault.sig";

    private final List<WebServer> servers = new ArrayList<>();
    private LicensingApp app;
    private WebServer server;

    @BeforeEach
    void startServer() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        server = start(ApiSettings.DEFAULT);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(WebServer::close);
    }

    private WebServer start(ApiSettings settings) {
        WebServer started = WebServer.start(app, null, "127.0.0.1", 0, settings);
        servers.add(started);
        return started;
    }

    private static HttpResponse<String> get(WebServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthenticated(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"licensing\"");
        assertThat(response.body()).contains("\"code\":\"unauthenticated\"", "\"status\":401",
                "Authorization: Bearer");
    }

    @Test
    void withoutAKeyOrWithAnotherSchemeTheApiAnswers401() throws Exception {
        String token = app.apiKeys().createForVault(VAULT, "").token();

        assertUnauthenticated(get(server, "/api/me", null));
        assertUnauthenticated(get(server, "/api/me", "Basic " + token));
        assertUnauthenticated(get(server, "/api/me", "Token " + token));
        assertUnauthenticated(get(server, "/api/me", token));
        assertUnauthenticated(get(server, "/api/vaults/" + VAULT, null));
    }

    @Test
    void aBadKeyIs401AndDoesNotEchoWhatWasSent() throws Exception {
        String token = app.apiKeys().createForVault(VAULT, "").token();
        String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        for (String presented : List.of("nonsense", wrongSecret,
                "lic_000000000000_" + token.substring(token.length() - 43))) {
            HttpResponse<String> response = get(server, "/api/me", "Bearer " + presented);
            assertUnauthenticated(response);
            assertThat(response.body()).doesNotContain(presented);
        }
        assertUnauthenticated(get(server, "/api/me", "Bearer "));
    }

    @Test
    void aValidKeyIsServedAndTheSchemeIsCaseInsensitive() throws Exception {
        IssuedKey issued = app.apiKeys().createForVault(VAULT, "dashboard");

        HttpResponse<String> me = get(server, "/api/me", "Bearer " + issued.token());
        HttpResponse<String> lower = get(server, "/api/me", "bearer " + issued.token());

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("{\"keyId\":\"" + issued.key().keyId()
                + "\",\"role\":\"partner\",\"vaultId\":\"" + VAULT + "\"}");
        assertThat(lower.statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyIs401() throws Exception {
        IssuedKey issued = app.apiKeys().createForVault(VAULT, "");
        assertThat(get(server, "/api/me", "Bearer " + issued.token()).statusCode()).isEqualTo(200);

        app.apiKeys().revoke(issued.key().keyId());

        assertUnauthenticated(get(server, "/api/me", "Bearer " + issued.token()));
    }

    @Test
    void healthAndMetricsNeedNoKey() throws Exception {
        assertThat(get(server, "/health", null).statusCode()).isEqualTo(200);
        assertThat(get(server, "/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyPastItsBurstIs429WithRetryAfterWhileAnotherKeyIsStillServed() throws Exception {
        WebServer limited = start(new ApiSettings(1, 3));
        String busy = "Bearer " + app.apiKeys().createForVault(VAULT, "busy").token();
        String calm = "Bearer " + app.apiKeys().createForVault(VAULT, "calm").token();

        for (int i = 0; i < 3; i++) {
            assertThat(get(limited, "/api/me", busy).statusCode()).as("request %d", i + 1).isEqualTo(200);
        }
        HttpResponse<String> fourth = get(limited, "/api/me", busy);

        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(Long.parseLong(fourth.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(fourth.body()).contains("\"code\":\"rate_limited\"", "\"status\":429");
        assertThat(get(limited, "/api/me", calm).statusCode()).isEqualTo(200);
        assertThat(get(limited, "/metrics", null).body())
                .contains("licensing_api_refused_total{reason=\"rate_limited\"}");
    }

    @Test
    void guessingKeysIsRateLimitedPerClientAddress() throws Exception {
        WebServer limited = start(new ApiSettings(1, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(get(limited, "/api/me", "Bearer guess-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(get(limited, "/api/me", "Bearer guess-4").statusCode()).isEqualTo(429);
    }
}
