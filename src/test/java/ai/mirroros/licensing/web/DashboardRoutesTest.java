package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's files and Chart.js are served without a key, from this server only, with a strict CSP. */
class DashboardRoutesTest extends DatabaseTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(WebServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePanelItsAssetsAndChartJsAreServedWithoutAKey() throws Exception {
        try (WebServer server = WebServer.start(LicensingApp.over(db, Clock.systemUTC()), "127.0.0.1", 0)) {
            HttpResponse<String> page = get(server, DashboardRoutes.PANEL);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .isEqualTo(DashboardRoutes.CONTENT_SECURITY_POLICY).contains("default-src 'self'");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

            Matcher scripts = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
            int assets = 0;
            while (scripts.find()) {
                String src = scripts.group(1);
                if (src.startsWith("#")) {
                    continue;
                }
                assertThat(src).as("nothing from another site").doesNotContain("//");
                String path = src.startsWith("/") ? src : "/dashboard/" + src;
                HttpResponse<String> asset = get(server, path);
                assertThat(asset.statusCode()).as(path).isEqualTo(200);
                assets++;
            }
            assertThat(assets).as("panel.css, panel.js, favicon.svg and Chart.js").isGreaterThanOrEqualTo(4);
            assertThat(page.body()).contains("/webjars/chart.js/4.5.1/dist/chart.umd.min.js")
                    .doesNotContain("<script>", "style=\"");

            HttpResponse<String> chart = get(server, "/webjars/chart.js/4.5.1/dist/chart.umd.min.js");
            assertThat(chart.body()).contains("Chart");
            assertThat(get(server, "/dashboard/panel.js").headers().firstValue("Content-Type").orElseThrow())
                    .contains("javascript");
        }
    }

    @Test
    void dashboardRedirectsToThePanelAndAMissingFileIsAProblem404() throws Exception {
        try (WebServer server = WebServer.start(LicensingApp.over(db, Clock.systemUTC()), "127.0.0.1", 0)) {
            HttpResponse<String> redirect = get(server, "/dashboard");
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).contains(DashboardRoutes.PANEL);

            HttpResponse<String> missing = get(server, "/dashboard/nope.html");
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }
}
