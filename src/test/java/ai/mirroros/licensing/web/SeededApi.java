package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's two months ({@link SeededDemo}, seeded once per database kind per test JVM and shared with the other API
 * tests) served by a server whose clock stands at the end of that history, with an admin key and a partner key per
 * demo vault. The tests only read.
 */
final class SeededApi {
    static final Instant AS_OF = SeededDemo.AS_OF;
    /** Tests page through every payment one by one; the per-key limit must not be what they measure. */
    private static final ApiSettings UNTHROTTLED = new ApiSettings(100_000, 100_000);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<TestDatabases.Kind, SeededApi> SERVED = new EnumMap<>(TestDatabases.Kind.class);

    final LicensingApp app;
    final WebServer server;
    final String adminKey;
    /** Vault id → a partner key of that vault. */
    final Map<String, String> partnerKeys;

    private SeededApi(LicensingApp app, WebServer server, String adminKey, Map<String, String> partnerKeys) {
        this.app = app;
        this.server = server;
        this.adminKey = adminKey;
        this.partnerKeys = partnerKeys;
    }

    static synchronized SeededApi of(TestDatabases.Kind kind) {
        return SERVED.computeIfAbsent(kind, SeededApi::serve);
    }

    private static SeededApi serve(TestDatabases.Kind kind) {
        SeededDemo demo = SeededDemo.of(kind);
        LicensingApp app = demo.app();
        String admin = app.apiKeys().createAdmin("api tests").token();
        Map<String, String> partners = new LinkedHashMap<>();
        for (String vault : DemoCast.VAULT_IDS) {
            partners.put(vault, app.apiKeys().createForVault(vault, "api tests").token());
        }
        WebServer server = WebServer.start(app, null, "127.0.0.1", 0,
                UNTHROTTLED.withDataKeys(demo.dataKeys()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-seeded-api-" + kind));
        return new SeededApi(app, server, admin, Map.copyOf(partners));
    }

    Database db() {
        return app.database();
    }

    String partnerKey(String vaultId) {
        return partnerKeys.get(vaultId);
    }

    HttpResponse<String> get(String pathAndQuery, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + pathAndQuery));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET as admin, expecting 200; the body as JSON. */
    JsonNode admin(String pathAndQuery) {
        return ok(get(pathAndQuery, adminKey));
    }

    static JsonNode ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + response.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON from " + response.uri() + ": " + response.body(), e);
        }
    }
}
