package ai.mirroros.licensing.marketplace;

import static ai.mirroros.licensing.marketplace.MarketplaceFixture.ENTERPRISE;
import static ai.mirroros.licensing.marketplace.MarketplaceFixture.INDIVIDUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Templates on both databases: created only where resale is on, priced exactly, listed, viewed, logged. */
class TemplateStoreTest extends DatabaseTestSupport {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private LicensingApp app;
    private TemplateStore templates;

    @BeforeEach
    void registerVaults() {
        app = MarketplaceFixture.registered(db, clock,
                MarketplaceFixture.withResale(MarketplaceFixture.vault("agency-fork.sig"), false),
                MarketplaceFixture.withTemplateMarkup(MarketplaceFixture.vault("startup-vault.sig"),
                        Percentage.ofPercent(60)));
        templates = MarketplaceFixture.marketplace(app).templates();
    }

    private static NewTemplate template(String vaultId, PriceRequest price, boolean publish) {
        return new NewTemplate(vaultId, new TemplateDetails("Enterprise Analytics Bot",
                Optional.of("Dashboards from agent runs"), TemplateCategory.ANALYTICS, Optional.of("dep_42")),
                price, new Branding(Optional.of("Acme Insights"), Optional.of("#1A73E8")), publish);
    }

    private static PriceRequest price(String amount) {
        return new PriceRequest.Explicit(amount);
    }

