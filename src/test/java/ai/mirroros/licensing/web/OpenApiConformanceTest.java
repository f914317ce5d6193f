package ai.mirroros.licensing.web;

import static ai.mirroros.licensing.web.PaymentsApiTest.encode;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.live.LiveEvent;
import ai.mirroros.licensing.store.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /openapi.json} against the running server: it documents exactly the routes the server serves (and nothing
 * else), and every JSON body a route returns on the demo's data conforms to the schema the document gives for it.
 * A field a handler adds without the document, a renamed one, a wrong type or a null where none is declared fails.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class OpenApiConformanceTest {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final String EVENT_STREAM = "text/event-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabases.Kind kind;

    private SeededApi api;
    private JsonNode document;
    private SchemaChecker checker;

    @BeforeEach
    void fetchTheDocumentWithoutAKey() {
        api = SeededApi.of(kind);
        HttpResponse<String> response = api.get("/openapi.json", null);
        assertThat(response.statusCode()).as("served without authentication").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        document = SeededApi.json(response);
        checker = new SchemaChecker(document);
    }

    @Test
    void itIsAnOpenApi31DocumentWithBearerSecurityAndTheSharedParts() {
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security").get(0).has("bearerAuth")).isTrue();
        for (String parameter : List.of("Limit", "Cursor", "From", "To")) {
            assertThat(document.at("/components/parameters/" + parameter).isObject()).as(parameter).isTrue();
        }
        for (String response : List.of("Unauthenticated", "NotFound", "RateLimited", "InvalidParameter")) {
            assertThat(document.at("/components/responses/" + response + "/content/application~1problem+json/schema"
                    + "/$ref").asText()).isEqualTo("#/components/schemas/Problem");
        }
    }

    @Test
    void theDocumentedOperationsAreExactlyTheServedApiRoutes() {
        Set<ApiRouter.Route> documented = new TreeSet<>(Comparator.comparing(ApiRouter.Route::path)
                .thenComparing(ApiRouter.Route::method));
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (METHODS.contains(key)) {
                    documented.add(new ApiRouter.Route(key.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        Set<ApiRouter.Route> served = new LinkedHashSet<>(api.server.apiRoutes());

        assertThat(served).as("served but not documented").isSubsetOf(documented);
        assertThat(documented).as("documented but not served").isSubsetOf(served);
    }

    @Test
    void everyOperationDeclaresItsPathParametersAndTheCommonErrors() {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : op.getValue().path("parameters")) {
                JsonNode resolved = parameter.has("$ref") ? checker.resolve(parameter.path("$ref").asText())
                        : parameter;
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                }
            }
            assertThat(declared).as("path parameters of %s", path.getKey())
                    .containsExactlyInAnyOrderElementsOf(pathParams(path.getKey()));
            assertThat(op.getValue().path("responses").has("401")).as(path.getKey()).isTrue();
            assertThat(op.getValue().path("responses").has("429")).as(path.getKey()).isTrue();
            assertThat(op.getValue().path("responses").has("404") || declared.isEmpty()).as(path.getKey()).isTrue();
        }));
    }

    @Test
    void everyJsonRouteAnswersEachDemoVaultWithABodyItsSchemaDescribes() {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ApiRouter.Route route : api.server.apiRoutes()) {
            JsonNode operation = document.path("paths").path(route.path())
                    .path(route.method().toLowerCase(Locale.ROOT));
            JsonNode ok = operation.path("responses").path("200").path("content");
            if (ok.has(EVENT_STREAM)) {
                continue; // text/event-stream: not a JSON body (the live route has its own tests)
            }
            JsonNode schema = ok.path("application/json").path("schema");
            assertThat(schema.isMissingNode()).as("%s documents a 200 application/json schema", route).isFalse();
            for (String vault : DemoCast.VAULT_IDS) {
                for (String url : urls(route.path(), vault)) {
                    HttpResponse<String> response = api.get(url, api.adminKey);
                    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
                    checker.check(schema, SeededApi.json(response)).forEach(p -> problems.add("GET " + url + " " + p));
                    checked.add(url);
                }
            }
        }
        assertThat(problems).as("bodies that break the document").isEmpty();
        assertThat(checked).as("the routes checked").hasSizeGreaterThanOrEqualTo(3 * 11);
    }

    @Test
    void errorBodiesAreProblemDocumentsAsDocumented() {
        JsonNode problem = document.at("/components/responses/NotFound/content/application~1problem+json/schema");
        Map<String, HttpResponse<String>> errors = new LinkedHashMap<>();
        errors.put("401", api.get("/api/vaults/" + DemoCast.ENTERPRISE + "/payments", null));
        errors.put("404", api.get("/api/vaults/" + DemoCast.STARTUP + "/balances",
                api.partnerKey(DemoCast.ENTERPRISE)));
        errors.put("400", api.get("/api/vaults/" + DemoCast.ENTERPRISE + "/activity?limit=0", api.adminKey));
        errors.forEach((status, response) -> {
            assertThat(response.statusCode()).isEqualTo(Integer.parseInt(status));
            assertThat(checker.check(problem, SeededApi.json(response))).as(status).isEmpty();
        });
    }

    @Test
    void theLiveStreamsEventDataIsTheDocumentedLiveEvent() throws Exception {
        for (LiveEvent event : List.of(
                new LiveEvent(DemoCast.ENTERPRISE, 42, LiveEvent.Kind.PAYMENT, "payment.split", Optional.of("evt_1"),
                        SeededApi.AS_OF, false),
                new LiveEvent(DemoCast.ENTERPRISE, 43, LiveEvent.Kind.PAYMENT, "payment.split", Optional.empty(),
                        SeededApi.AS_OF, true))) {
            String frame = LiveApi.frame(event, api.app.json());
            String data = frame.lines().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow()
                    .substring("data: ".length());
            assertThat(checker.check(checker.resolve("#/components/schemas/LiveEvent"),
                    JSON.readTree(data))).as(frame).isEmpty();
        }
    }

    /**
     * The URLs to GET for a route and a vault: path parameters filled with real ids of that vault from the database;
     * list routes also with a small page, so that a non-null {@code nextCursor} is checked too.
     */
    private List<String> urls(String template, String vault) {
        Matcher matcher = PATH_PARAM.matcher(template);
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            String id = idFor(matcher.group(1), vault).orElse(null);
            if (id == null) {
                return List.of(); // the vault has none (say, no hosted platform yet); another vault covers it
            }
            matcher.appendReplacement(url, Matcher.quoteReplacement(encode(id)));
        }
        matcher.appendTail(url);
        JsonNode parameters = document.path("paths").path(template).path("get").path("parameters");
        boolean paged = parameters.toString().contains("#/components/parameters/Limit");
        return paged ? List.of(url.toString(), url + "?limit=2") : List.of(url.toString());
    }

    private Optional<String> idFor(String parameter, String vault) {
        String sql = switch (parameter) {
            case "vaultId" -> null;
            // A payment with something clawed back when the vault has one: more of its fields are non-trivial.
            case "paymentId" -> "SELECT source_id FROM payment WHERE vault_id = :vault "
                    + "ORDER BY refunded_minor + dispute_lost_minor DESC, source_id LIMIT 1";
            case "payoutId" -> "SELECT payout_id FROM payout WHERE payee_id = :vault ORDER BY payout_id LIMIT 1";
            case "templateId" -> "SELECT template_id FROM agent_template WHERE vault_id = :vault "
                    + "ORDER BY template_id LIMIT 1";
            case "hostedPlatformId" -> "SELECT hosted_platform_id FROM hosted_platform WHERE vault_id = :vault "
                    + "ORDER BY hosted_platform_id LIMIT 1";
            default -> throw new AssertionError("no real id for {" + parameter + "}: teach the test where to find "
                    + "one");
        };
        if (sql == null) {
            return Optional.of(vault);
        }
        return api.db().jdbi().withHandle(h -> h.createQuery(sql).bind("vault", vault)
                .mapTo(String.class).findFirst());
    }

    private static List<String> pathParams(String template) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAM.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
