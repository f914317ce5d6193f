package ai.mirroros.licensing.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The partner dashboard: static files from the classpath folder {@code dashboard/} at {@code /dashboard/…}, and the
 * WebJars on the classpath (Chart.js) at {@code /webjars/…}. The page reads everything else from the {@code /api/}
 * with the partner's key, so serving it needs no authentication and no server-side state.
 */
final class DashboardRoutes {
    static final String HOSTED_PATH = "/dashboard";
    static final String PANEL = HOSTED_PATH + "/license-partner-panel.html";

    /**
     * Nothing but this server: the page's own scripts and styles (no inline ones), Chart.js from the WebJar, and the
     * API. A page that shows money must not be framed by another site or load code from anywhere else.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private DashboardRoutes() {
    }

    static void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = HOSTED_PATH;
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
            // Revalidated on every load, so a deploy never leaves a partner with an old panel.js and a new API.
            files.headers = Map.of("Cache-Control", "no-cache",
                    "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff",
                    "Referrer-Policy", "no-referrer");
        });
        config.staticFiles.enableWebjars();
        config.routes.get(HOSTED_PATH, ctx -> ctx.redirect(PANEL, HttpStatus.FOUND));
    }
}
