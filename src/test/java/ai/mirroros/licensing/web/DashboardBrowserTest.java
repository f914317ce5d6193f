package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.analytics.AnalyticsReport;
import ai.mirroros.licensing.demo.DemoCast;
import ai.mirroros.licensing.demo.DemoSeeder;
import ai.mirroros.licensing.demo.DemoSettings;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.StripeEventJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The partner dashboard in real (headless) Chromium against the real server: after {@code demo seed}, a partner
 * signs in with its API key and sees the ledger's figures and six months of charts, a signed webhook's payment
 * appears without a reload, a second partner sees only its own vault, and a bad key is refused. Screenshots go to
 * {@code target/screenshots/}. Embedded database only: this tests the page, the API tests cover both databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final String ENTERPRISE = DemoCast.ENTERPRISE;
    private static final String STARTUP = DemoCast.STARTUP;
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The panels the page fills from the API; "live" is filled by events. */
    private static final List<String> PANELS = List.of("overview", "trend", "upgrade", "payouts", "exports", "loops",
            "referrals", "payments");

    private TestDatabases.TestDatabase database;
    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private Browser browser;
    private ChromeDriver driver;
    private String enterpriseKey;
    private String startupKey;

    @BeforeAll
    void seedServeAndOpenTheBrowser() {
        Browser.requireInstalled();
        database = TestDatabases.fresh(TestDatabases.Kind.H2);
        // Six months ending now: the dashboard's default period is the six calendar months up to the current one.
        DemoSettings settings = new DemoSettings(DemoSettings.SEED_DEFAULT, DemoSettings.MONTHS_DEFAULT,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        DemoSeeder.seed(database.database(), settings, Clock.systemUTC(), DemoSeeder.Progress.NONE);
        app = LicensingApp.over(database.database(), Clock.systemUTC());
        // Processed by hand (drain) right after a webhook is posted, so the live test does not race a poller.
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        enterpriseKey = app.apiKeys().createForVault(ENTERPRISE, "dashboard browser test").token();
        startupKey = app.apiKeys().createForVault(STARTUP, "dashboard browser test").token();
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    void closeEverything() {
        // The browser first: its open live stream would otherwise hold the server's shutdown.
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (ingestion != null) {
            ingestion.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void startSignedOutInAFreshTab() {
        // A new tab has its own (empty) sessionStorage, and closing the old one ends its live stream.
        String previous = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String fresh = driver.getWindowHandle();
        driver.switchTo().window(previous).close();
        driver.switchTo().window(fresh);
        browser.consoleEntries(); // what earlier tests left behind is theirs
        driver.get(panelUrl());
    }

    @Test
    @Order(1)
    void theEnterprisePartnerSeesTheLedgersFiguresAndSixMonthsByStream() throws Exception {
        signIn(enterpriseKey);

        assertThat(text("vault-id")).isEqualTo(ENTERPRISE);
        JsonNode analytics = api(enterpriseKey, vaultPath(ENTERPRISE, "/analytics"));
        AnalyticsReport engine = app.analytics().report(ENTERPRISE, Instant.parse(analytics.get("from").asText()),
                Instant.parse(analytics.get("to").asText()));
        assertThat(value("total-earned")).as("total earned: the engine's figure for the period")
                .isEqualTo(engine.totalEarned().toDecimalString())
                .isEqualTo(analytics.get("totalEarned").asText());
        assertThat(text("total-earned")).isEqualTo(dollars(engine.totalEarned().toDecimalString()));
        assertThat(value("customers-served")).isEqualTo(Long.toString(engine.customersServed()));
        assertThat(value("active-loops")).isEqualTo(Long.toString(engine.loops().active()));
        assertThat(value("export-count")).isEqualTo(Long.toString(engine.exports().count()));

        assertThat(value("balance-pending")).as("pending: the vault's pending account in the ledger")
                .isEqualTo(ledger(AccountRef.vaultPending(ENTERPRISE, USD)));
        assertThat(value("balance-available")).as("available: the vault's available account in the ledger")
                .isEqualTo(ledger(AccountRef.vaultAvailable(ENTERPRISE, USD)));
        JsonNode balances = api(enterpriseKey, vaultPath(ENTERPRISE, "/balances"));
        assertThat(value("balance-paid-out")).isEqualTo(balances.get("paidOut").asText());

        JsonNode months = analytics.get("monthsByStream");
        assertThat(months).as("six calendar months").hasSize(6);
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='trend-row']"));
        assertThat(rows).hasSize(6);
        for (int i = 0; i < 6; i++) {
            JsonNode month = months.get(i);
            BigDecimal total = new BigDecimal(month.get("templates").asText()).add(new BigDecimal(month.get("hosting")
                    .asText())).add(new BigDecimal(month.get("exports").asText()))
                    .add(new BigDecimal(month.get("other").asText()));
            assertThat(rows.get(i).getAttribute("data-month")).isEqualTo(month.get("month").asText());
            assertThat(rows.get(i).findElement(By.cssSelector("[data-value]")).getAttribute("data-value"))
                    .as("the %s total", month.get("month").asText()).isEqualTo(total.toPlainString());
        }
        assertThat(months.get(5).get("month").asText()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        WebElement chart = driver.findElement(By.id("revenue-chart"));
        assertThat(chart.getSize().getWidth()).as("the chart is drawn").isGreaterThan(300);
        assertThat((Boolean) driver.executeScript("return window.Chart !== undefined")).as("Chart.js from the WebJar")
                .isTrue();
        browser.screenshot("dashboard-enterprise-desktop", Browser.DESKTOP_WIDTH);
        browser.screenshot("dashboard-enterprise-mobile", Browser.MOBILE_WIDTH);
        driver.findElement(By.cssSelector("[data-chart-type='line']")).click();
        assertThat(driver.findElement(By.id("revenue-chart")).isDisplayed()).as("redrawn as lines").isTrue();
        driver.findElement(By.cssSelector("[data-chart-type='bar']")).click();
        assertThat(attribute("revenue-chart", "role")).isEqualTo("img");

        assertThat(payoutRowsAfterShowingAll()).as("every payout of the vault in the history")
                .isEqualTo(count("SELECT COUNT(*) FROM payout WHERE payee_id = '" + ENTERPRISE + "'"));
        assertThat(value("kyc-status")).isEqualTo("verified");
        JsonNode upgrade = api(enterpriseKey, vaultPath(ENTERPRISE, "/upgrade"));
        assertThat(value("current-tier")).isEqualTo(upgrade.get("currentTier").asText());
        JsonNode referrals = api(enterpriseKey, vaultPath(ENTERPRISE, "/referrals"));
        assertThat(value("commissions-earned")).isEqualTo(referrals.get("commissionsEarned").asText());
        assertThat(driver.findElements(By.cssSelector("[data-testid='referral-code-row']"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("[data-testid='template-row']")))
                .hasSize((int) count("SELECT COUNT(*) FROM agent_template WHERE vault_id = '" + ENTERPRISE + "'"));

        assertThat(driver.getCurrentUrl()).as("the key is never in the URL").doesNotContain(enterpriseKey);
        assertNoConsoleErrors(entry -> false);
    }

    @Test
    @Order(2)
    void aSignedWebhookPaymentAppearsLiveWithoutAReload() throws Exception {
        signIn(enterpriseKey);
        wait(WAIT).until(d -> "live".equals(attribute("live-status", "data-state")));
        driver.executeScript("window.stillTheSamePage = true");
        String earnedBefore = value("total-earned");

        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("dashboard_live", ENTERPRISE, 122_845, now);
        HttpResponse<String> ack = new WebhookClient(server.port())
                .post(WebhookClient.paymentSucceeded("evt_dashboard_live", charge, now));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        ingestion.processor().drain(batch -> { });

        By paymentEntry = By.cssSelector("[data-testid='live-entry'][data-type='payment']");
        WebElement feedEntry = wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(paymentEntry));
        assertThat(feedEntry.getAttribute("data-source-id")).contains("dashboard_live");
        assertThat(feedEntry.getText()).contains("$1,228.45");
        wait(WAIT).until(d -> !earnedBefore.equals(value("total-earned")));
        JsonNode payment = api(enterpriseKey, vaultPath(ENTERPRISE, "/payments/pi_dashboard_live"));
        assertThat(new BigDecimal(value("total-earned")))
                .as("total earned grew by the partner's share of the new payment")
                .isEqualTo(new BigDecimal(earnedBefore).add(new BigDecimal(payment.get("partner").asText())));
        wait(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid='payment-row'][data-payment-id='pi_dashboard_live']")));
        assertThat(driver.findElements(By.cssSelector("[data-testid='toast']"))).isNotEmpty();
        assertThat((Boolean) driver.executeScript("return window.stillTheSamePage === true"))
                .as("updated in place, not reloaded").isTrue();

        browser.screenshot("dashboard-live-update-desktop", Browser.DESKTOP_WIDTH);
        assertNoConsoleErrors(entry -> false);
    }

    @Test
    @Order(3)
    void afterSigningOutASecondPartnerSeesOnlyItsOwnVault() throws Exception {
        signIn(enterpriseKey);
        driver.findElement(By.id("sign-out")).click();
        wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key")));
        assertThat(driver.executeScript("return sessionStorage.length")).as("the key left the tab").isEqualTo(0L);
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();

        signIn(startupKey);
        assertThat(text("vault-id")).isEqualTo(STARTUP);
        JsonNode analytics = api(startupKey, vaultPath(STARTUP, "/analytics"));
        assertThat(value("total-earned")).isEqualTo(analytics.get("totalEarned").asText());
        String page = driver.findElement(By.tagName("main")).getText();
        assertThat(page).as("nothing of the enterprise vault's business")
                .doesNotContain("Enterprise Analytics Bot", "Compliance Workflow Suite", "CRM Integration Pack",
                        "enterprise-client", "acme-logistics", "northwind-health")
                .contains("Support Triage Agent", "bright-dental");
        Set<String> ownPayments = new HashSet<>(strings("SELECT source_id FROM payment WHERE vault_id = '"
                + STARTUP + "'"));
        List<WebElement> paymentRows = driver.findElements(By.cssSelector("[data-testid='payment-row']"));
        assertThat(paymentRows).isNotEmpty();
        assertThat(paymentRows).extracting(row -> row.getAttribute("data-payment-id")).allMatch(ownPayments::contains);
        assertThat(driver.findElements(By.cssSelector("[data-testid='referred-row']")))
                .extracting(row -> row.getAttribute("data-vault-id")).containsExactly(DemoCast.INDIVIDUAL);
        assertThat(status(startupKey, vaultPath(ENTERPRISE, "/balances"))).as("the API hides the other vault")
                .isEqualTo(404);

        browser.screenshot("dashboard-second-partner-desktop", Browser.DESKTOP_WIDTH);
        assertNoConsoleErrors(entry -> false);
    }

    @Test
    @Order(4)
    void aBadKeyIsRefusedWithAMessageAndShowsNothing() {
        String badKey = "lic_0123456789ab_" + "x".repeat(43);
        driver.findElement(By.id("signin-key")).sendKeys(badKey);
        driver.findElement(By.id("signin-submit")).click();

        WebElement error = wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertThat(error.getText()).contains("not accepted");
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();
        assertThat(driver.executeScript("return sessionStorage.length")).isEqualTo(0L);
        assertThat(driver.getCurrentUrl()).doesNotContain(badKey);

        browser.screenshot("dashboard-sign-in-refused-desktop", Browser.DESKTOP_WIDTH);
        browser.screenshot("dashboard-sign-in-refused-mobile", Browser.MOBILE_WIDTH);
        // The browser itself reports the refused request; that is the only error allowed.
        assertNoConsoleErrors(entry -> entry.getMessage().contains("/api/me") && entry.getMessage().contains("401"));
    }

    // ---------------------------------------------------------------- helpers

    private String panelUrl() {
        return "http://127.0.0.1:" + server.port() + DashboardRoutes.PANEL;
    }

    private void signIn(String key) {
        WebElement input = wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key")));
        input.sendKeys(key);
        driver.findElement(By.id("signin-submit")).click();
        for (String panel : PANELS) {
            wait(WAIT).until(d -> !d.findElements(By.cssSelector("[data-panel='" + panel + "'][data-state]")).isEmpty()
                    && !"loading".equals(d.findElement(By.cssSelector("[data-panel='" + panel + "']"))
                    .getAttribute("data-state")));
        }
        assertThat(driver.findElements(By.cssSelector(".card[data-state='error']")))
                .as("no panel failed to load").extracting(e -> e.getAttribute("id") + ": " + e.getText()).isEmpty();
    }

    /** Panels are redrawn when they reload, so an element found a moment ago may be gone: waits look again. */
    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Read in one script, so a panel redrawn between finding and reading cannot fail the read. */
    private String text(String testId) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e === null ? null : e.innerText;", "[data-testid='" + testId + "']");
    }

    private String value(String testId) {
        return attribute(testId, "data-value");
    }

    private String attribute(String testId, String name) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e === null ? null : e.getAttribute(arguments[1]);", "[data-testid='" + testId + "']", name);
    }

    private int payoutRowsAfterShowingAll() {
        By more = By.cssSelector("[data-testid='payouts-more']");
        for (int clicks = 0; clicks < 100 && !driver.findElements(more).isEmpty(); clicks++) {
            int before = driver.findElements(By.cssSelector("[data-testid='payout-row']")).size();
            driver.findElement(more).click();
            wait(WAIT).until(d -> d.findElements(By.cssSelector("[data-testid='payout-row']")).size() > before);
        }
        return driver.findElements(By.cssSelector("[data-testid='payout-row']")).size();
    }

    private void assertNoConsoleErrors(Predicate<LogEntry> allowed) {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : browser.consoleEntries()) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !allowed.test(entry)) {
                severe.add(entry.getMessage());
            }
        }
        assertThat(severe).as("console errors").isEmpty();
    }

    private String ledger(AccountRef account) {
        return app.ledger().balance(account).negate().toDecimalString();
    }

    private long count(String sql) {
        return database.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private List<String> strings(String sql) {
        return database.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static String vaultPath(String vaultId, String suffix) {
        return "/api/vaults/" + vaultId + suffix;
    }

    private HttpResponse<String> get(String key, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode api(String key, String path) throws Exception {
        HttpResponse<String> response = get(key, path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return app.json().readTree(response.body());
    }

    private int status(String key, String path) throws Exception {
        return get(key, path).statusCode();
    }

    /** "131939.79" as the page shows it in an en-US browser: "$131,939.79". */
    private static String dollars(String amount) {
        DecimalFormat format = new DecimalFormat("$#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(new BigDecimal(amount));
    }
}
