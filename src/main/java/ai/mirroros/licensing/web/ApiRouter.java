package ai.mirroros.licensing.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the {@code /api/} routes and remembers them, so the OpenAPI test can hold {@code /openapi.json} against
 * exactly what is served.
 */
public final class ApiRouter {
    /** A served route, in OpenAPI's path syntax ({@code /api/vaults/{vaultId}}), which is also Javalin's. */
    public record Route(String method, String path) {
    }

    private final RoutesConfig routes;
    private final List<Route> declared = new ArrayList<>();

    ApiRouter(RoutesConfig routes) {
        this.routes = routes;
    }

    ApiRouter get(String path, Handler handler) {
        routes.get(path, handler);
        declared.add(new Route("GET", path));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(declared);
    }
}
