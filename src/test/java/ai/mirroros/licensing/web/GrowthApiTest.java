package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.analytics.Stream;
import ai.mirroros.licensing.cli.LicensingCli;
import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.hosting.HostedPlatform;
import ai.mirroros.licensing.hosting.HostedPlatformStore;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.marketplace.ExportKind;
import ai.mirroros.licensing.marketplace.ExportPricing;
import ai.mirroros.licensing.marketplace.Marketplace;
import ai.mirroros.licensing.marketplace.TemplateStats;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.referral.ReferralStats;
import ai.mirroros.licensing.referral.Referrals;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.LicensedVault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * What the growth endpoints say, held against the places the figures come from, on the demo seed in both databases:
 * referral commissions are the ledger's referrer credits, templates are TemplateStats, hosted platforms are the
 * store's rows, analytics is {@code licensing analytics show --json} and the upgrade is {@code licensing tiers roi}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class GrowthApiTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final ObjectMapper JSON = LicensingApp.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SeededDemo demo;
    private static WebServer server;
    private static Map<String, String> keys;

    @Parameter
    TestDatabases.Kind kind;

    @BeforeParameterizedClassInvocation
    static void startServer(TestDatabases.Kind kind) {
        demo = SeededDemo.of(kind);
        keys = new HashMap<>();
        for (String vault : DemoCast.VAULT_IDS) {
            keys.put(vault, demo.app().apiKeys().createForVault(vault, "growth api test").token());
        }
        server = WebServer.start(demo.app(), null, "127.0.0.1", 0, new ApiSettings(10_000, 10_000));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void referralCommissionsAreTheLedgersReferrerCreditsFromEachReferredVault() throws Exception {
        JsonNode enterprise = get(DemoCast.ENTERPRISE, "/referrals");
        JsonNode startup = get(DemoCast.STARTUP, "/referrals");

        assertThat(enterprise.get("commissionsEarned").asText()).isEqualTo(referrerCredits(DemoCast.ENTERPRISE, null))
                .isNotEqualTo("0.00");
        assertThat(startup.get("commissionsEarned").asText()).isEqualTo(referrerCredits(DemoCast.STARTUP, null))
                .isNotEqualTo("0.00");
        assertThat(enterprise.get("currency").asText()).isEqualTo("USD");
        assertThat(levels(enterprise)).containsExactly(DemoCast.STARTUP + " 1", DemoCast.INDIVIDUAL + " 2");
        assertThat(levels(startup)).containsExactly(DemoCast.INDIVIDUAL + " 1");
        Money sum = Money.zero(USD);
        for (JsonNode referred : enterprise.get("referredVaults")) {
            String vault = referred.get("vaultId").asText();
            assertThat(referred.get("commissionsEarned").asText()).as("from %s", vault)
                    .isEqualTo(referrerCredits(DemoCast.ENTERPRISE, vault)).isNotEqualTo("0.00");
            assertThat(referred.get("signedUpAt").asText()).as("%s signed up with a code", vault)
                    .isEqualTo(demo.db().jdbi().withHandle(h -> h.createQuery(
                            "SELECT signed_up_at FROM referral_signup WHERE vault_id = :vault").bind("vault", vault)
                            .mapTo(OffsetDateTime.class).one()).toInstant().toString());
            sum = sum.plus(Money.parse(referred.get("commissionsEarned").asText(), USD));
        }
        assertThat(sum.toDecimalString()).as("the total is the referred vaults' sum")
                .isEqualTo(enterprise.get("commissionsEarned").asText());
        assertThat(get(DemoCast.INDIVIDUAL, "/referrals").get("referrerChain")).extracting(JsonNode::asText)
                .containsExactly(DemoCast.STARTUP, DemoCast.ENTERPRISE);
    }

    @Test
    void referralCodesAndConversionsAreTheCodesFunnel() throws Exception {
        for (String vault : List.of(DemoCast.ENTERPRISE, DemoCast.STARTUP)) {
            JsonNode body = get(vault, "/referrals");
            List<ReferralStats.CodeStats> stats = Referrals.of(demo.app()).stats().stats(Optional.of(vault));
            assertThat(stats).as("the seed gives %s a code", vault).isNotEmpty();
            assertThat(body.get("codes")).hasSameSizeAs(stats);
            long visits = 0;
            long signups = 0;
            for (int i = 0; i < stats.size(); i++) {
                ReferralStats.CodeStats s = stats.get(i);
                JsonNode code = body.get("codes").get(i);
                assertThat(code.get("code").asText()).isEqualTo(s.code().code());
                assertThat(code.get("link").asText()).isEqualTo("/r/" + s.code().code());
                assertThat(code.get("shares").asLong()).isEqualTo(s.shares());
                assertThat(code.get("visits").asLong()).isEqualTo(s.visits());
                assertThat(code.get("signUps").asLong()).isEqualTo(s.signUps());
                assertThat(code.get("firstRevenue").asLong()).isEqualTo(s.firstRevenue());
                assertThat(code.get("createdAt").asText()).isEqualTo(s.code().createdAt().toString());
                visits += s.visits();
                signups += s.signUps();
            }
            JsonNode conversions = body.get("conversions");
            assertThat(conversions.get("visits").asLong()).isEqualTo(visits).isPositive();
            assertThat(conversions.get("signups").asLong()).isEqualTo(signups).isEqualTo(1);
            assertThat(conversions.get("ratePercent").asText()).isEqualTo(BigDecimal.valueOf(100 * signups)
                    .divide(BigDecimal.valueOf(visits), 1, RoundingMode.HALF_UP).toPlainString());
        }
    }

    @Test
    void templatesAreTheMarketplacesTemplateStats() throws Exception {
        Marketplace marketplace = Marketplace.over(demo.db(), demo.app().vaults(), demo.app().activityLog(),
                demo.app().clock(), demo.app().platformTerms());
        for (String vault : DemoCast.VAULT_IDS) {
            List<TemplateStats> stats = marketplace.sales().stats(Optional.of(vault), Optional.empty(),
                    Optional.empty());
            JsonNode list = get(vault, "/templates").get("data");
            assertThat(list).as("%s's templates", vault).hasSameSizeAs(stats).isNotEmpty();
            for (int i = 0; i < stats.size(); i++) {
                TemplateStats s = stats.get(i);
                JsonNode t = list.get(i);
                assertThat(t.get("templateId").asText()).isEqualTo(s.template().templateId());
                assertThat(t.get("name").asText()).isEqualTo(s.template().name());
                assertThat(t.get("category").asText()).isEqualTo(s.template().category().wireName());
                assertThat(t.get("price").asText()).isEqualTo(s.template().price().price().toDecimalString());
                assertThat(t.get("currency").asText()).isEqualTo("USD");
                assertThat(t.get("listed").asBoolean()).isEqualTo(s.template().listed());
                assertThat(t.get("views").asLong()).isEqualTo(s.views());
                assertThat(t.get("sales").asLong()).isEqualTo(s.sales());
                assertThat(s.revenue()).hasSize(1);
                assertThat(t.get("gross").asText()).isEqualTo(s.revenue().getFirst().gross().toDecimalString());
                assertThat(t.get("conversionPercent").asText())
                        .isEqualTo(s.conversion().orElseThrow().toDecimal().toPlainString());
                assertThat(get(vault, "/templates/" + s.template().templateId())).as("the item is the list's entry")
                        .isEqualTo(t);
            }
            assertThat(list).as("the seed sells every template").allSatisfy(t -> assertThat(t.get("sales").asLong())
                    .isPositive());
        }
    }

    @Test
    void hostedPlatformsAreTheStoresRows() throws Exception {
        List<HostedPlatform> platforms = demo.db().jdbi().withHandle(h -> HostedPlatformStore.list(h,
                Optional.of(DemoCast.ENTERPRISE), Optional.empty()));
        JsonNode list = get(DemoCast.ENTERPRISE, "/hosted-platforms").get("data");

        assertThat(list).hasSameSizeAs(platforms).isNotEmpty();
        for (int i = 0; i < platforms.size(); i++) {
            HostedPlatform p = platforms.get(i);
            JsonNode h = list.get(i);
            assertThat(h.get("hostedPlatformId").asText()).isEqualTo(p.hostedPlatformId());
            assertThat(h.get("clientName").asText()).isEqualTo(p.client());
            assertThat(h.get("plan").asText()).isEqualTo(p.plan().tier().wireName());
            assertThat(h.get("monthlyPrice").asText()).isEqualTo(p.monthlyPrice().toDecimalString());
            assertThat(h.get("currency").asText()).isEqualTo("USD");
            assertThat(h.get("status").asText()).isEqualTo(p.status().dbName());
            assertThat(h.get("createdAt").asText()).isEqualTo(p.createdAt().toString());
            assertThat(h.get("canceledAt").isNull()).isEqualTo(p.canceledAt().isEmpty());
            assertThat(get(DemoCast.ENTERPRISE, "/hosted-platforms/" + p.hostedPlatformId())).isEqualTo(h);
        }
        assertThat(list).extracting(h -> h.get("clientName").asText())
                .containsExactlyInAnyOrder("enterprise-client", "acme-logistics");
        assertThat(get(DemoCast.STARTUP, "/hosted-platforms").get("data")).as("none yet: an empty list").isEmpty();
    }

    @Test
    void exportPricingIsThePricingInForce() throws Exception {
        ExportPricing pricing = new ExportPricing(demo.app().platformTerms());
        for (String vault : DemoCast.VAULT_IDS) {
            LicensedVault v = demo.app().vaults().require(vault, SeededDemo.AS_OF);
            JsonNode body = get(vault, "/export-pricing");
            assertThat(body.get("agentExportFee").asText())
                    .isEqualTo(pricing.fee(v, ExportKind.AGENT).amount().toDecimalString());
            assertThat(body.get("loopExportFee").asText())
                    .isEqualTo(pricing.fee(v, ExportKind.LOOP).amount().toDecimalString());
            assertThat(body.get("platformForkFee").asText())
                    .isEqualTo(pricing.fee(v, ExportKind.PLATFORM_FORK).amount().toDecimalString());
            assertThat(body.get("currency").asText()).isEqualTo("USD");
            assertThat(body.get("customFeesEnabled").asBoolean())
                    .isEqualTo(v.monetizationConfig().enableCustomExportFees());
        }
    }

    @Test
    void analyticsIsTheCliJsonForTheDefaultSixMonthsAndForAGivenPeriod() throws Exception {
        for (String vault : DemoCast.VAULT_IDS) {
            JsonNode api = get(vault, "/analytics");
            JsonNode cli = JSON.readTree(cli("analytics", "show", vault, "--as-of", SeededDemo.AS_OF.toString(),
                    "--json"));
            assertThat(api).as("%s, default period", vault).isEqualTo(cli);
            assertThat(api.get("months")).extracting(m -> m.get("month").asText())
                    .containsExactly("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10");

            JsonNode september = get(vault, "/analytics?from=2026-09-01&to=2026-10-01");
            assertThat(september).isEqualTo(JSON.readTree(cli("analytics", "show", vault, "--from", "2026-09-01",
                    "--to", "2026-10-01", "--json")));
            assertThat(september.get("monthsByStream")).hasSize(1);
        }
    }

    @Test
    void monthsByStreamAddUpToEachStreamsPartnerEarningsWithZerosForMonthsWithoutPayments() throws Exception {
        for (String vault : DemoCast.VAULT_IDS) {
            JsonNode api = get(vault, "/analytics");
            JsonNode months = api.get("monthsByStream");
            assertThat(months).extracting(m -> m.get("month").asText())
                    .containsExactly("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10");
            for (Stream stream : Stream.values()) {
                Money sum = Money.zero(USD);
                for (JsonNode m : months) {
                    sum = sum.plus(Money.parse(m.get(stream.label()).asText(), USD));
                }
                assertThat(sum.toDecimalString()).as("%s %s", vault, stream)
                        .isEqualTo(api.get("streams").get(stream.label()).get("partnerEarnings").asText());
            }
            for (JsonNode m : List.of(months.get(0), months.get(1), months.get(2))) {
                assertThat(List.of(m.get("templates").asText(), m.get("hosting").asText(), m.get("exports").asText(),
                        m.get("other").asText())).as("%s before the history", m.get("month"))
                        .containsOnly("0.00");
            }
            assertThat(months.get(5).get("templates").asText()).isNotEqualTo("0.00");
        }
    }

    @Test
    void theUpgradeIsWhatTiersRoiPrints() throws Exception {
        for (String vault : DemoCast.VAULT_IDS) {
            JsonNode api = get(vault, "/upgrade");
            String roi = cli("tiers", "roi", vault, "--as-of", SeededDemo.AS_OF.toString());
            LicensedVault v = demo.app().vaults().require(vault, SeededDemo.AS_OF);

            assertThat(api.get("currentTier").asText()).isEqualTo(v.licenseType().wireName());
            assertThat(api.get("currentSharePercent").asText())
                    .isEqualTo(v.revenueSharing().partnerShare().toDecimal().toPlainString());
            assertThat(roi).contains(api.get("currentTier").asText() + " → " + api.get("nextTier").asText()
                    + " (threshold " + api.get("nextThreshold").asText() + " USD a month)");
            assertThat(roi).containsPattern("earned as split: +" + api.get("earned").asText() + " USD");
            assertThat(roi).containsPattern("would have earned at " + api.get("nextTier").asText() + ": +"
                    + api.get("wouldHaveEarned").asText() + " USD");
            assertThat(roi).contains("difference: " + api.get("difference").asText() + " USD over 6 months");
            assertThat(api.get("months")).hasSize(6);
            for (JsonNode m : api.get("months")) {
                assertThat(roi).containsPattern(m.get("month").asText() + " +" + m.get("gross").asText() + " USD"
                        + (m.get("reachesNextThreshold").asBoolean() ? " +reached" : ""));
            }
            assertThat(Money.parse(api.get("difference").asText(), USD)).as("%s gains from the next tier", vault)
                    .matches(Money::isPositive);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** What the ledger credited {@code referrer}'s referrer account in payment entries (of {@code from}'s only). */
    private static String referrerCredits(String referrer, String from) {
        String key = AccountRef.referrerPending(referrer, USD).key();
        long minor = from == null
                ? demo.number("SELECT COALESCE(-SUM(l.amount_minor), 0) FROM journal_line l JOIN journal_entry e "
                        + "ON e.entry_id = l.entry_id WHERE l.account_key = ? AND e.kind = ?", key,
                        PaymentPosting.JOURNAL_KIND)
                : demo.number("SELECT COALESCE(-SUM(l.amount_minor), 0) FROM journal_line l JOIN payment p "
                        + "ON p.journal_entry_id = l.entry_id WHERE l.account_key = ? AND p.vault_id = ?", key, from);
        return Money.ofMinor(minor, USD).toDecimalString();
    }

    private static List<String> levels(JsonNode referrals) {
        List<String> levels = new ArrayList<>();
        referrals.get("referredVaults").forEach(v -> levels.add(v.get("vaultId").asText() + " "
                + v.get("level").asInt()));
        return levels;
    }

    private static JsonNode get(String vault, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/api/vaults/" + vault + path))
                .header("Authorization", "Bearer " + keys.get(vault)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s of %s: %s", path, vault, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Runs the {@code licensing} command line in-process against the seeded database; its stdout. */
    private static String cli(String... args) throws IOException {
        Path dataDir = Files.createTempDirectory("licensing-cli-");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir=" + dataDir);
        all.add("--db=" + demo.db().config().schema()
                .map(schema -> TestDatabases.PG_URL + "&currentSchema=" + schema)
                .orElse(demo.db().config().jdbcUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LicensingCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        assertThat(exit).as("licensing %s: %s", String.join(" ", args), err).isZero();
        TestDatabases.deleteRecursively(dataDir);
        return out.toString();
    }
}
