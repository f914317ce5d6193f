package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.access.IssuedKey;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while valid, invalid, revoked and rate-limited keys are used, with the application's own
 * loggers at DEBUG: no key secret appears in any line, message argument or stack trace. (Library loggers keep the
 * levels of logback.xml, as in production; Jetty at DEBUG would log request headers, see docs/API_ACCESS.md.)
 */
class KeysNeverLoggedTest extends DatabaseTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VAULT = "enterprise-vault.sig";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Logger own;
    private Level rootLevel;
    private Level ownLevel;
    private LicensingApp app;
    private WebServer server;

    @BeforeEach
    void captureEverything() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        own = (Logger) LoggerFactory.getLogger("ai.mirroros.licensing");
        rootLevel = root.getLevel();
        ownLevel = own.getLevel();
        root.setLevel(Level.DEBUG);
        own.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        server = WebServer.start(app, null, "127.0.0.1", 0, new ApiSettings(1, 5));
    }

    @AfterEach
    void restore() {
        server.close();
        root.detachAppender(captured);
        root.setLevel(rootLevel);
        own.setLevel(ownLevel);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noKeySecretAppearsInAnyLogLine() throws Exception {
        IssuedKey valid = app.apiKeys().createForVault(VAULT, "valid");
        IssuedKey revoked = app.apiKeys().createForVault(VAULT, "revoked");
        IssuedKey admin = app.apiKeys().createAdmin("admin");
        app.apiKeys().revoke(revoked.key().keyId());
        String wrongSecret = valid.token().substring(0, valid.token().length() - 2) + "zz";
        String unknownId = "lic_000000000000_" + valid.token().substring(valid.token().length() - 43);
        List<String> secrets = new ArrayList<>();
        for (IssuedKey key : List.of(valid, revoked, admin)) {
            secrets.add(key.token());
            secrets.add(key.token().substring(key.token().length() - 43));
        }
        secrets.add(wrongSecret);
        secrets.add(unknownId);

        List<Integer> statuses = new ArrayList<>();
        for (String token : List.of(valid.token(), wrongSecret, unknownId, revoked.token(), "lic_malformed")) {
            statuses.add(get("/api/me", token).statusCode());
            statuses.add(get("/api/vaults/" + VAULT, token).statusCode());
            statuses.add(get("/api/vaults/startup-vault.sig", token).statusCode());
        }
        for (int i = 0; i < 8; i++) {
            statuses.add(get("/api/me", admin.token()).statusCode()); // past the burst: 429
        }
        try (SseStream live = SseStream.open(server.port(), VAULT, valid.token())) {
            statuses.add(live.awaitOpen().status());
        }
        try (SseStream badResume = SseStream.open(server.port(), VAULT, Optional.of(valid.token()),
                Optional.of("not-a-seq"))) {
            statuses.add(badResume.status());
        }
        server.close();

        assertThat(statuses).contains(200, 401, 404, 429, 400);
        assertThat(captured.list).as("the live stream logs which key opened it, by id")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(valid.key().keyId()));
        for (ILoggingEvent event : captured.list) {
            String line = event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    @Test
    void jettyDoesNotLogRequestHeadersUnderTheShippedConfiguration() {
        // At DEBUG, Jetty's HTTP parser logs every header, Authorization included: logback.xml must keep it quiet.
        assertThat(LoggerFactory.getLogger("org.eclipse.jetty.http.HttpParser").isDebugEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.eclipse.jetty.server.Request").isDebugEnabled()).isFalse();
    }
}
