package ai.mirroros.licensing.web;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of the partner API, served as written in
 * {@value #RESOURCE}. Public, like any API reference; {@code OpenApiConformanceTest} holds it against the routes
 * and the bodies the server really returns.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/api/openapi.json";

    private OpenApiDocument() {
    }

    static void register(RoutesConfig routes) {
        byte[] document = load();
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }

    /** Read once at start: a server without its API description is a packaging error, so it fails to start. */
    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
