package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The growth endpoints where the demo seed does not go: the highest tier, a referred vault paying in another
 * currency, vaults without codes or payments, and analytics periods that are refused.
 */
class GrowthApiEdgesTest extends DatabaseTestSupport {
    private static final Instant NOW = Instant.parse("2026-10-31T12:00:00Z");
    private static final String PREMIUM = "premium-enterprise-vault.sig";
    private static final String ENTERPRISE = "enterprise-vault.sig";
    private static final String INDIVIDUAL = "individual-vault.sig";
    private static final ObjectMapper JSON = LicensingApp.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LicensingApp app;
    private WebServer server;
    private String admin;

    @BeforeEach
    void start() {
        app = LicensingApp.over(db, Clock.fixed(NOW, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        admin = app.apiKeys().createAdmin("edges").token();
        server = WebServer.start(app, null, "127.0.0.1", 0, new ApiSettings(1_000, 1_000));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theHighestTierHasNoNextTierAndStillShowsItsMonths() throws Exception {
        app.payments().post(new PaymentEvent("eur-1", PREMIUM, Money.parse("1000.00", "EUR"), Optional.empty(),
                Instant.parse("2026-10-05T10:00:00Z")));

        JsonNode upgrade = ok("/api/vaults/" + PREMIUM + "/upgrade");

        assertThat(upgrade.get("currentTier").asText()).isEqualTo("premium_enterprise");
        assertThat(upgrade.get("currentSharePercent").asText()).isEqualTo("90");
        for (String field : new String[] {"nextTier", "nextSharePercent", "nextThreshold", "earned",
                "wouldHaveEarned", "difference"}) {
            assertThat(upgrade.get(field).isNull()).as(field).isTrue();
        }
        assertThat(upgrade.get("currency").asText()).isEqualTo("EUR");
        assertThat(upgrade.get("months")).extracting(m -> m.get("month").asText() + " " + m.get("gross").asText())
                .containsExactly("2026-05 0.00", "2026-06 0.00", "2026-07 0.00", "2026-08 0.00", "2026-09 0.00",
                        "2026-10 1000.00");
    }

    @Test
    void aTierBelowTheTopShowsTheNextTiersShareAndThreshold() throws Exception {
        JsonNode upgrade = ok("/api/vaults/" + INDIVIDUAL + "/upgrade");

        assertThat(upgrade.get("nextTier").asText()).isEqualTo("startup_partner");
        assertThat(upgrade.get("nextSharePercent").asText()).isEqualTo("80");
        assertThat(upgrade.get("nextThreshold").asText()).isEqualTo("10000.00");
        assertThat(upgrade.get("earned").asText()).isEqualTo("0.00");
        assertThat(upgrade.get("difference").asText()).isEqualTo("0.00");
    }

    @Test
    void commissionsFromAVaultPayingInAnotherCurrencyAreShownInThatCurrency() throws Exception {
        app.payments().post(new PaymentEvent("eur-1", PREMIUM, Money.parse("1000.00", "EUR"), Optional.empty(),
                Instant.parse("2026-10-05T10:00:00Z")));
        Money credited = app.payments().find("eur-1").orElseThrow().split().referrerLines().getFirst().amount();

        JsonNode referrals = ok("/api/vaults/" + ENTERPRISE + "/referrals");

        assertThat(referrals.get("referredVaults")).hasSize(1);
        JsonNode premium = referrals.get("referredVaults").get(0);
        assertThat(premium.get("vaultId").asText()).isEqualTo(PREMIUM);
        assertThat(premium.get("level").asInt()).isEqualTo(1);
        assertThat(premium.get("signedUpAt").isNull()).as("referred in the registry, not by a code").isTrue();
        assertThat(premium.get("commissionsEarned").asText()).isEqualTo(credited.toDecimalString());
        assertThat(premium.get("currency").asText()).isEqualTo("EUR");
        assertThat(credited.isPositive()).isTrue();
        assertThat(referrals.get("commissionsEarned").asText()).as("nothing in the vault's own currency yet")
                .isEqualTo("0.00");
        assertThat(referrals.get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void aVaultWithoutCodesOrPaymentsHasEmptyListsZerosAndNoRates() throws Exception {
        JsonNode referrals = ok("/api/vaults/" + INDIVIDUAL + "/referrals");
        JsonNode analytics = ok("/api/vaults/" + INDIVIDUAL + "/analytics");

        assertThat(referrals.get("codes")).isEmpty();
        assertThat(referrals.get("conversions").get("ratePercent").isNull()).as("no visits: no rate, not 0 %")
                .isTrue();
        assertThat(referrals.get("referredVaults")).extracting(v -> v.get("vaultId").asText() + " "
                        + v.get("level").asInt() + " " + v.get("commissionsEarned").asText())
                .as("vaults whose registry chain names the individual")
                .containsExactly("startup-vault.sig 1 0.00", "agency-fork.sig 2 0.00");
        assertThat(analytics.get("monthsByStream")).hasSize(6).allSatisfy(m -> assertThat(
                m.get("templates").asText() + m.get("hosting").asText() + m.get("exports").asText()
                        + m.get("other").asText()).isEqualTo("0.000.000.000.00"));
        assertThat(ok("/api/vaults/" + INDIVIDUAL + "/templates").get("data")).isEmpty();
        assertThat(ok("/api/vaults/" + INDIVIDUAL + "/hosted-platforms").get("data")).isEmpty();
    }

    @Test
    void analyticsRefusesPeriodsItCannotAnswer() throws Exception {
        String analytics = "/api/vaults/" + ENTERPRISE + "/analytics";

        assertInvalid(analytics + "?from=last-june", "from");
        assertInvalid(analytics + "?from=2026-10-01&to=2026-09-01", "from");
        assertInvalid(analytics + "?from=2010-01-01", "from");
        assertInvalid(analytics + "?to=2025-06-01", "to");
        assertThat(ok(analytics + "?to=2026-08-01").get("months")).extracting(m -> m.get("month").asText())
                .as("six months ending with the month before 'to'")
                .containsExactly("2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07");
    }

    private void assertInvalid(String path, String parameter) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("code").asText()).as(path).isEqualTo("invalid_parameter");
        assertThat(problem.get("detail").asText()).as(path).startsWith(parameter + ":");
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
    }
}