    @Test
    void aTemplateIsStoredWithItsExactPriceInTheVaultsCurrencyAndLogged() {
        AgentTemplate created = templates.create(template(ENTERPRISE, price("875"), false));

        assertThat(created.templateId()).matches("tpl_enterprise-analytics-bot_[a-z2-9]{5}");
        assertThat(created.price().price()).isEqualTo(Money.parse("875.00", "USD"));
        assertThat(created.listed()).isFalse();
        assertThat(templates.find(created.templateId())).contains(created);
        assertThat(templates.list(Optional.of(ENTERPRISE))).containsExactly(created);
        assertThat(templates.list(Optional.of(INDIVIDUAL))).isEmpty();
        var entries = MarketplaceFixture.activity(app, TemplateStore.ACTIVITY_CREATED);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().vaultId()).contains(ENTERPRISE);
        assertThat(entries.getFirst().sourceId()).contains(created.templateId());
        assertThat(entries.getFirst().payloadJson()).contains("\"price\":\"875.00 USD\"", "\"listed\":false",
                "\"category\":\"analytics\"");
        assertThat(app.activityLog().verify().ok()).isTrue();
    }

    @Test
    void creatingIsRefusedWhenTheVaultDoesNotResellTemplatesAndNothingIsWritten() {
        long entriesBefore = app.activityLog().head().lastSeq();

        assertThatThrownBy(() -> templates.create(template("agency-fork.sig", price("875"), true)))
                .isInstanceOf(LicensingException.class)
                .hasMessage("vault 'agency-fork.sig' cannot create templates: its "
                        + "monetizationConfig.enableAgentTemplateResale is off; turn it on in the registry and "
                        + "import it (licensing vaults import FILE)");
        assertThatThrownBy(() -> templates.create(template("nobody.sig", price("875"), true)))
                .isInstanceOf(LicensingException.class)
                .hasMessageContaining("unknown vault 'nobody.sig'");

        assertThat(templates.list(Optional.empty())).isEmpty();
        assertThat(app.activityLog().head().lastSeq()).isEqualTo(entriesBefore);
    }

    @Test
    void resaleIsJudgedAsOfTheStoresClock() {
        app.vaults().importVaults(List.of(MarketplaceFixture.withResale(MarketplaceFixture.vault(ENTERPRISE),
                false)), Instant.parse("2026-04-01T00:00:00Z"));

        AgentTemplate before = templates.create(template(ENTERPRISE, price("875"), false));
        clock.set(Instant.parse("2026-04-01T00:00:00Z"));

        assertThatThrownBy(() -> templates.create(template(ENTERPRISE, price("875"), false)))
                .hasMessageContaining("enableAgentTemplateResale is off");
        assertThatThrownBy(() -> templates.publish(before.templateId()))
                .hasMessageContaining("cannot publish templates");
    }

    @Test
    void aBaseCostAloneTakesTheVaultsMarkupWhichMustBeWithinTheBounds() {
        AgentTemplate startup = templates.create(template("startup-vault.sig",
                new PriceRequest.CostPlus("500", Optional.empty()), false));
        assertThat(startup.price().price()).as("500.00 + 60 %").isEqualTo(Money.parse("800.00", "USD"));
        assertThat(startup.price().markup()).contains(Percentage.ofPercent(60));

        // enterprise-vault.sig's own markup is 30 %, below the marketplace's minimum.
        assertThatThrownBy(() -> templates.create(template(ENTERPRISE,
                new PriceRequest.CostPlus("500", Optional.empty()), false)))
                .hasMessageStartingWith("the default markup 30% is outside the marketplace's 50–200% range "
                        + "(the vault's own pricing)");

        // individual-vault.sig has custom export fees off: the platform's default markup (100 %) applies.
        AgentTemplate individual = templates.create(template(INDIVIDUAL,
                new PriceRequest.CostPlus("500", Optional.empty()), false));
        assertThat(individual.price().price()).isEqualTo(Money.parse("1000.00", "USD"));

        AgentTemplate explicitMarkup = templates.create(template(ENTERPRISE,
                new PriceRequest.CostPlus("123.45", Optional.of(Percentage.parse("75.5"))), false));
        assertThat(explicitMarkup.price().price()).as("123.45 + 93.20 (93.204…)")
                .isEqualTo(Money.parse("216.65", "USD"));
        assertThat(templates.find(explicitMarkup.templateId()).orElseThrow().price())
                .isEqualTo(explicitMarkup.price());
    }

    @Test
    void publishingAndUnpublishingAreLoggedOnceEach() {
        AgentTemplate created = templates.create(template(ENTERPRISE, price("875"), false));
        clock.advance(Duration.ofMinutes(5));

        TemplateStore.Change published = templates.publish(created.templateId());
        TemplateStore.Change again = templates.publish(created.templateId());

        assertThat(published.changed()).isTrue();
        assertThat(published.template().listed()).isTrue();
        assertThat(published.template().listedAt()).contains(clock.instant());
        assertThat(again.changed()).isFalse();
        assertThat(templates.listed()).extracting(AgentTemplate::templateId).containsExactly(created.templateId());

        TemplateStore.Change unpublished = templates.unpublish(created.templateId());
        assertThat(unpublished.changed()).isTrue();
        assertThat(templates.unpublish(created.templateId()).changed()).isFalse();
        assertThat(templates.listed()).isEmpty();
        assertThat(MarketplaceFixture.activity(app, TemplateStore.ACTIVITY_PUBLISHED)).hasSize(1);
        assertThat(MarketplaceFixture.activity(app, TemplateStore.ACTIVITY_UNPUBLISHED)).hasSize(1);
        assertThatThrownBy(() -> templates.publish("tpl_missing")).hasMessage("unknown template 'tpl_missing'; list "
                + "them with: licensing templates list");
    }

    @Test
    void createAndPublishAtOnceAppendsBothEntries() {
        AgentTemplate created = templates.create(template(ENTERPRISE, price("875"), true));

        assertThat(created.listed()).isTrue();
        assertThat(MarketplaceFixture.activity(app, TemplateStore.ACTIVITY_CREATED)).hasSize(1);
        assertThat(MarketplaceFixture.activity(app, TemplateStore.ACTIVITY_PUBLISHED)).hasSize(1);
    }

    @Test
    void anUpdateRepricesAndIsLoggedAnUnchangedOneIsNot() {
        AgentTemplate created = templates.create(template(ENTERPRISE, price("875"), false));
        TemplateChanges reprice = new TemplateChanges(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new PriceRequest.CostPlus("400", Optional.of(Percentage.ofPercent(150)))),
                Optional.empty());

        TemplateStore.Change changed = templates.update(created.templateId(), reprice);
        TemplateStore.Change unchanged = templates.update(created.templateId(), reprice);

        assertThat(changed.changed()).isTrue();
        assertThat(changed.template().price().price()).isEqualTo(Money.parse("1000.00", "USD"));
        assertThat(unchanged.changed()).isFalse();
        assertThat(templates.require(created.templateId()).price().price()).isEqualTo(Money.parse("1000.00", "USD"));
        var updates = MarketplaceFixture.activity(app, TemplateStore.ACTIVITY_UPDATED);
        assertThat(updates).hasSize(1);
        assertThat(updates.getFirst().payloadJson()).contains("\"price\":\"1000.00 USD\"",
                "\"previous\":{", "\"price\":\"875.00 USD\"");
    }

    @Test
    void viewsOfAListingAreCountedOneRowPerTemplateAndDayUnlistedOnesNot() {
        AgentTemplate listed = templates.create(template(ENTERPRISE, price("875"), true));
        AgentTemplate unlisted = templates.create(template(ENTERPRISE, price("99"), false));

        templates.viewListing(listed.templateId());
        templates.viewListing(listed.templateId());
        clock.advance(Duration.ofDays(1));
        templates.viewListing(listed.templateId());
        assertThat(templates.viewListing(unlisted.templateId())).isEmpty();
        assertThat(templates.viewListing("tpl_missing")).isEmpty();

        List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT kind, subject_id, on_day, hits FROM funnel_count ORDER BY on_day").mapToMap().list());
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(r -> r.get("kind")).containsOnly(ListingViews.KIND);
        assertThat(rows).extracting(r -> ((Number) r.get("hits")).longValue()).containsExactly(2L, 1L);
        Map<String, Long> fromSecondDay = db.jdbi().withHandle(h -> ListingViews.counts(h,
                List.of(listed.templateId(), unlisted.templateId()), Optional.of(LocalDate.parse("2026-03-03")),
                Optional.empty()));
        assertThat(fromSecondDay).isEqualTo(Map.of(listed.templateId(), 1L));
    }

    @Test
    void concurrentViewsOfANewDayAreAllCounted() throws Exception {
        AgentTemplate listed = templates.create(template(ENTERPRISE, price("875"), true));
        int viewers = 8;
        int viewsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(viewers);
        try {
            List<Callable<Void>> work = IntStream.range(0, viewers).<Callable<Void>>mapToObj(i -> () -> {
                for (int v = 0; v < viewsEach; v++) {
                    templates.viewListing(listed.templateId());
                }
                return null;
            }).toList();
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> views = db.jdbi().withHandle(h -> ListingViews.counts(h, List.of(listed.templateId()),
                Optional.empty(), Optional.empty()));
        long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM funnel_count")
                .mapTo(Long.class).one());
        assertThat(views).isEqualTo(Map.of(listed.templateId(), (long) viewers * viewsEach));
        assertThat(rows).isEqualTo(1L);
    }

    @Test
    void badDetailsAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> new TemplateDetails(" ", Optional.empty(), TemplateCategory.WORKFLOW,
                Optional.empty())).hasMessageContaining("a template needs a name");
        assertThatThrownBy(() -> TemplateCategory.parse("robots"))
                .hasMessage("category 'robots' is not one of industry, workflow, analytics, integration");
        assertThatThrownBy(() -> new Branding(Optional.empty(), Optional.of("blue")))
                .hasMessage("brand colour 'blue' is not a hex colour such as #1a73e8");
        assertThatThrownBy(() -> templates.create(template(ENTERPRISE, price("875.001"), false)))
                .hasMessage("'875.001' has more decimals than USD allows (2)");
    }
}
