package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.store.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 6's isolation rule, tried on every {@code /api/} route the server registers ({@link WebServer#apiRoutes()}),
 * so a route any branch adds is covered without touching this test: a partner key reaches its own vault and its own
 * items only; another partner's vault or item is a 404 whose body is the same as for one that does not exist; admin
 * reaches every vault; no key, a wrong key and a revoked key are a 401. The data is the demo seed (two months), in
 * both databases.
 *
 * <p>A route with a path parameter this test does not know how to fill fails the test: add the parameter to
 * {@link #ITEM_IDS} with the query that lists one vault's ids for it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class ApiIsolationTest {
    /** Path parameters naming an item of a vault, and how to find a vault's items (newest first). */
    static final Map<String, String> ITEM_IDS = Map.of(
            "paymentId", "SELECT source_id FROM payment WHERE vault_id = ? ORDER BY occurred_at DESC, source_id",
            "payoutId", "SELECT payout_id FROM payout WHERE payee_id = ? ORDER BY created_at DESC, payout_id",
            "templateId", "SELECT template_id FROM agent_template WHERE vault_id = ? ORDER BY created_at DESC, "
                    + "template_id",
            "hostedPlatformId", "SELECT hosted_platform_id FROM hosted_platform WHERE vault_id = ? "
                    + "ORDER BY created_at DESC, hosted_platform_id");
    private static final String VAULT = VaultApi.VAULT_PARAM;
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    /** Two partners, each trying the other's ids: the enterprise vault referred the startup. */
    private static final List<String> PARTNERS = List.of(DemoCast.ENTERPRISE, DemoCast.STARTUP);
    private static final String MISSING_VAULT = "no-such-vault.sig";
    private static final String MISSING_ITEM = "no_such_item_0000";
    private static final String WRONG_KEY = "lic_0123456789ab_" + "A".repeat(43);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final ObjectMapper JSON = LicensingApp.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static SeededDemo demo;
    private static WebServer server;
    private static Map<String, String> partnerKeys;
    private static String adminKey;
    /** Routes under this prefix are for admin keys only. */
    private static final String ADMIN_PREFIX = "/api/admin/";
    private static String revokedKey;

    @Parameter
    TestDatabases.Kind kind;

    @BeforeParameterizedClassInvocation
    static void startServer(TestDatabases.Kind kind) {
        demo = SeededDemo.of(kind);
        LicensingApp app = demo.app();
        partnerKeys = new LinkedHashMap<>();
        for (String vault : PARTNERS) {
            partnerKeys.put(vault, app.apiKeys().createForVault(vault, "isolation test").token());
        }
        adminKey = app.apiKeys().createAdmin("isolation test").token();
        var revoked = app.apiKeys().createForVault(DemoCast.ENTERPRISE, "isolation test, revoked");
        app.apiKeys().revoke(revoked.key().keyId());
        revokedKey = revoked.token();
        // The rate limit is not under test here: every route is called dozens of times in a few seconds.
        server = WebServer.start(app, null, "127.0.0.1", 0, new ApiSettings(100_000, 100_000));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyRoutesPathParametersAreOnesThisTestCanFill() {
        assertThat(server.apiRoutes()).as("routes are registered through ApiRouter").isNotEmpty();
        for (ApiRouter.Route route : server.apiRoutes()) {
            List<String> unknown = params(route).stream().filter(p -> !p.equals(VAULT) && !ITEM_IDS.containsKey(p))
                    .toList();
            assertThat(unknown).as("%s %s has path parameters ApiIsolationTest cannot fill; teach it: add each to "
                    + "ApiIsolationTest.ITEM_IDS with the query listing one vault's ids", route.method(),
                    route.path()).isEmpty();
            assertThat(!itemParams(route).isEmpty() && !params(route).contains(VAULT))
                    .as("%s names an item outside /api/vaults/{vaultId}: the isolation test (and rule) expects "
                            + "every item under its vault", route.path()).isFalse();
        }
    }

    @Test
    void anotherPartnersVaultIsA404LikeAVaultThatDoesNotExist() {
        SoftAssertions softly = new SoftAssertions();
        for (ApiRouter.Route route : vaultRoutes()) {
            for (String partner : PARTNERS) {
                String other = otherPartner(partner);
                Map<String, String> values = fill(route, other, other);
                Response theirs = get(path(route, values), partnerKeys.get(partner));
                Map<String, String> missing = new LinkedHashMap<>(values);
                missing.put(VAULT, MISSING_VAULT);
                Response nobodys = get(path(route, missing), partnerKeys.get(partner));
                expectNotFound(softly, route, partner + " asking for " + other, theirs);
                expectNotFound(softly, route, partner + " asking for a vault that does not exist", nobodys);
                softly.assertThat(theirs.body().replace(other, "{id}"))
                        .as("%s: the 404 for %s's vault says no more than for one that does not exist", route.path(),
                                other)
                        .isEqualTo(nobodys.body().replace(MISSING_VAULT, "{id}"));
            }
        }
        softly.assertAll();
    }

    @Test
    void anotherVaultsItemIsA404LikeAnItemThatDoesNotExistEvenForAdmin() {
        SoftAssertions softly = new SoftAssertions();
        for (ApiRouter.Route route : itemRoutes()) {
            int checked = 0;
            for (String partner : PARTNERS) {
                String other = otherPartner(partner);
                Optional<Map<String, String>> foreignItems = items(route, other);
                if (foreignItems.isEmpty()) {
                    continue;
                }
                checked++;
                Map<String, String> values = new LinkedHashMap<>(foreignItems.get());
                values.put(VAULT, partner);
                Map<String, String> missing = new LinkedHashMap<>(values);
                itemParams(route).forEach(p -> missing.put(p, MISSING_ITEM));
                for (String key : List.of(partnerKeys.get(partner), adminKey)) {
                    String who = (key.equals(adminKey) ? "admin" : partner) + " asking " + partner + " for "
                            + other + "'s " + itemParams(route);
                    Response theirs = get(path(route, values), key);
                    Response nobodys = get(path(route, missing), key);
                    expectNotFound(softly, route, who, theirs);
                    expectNotFound(softly, route, who.replace(other + "'s", "a missing"), nobodys);
                    String theirBody = theirs.body();
                    for (String p : itemParams(route)) {
                        theirBody = theirBody.replace(values.get(p), "{id}");
                    }
                    softly.assertThat(theirBody).as("%s: the 404 for %s says no more than for a missing item",
                            route.path(), who).isEqualTo(nobodys.body().replace(MISSING_ITEM, "{id}"));
                }
            }
            softly.assertThat(checked).as("%s: neither %s has an item to try with the other's key; the seed or "
                    + "ITEM_IDS must give one", route.path(), PARTNERS).isPositive();
        }
        softly.assertAll();
    }

    @Test
    void aPartnerAndAdminReachThePartnersOwnVaultAndItems() {
        SoftAssertions softly = new SoftAssertions();
        for (ApiRouter.Route route : server.apiRoutes()) {
            if (route.path().startsWith(ADMIN_PREFIX)) {
                // Platform-wide figures: the admin's alone; a partner meets the 404 of a route that is not there.
                expectOk(softly, route, "admin on an admin route", get(path(route, Map.of()), adminKey));
                expectNotFound(softly, route, "a partner on an admin route", get(path(route, Map.of()),
                        partnerKeys.get(DemoCast.ENTERPRISE)));
                continue;
            }
            if (!params(route).contains(VAULT)) {
                for (String key : List.of(partnerKeys.get(DemoCast.ENTERPRISE), adminKey)) {
                    expectOk(softly, route, "a route of every caller", get(path(route, Map.of()), key));
                }
                continue;
            }
            int checked = 0;
            for (String partner : PARTNERS) {
                Optional<Map<String, String>> own = items(route, partner);
                if (own.isEmpty()) {
                    continue;
                }
                checked++;
                Map<String, String> values = new LinkedHashMap<>(own.get());
                values.put(VAULT, partner);
                expectOk(softly, route, partner + " with its own ids", get(path(route, values),
                        partnerKeys.get(partner)));
                expectOk(softly, route, "admin with " + partner + "'s ids", get(path(route, values), adminKey));
            }
            softly.assertThat(checked).as("%s: neither %s has the items the route needs", route.path(), PARTNERS)
                    .isPositive();
        }
        softly.assertAll();
    }

    @Test
    void noKeyAWrongKeyAndARevokedKeyAre401OnEveryRoute() {
        SoftAssertions softly = new SoftAssertions();
        Map<String, Optional<String>> callers = new LinkedHashMap<>();
        callers.put("no key", Optional.empty());
        callers.put("a wrong key", Optional.of(WRONG_KEY));
        callers.put("a revoked key", Optional.of(revokedKey));
        for (ApiRouter.Route route : server.apiRoutes()) {
            Map<String, String> values = fill(route, DemoCast.ENTERPRISE, DemoCast.ENTERPRISE);
            callers.forEach((who, key) -> {
                Response response = get(path(route, values), key.orElse(null));
                softly.assertThat(response.status()).as("%s with %s", route.path(), who).isEqualTo(401);
                softly.assertThat(response.contentType()).as("%s with %s", route.path(), who)
                        .startsWith(PROBLEM_JSON);
                softly.assertThat(code(response)).as("%s with %s", route.path(), who).isEqualTo("unauthenticated");
            });
        }
        softly.assertAll();
    }

    @Test
    void noAnswerToAPartnerNamesAnotherVaultsPaymentsCustomersPayoutsOrItems() {
        SoftAssertions softly = new SoftAssertions();
        for (String partner : PARTNERS) {
            List<String> foreign = foreignIds(partner);
            softly.assertThat(foreign).as("ids of the other vaults to look for").hasSizeGreaterThan(100);
            for (ApiRouter.Route route : server.apiRoutes()) {
                Optional<Map<String, String>> own = items(route, partner);
                if (own.isEmpty()) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>(own.get());
                if (params(route).contains(VAULT)) {
                    values.put(VAULT, partner);
                }
                Response response = get(path(route, values), partnerKeys.get(partner));
                List<String> leaked = foreign.stream().filter(response.body()::contains).toList();
                softly.assertThat(leaked).as("%s answering %s names other vaults' ids", route.path(), partner)
                        .isEmpty();
            }
        }
        softly.assertAll();
    }

    @Test
    void referralsOfAReferrerShowOnlySummaryFiguresOfTheVaultsItReferred() throws IOException {
        Response response = get("/api/vaults/" + DemoCast.ENTERPRISE + "/referrals",
                partnerKeys.get(DemoCast.ENTERPRISE));
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());

        assertThat(body.get("referredVaults")).extracting(v -> v.get("vaultId").asText())
                .as("the startup (level 1) and the individual it referred (level 2)")
                .containsExactly(DemoCast.STARTUP, DemoCast.INDIVIDUAL);
        for (JsonNode referred : body.get("referredVaults")) {
            List<String> fields = new ArrayList<>();
            referred.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("summary fields only").containsExactly("vaultId", "signedUpAt", "level",
                    "commissionsEarned", "currency");
        }
        for (String other : List.of(DemoCast.STARTUP, DemoCast.INDIVIDUAL)) {
            List<String> theirs = new ArrayList<>();
            theirs.addAll(demo.strings("SELECT source_id FROM payment WHERE vault_id = ?", other));
            theirs.addAll(demo.strings("SELECT DISTINCT customer_id FROM payment WHERE vault_id = ? "
                    + "AND customer_id IS NOT NULL", other));
            theirs.addAll(demo.strings("SELECT r.stripe_id FROM payment_stripe_ref r JOIN payment p "
                    + "ON p.source_id = r.source_id WHERE p.vault_id = ?", other));
            theirs.addAll(demo.strings("SELECT template_id FROM agent_template WHERE vault_id = ?", other));
            assertThat(theirs).as("%s has payments, customers and templates to leak", other).hasSizeGreaterThan(10);
            assertThat(theirs).as("nothing of %s's business in its referrer's referrals", other)
                    .noneMatch(response.body()::contains);
        }
    }

    // ------------------------------------------------------------------ helpers

    record Response(int status, String contentType, String body) {
    }

    private static void expectNotFound(SoftAssertions softly, ApiRouter.Route route, String who, Response response) {
        softly.assertThat(response.status()).as("%s: %s", route.path(), who).isEqualTo(404);
        softly.assertThat(response.contentType()).as("%s: %s", route.path(), who).startsWith(PROBLEM_JSON);
        softly.assertThat(code(response)).as("%s: %s", route.path(), who).isEqualTo("not_found");
    }

    private static void expectOk(SoftAssertions softly, ApiRouter.Route route, String who, Response response) {
        softly.assertThat(response.status()).as("%s: %s; body %s", route.path(), who, response.body())
                .isEqualTo(200);
        softly.assertThat(response.contentType()).as("%s: %s", route.path(), who)
                .satisfiesAnyOf(t -> assertThat(t).startsWith("application/json"),
                        t -> assertThat(t).startsWith(EVENT_STREAM));
    }

    private static String code(Response response) {
        try {
            JsonNode code = JSON.readTree(response.body()).get("code");
            return code == null ? null : code.asText();
        } catch (IOException e) {
            return "(not JSON: " + response.body() + ")";
        }
    }

    /**
     * The payment, Stripe, customer, payout, template and hosted-platform ids of every demo vault but
     * {@code partner}; ids shorter than 8 characters are left out, as they could occur inside unrelated text.
     */
    private static List<String> foreignIds(String partner) {
        List<String> ids = new ArrayList<>();
        for (String vault : DemoCast.VAULT_IDS) {
            if (vault.equals(partner)) {
                continue;
            }
            ids.addAll(demo.strings("SELECT source_id FROM payment WHERE vault_id = ?", vault));
            ids.addAll(demo.strings("SELECT r.stripe_id FROM payment_stripe_ref r JOIN payment p "
                    + "ON p.source_id = r.source_id WHERE p.vault_id = ?", vault));
            ids.addAll(demo.strings("SELECT DISTINCT customer_id FROM payment WHERE vault_id = ? "
                    + "AND customer_id IS NOT NULL", vault));
            ids.addAll(demo.strings("SELECT payout_id FROM payout WHERE payee_id = ?", vault));
            ids.addAll(demo.strings("SELECT template_id FROM agent_template WHERE vault_id = ?", vault));
            ids.addAll(demo.strings("SELECT hosted_platform_id FROM hosted_platform WHERE vault_id = ?", vault));
        }
        return ids.stream().filter(id -> id.length() >= 8).distinct().toList();
    }

    private static String otherPartner(String partner) {
        return PARTNERS.stream().filter(p -> !p.equals(partner)).findFirst().orElseThrow();
    }

    private static List<ApiRouter.Route> vaultRoutes() {
        return server.apiRoutes().stream().filter(r -> params(r).contains(VAULT)).toList();
    }

    private static List<ApiRouter.Route> itemRoutes() {
        return server.apiRoutes().stream().filter(r -> !itemParams(r).isEmpty()).toList();
    }

    private static List<String> params(ApiRouter.Route route) {
        List<String> params = new ArrayList<>();
        Matcher m = PARAM.matcher(route.path());
        while (m.find()) {
            params.add(m.group(1));
        }
        return params;
    }

    private static List<String> itemParams(ApiRouter.Route route) {
        return params(route).stream().filter(p -> !p.equals(VAULT)).toList();
    }

    /** The first item of {@code vault} for each item parameter of the route; empty when it has none of one. */
    private static Optional<Map<String, String>> items(ApiRouter.Route route, String vault) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : itemParams(route)) {
            String sql = ITEM_IDS.get(p);
            if (sql == null) {
                fail("%s has the path parameter {%s}, which ApiIsolationTest cannot fill: add it to "
                        + "ApiIsolationTest.ITEM_IDS with the query listing one vault's ids", route.path(), p);
            }
            List<String> ids = demo.strings(sql, vault);
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            values.put(p, ids.getFirst());
        }
        return Optional.of(values);
    }

    /** The route's parameters: {@code vault} for the vault, items of {@code itemsOf} (a missing id if it has none). */
    private static Map<String, String> fill(ApiRouter.Route route, String vault, String itemsOf) {
        Map<String, String> values = new LinkedHashMap<>(items(route, itemsOf).orElseGet(() -> {
            Map<String, String> missing = new LinkedHashMap<>();
            itemParams(route).forEach(p -> missing.put(p, MISSING_ITEM));
            return missing;
        }));
        if (params(route).contains(VAULT)) {
            values.put(VAULT, vault);
        }
        return values;
    }

    private static String path(ApiRouter.Route route, Map<String, String> values) {
        Matcher m = PARAM.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                fail("no value for {%s} of %s", m.group(1), route.path());
            }
            m.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)
                    .replace("+", "%20")));
        }
        m.appendTail(path);
        return path.toString();
    }

    /** A GET; an event stream's body is not read (it never ends): status and headers are what is checked. */
    private static Response get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream body = response.body()) {
                String text = contentType.startsWith(EVENT_STREAM) ? ""
                        : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Response(response.statusCode(), contentType, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
