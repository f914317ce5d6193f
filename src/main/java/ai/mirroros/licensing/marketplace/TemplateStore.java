package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The marketplace's templates ({@code agent_template}): create, update, publish and unpublish, find and list. Every
 * change is one transaction with its activity-log entry. A vault may create and publish templates only while its
 * {@code monetizationConfig.enableAgentTemplateResale} is on (as of the store's clock, which the CLI's
 * {@code --as-of} sets).
 */
public final class TemplateStore {
    public static final String ACTIVITY_CREATED = "template.created";
    public static final String ACTIVITY_UPDATED = "template.updated";
    public static final String ACTIVITY_PUBLISHED = "template.published";
    public static final String ACTIVITY_UNPUBLISHED = "template.unpublished";
    /** A listing page; more than this many templates in one answer is a report, not a listing. */
    public static final int LIST_MAX = 1_000;
    /** Tries for an id no template has; five collisions in a row would mean a broken random source. */
    private static final int ID_ATTEMPTS_MAX = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "template_id, vault_id, name, description, category, deployment_id, "
            + "currency, base_cost_minor, markup_bp, price_minor, branding_json, listed, created_at, updated_at, "
            + "listed_at";

    private final Database database;
    private final VaultRegistry vaults;
    private final ExportPricing pricing;
    private final ActivityLog activityLog;
    private final Clock clock;
    private final TemplateIds ids;

    public TemplateStore(Database database, VaultRegistry vaults, ExportPricing pricing, ActivityLog activityLog,
                         Clock clock, TemplateIds ids) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** What an update, publish or unpublish did: {@code changed} is false when the template already was so. */
    public record Change(AgentTemplate template, boolean changed) {
    }

    /**
     * Creates a template for a vault that resells templates, priced in its settlement currency, and lists it when
     * asked to. Refused, with nothing written, when the vault is unknown or has resale off.
     */
    public AgentTemplate create(NewTemplate request) {
        Instant now = now();
        LicensedVault vault = resellingVault(request.vaultId(), now, "create templates");
        TemplatePrice price = request.price().resolve(vault.settlementCurrency(), pricing.templateMarkup(vault));
        return database.jdbi().inTransaction(handle -> {
            String id = freshId(handle, request.details().name());
            TemplateDetails details = request.details();
            AgentTemplate template = new AgentTemplate(id, vault.vaultId(), details.name(), details.description(),
                    details.category(), details.deploymentId(), price, request.branding(), request.publish(), now,
                    now, request.publish() ? Optional.of(now) : Optional.empty());
            insert(handle, template);
            List<ActivityRecord> activity = new ArrayList<>();
            activity.add(record(now, ACTIVITY_CREATED, template, describe(template)));
            if (request.publish()) {
                activity.add(record(now, ACTIVITY_PUBLISHED, template, Map.of("templateId", id)));
            }
            activityLog.append(handle, activity);
            return template;
        });
    }

    /** Changes what {@code changes} names; a change that leaves the template as it was records nothing. */
    public Change update(String templateId, TemplateChanges changes) {
        if (changes.isEmpty()) {
            throw new LicensingException("nothing_to_update", "nothing to change: give at least one of --name, "
                    + "--description, --category, --deployment, --price/--base-cost/--markup, --brand-name, "
                    + "--brand-color");
        }
        Instant now = now();
        return database.jdbi().inTransaction(handle -> {
            AgentTemplate before = lockExisting(handle, templateId);
            TemplatePrice price = before.price();
            if (changes.price().isPresent()) {
                LicensedVault vault = resellingVault(before.vaultId(), now, "reprice templates");
                price = changes.price().get().resolve(vault.settlementCurrency(), pricing.templateMarkup(vault));
            }
            TemplateDetails details = new TemplateDetails(changes.name().orElse(before.name()),
                    changes.description().or(before::description), changes.category().orElse(before.category()),
                    changes.deploymentId().or(before::deploymentId));
            AgentTemplate after = new AgentTemplate(before.templateId(), before.vaultId(), details.name(),
                    details.description(), details.category(), details.deploymentId(), price,
                    changes.branding().orElse(before.branding()), before.listed(), before.createdAt(), now,
                    before.listedAt());
            if (sameContent(before, after)) {
                return new Change(before, false);
            }
            write(handle, after);
            Map<String, Object> payload = describe(after);
            payload.put("previous", describe(before));
            activityLog.append(handle, List.of(record(now, ACTIVITY_UPDATED, after, payload)));
            return new Change(after, true);
        });
    }

    /** Lists the template on the marketplace; refused when its vault no longer resells templates. */
    public Change publish(String templateId) {
        Instant now = now();
        return database.jdbi().inTransaction(handle -> {
            AgentTemplate before = lockExisting(handle, templateId);
            if (before.listed()) {
                return new Change(before, false);
            }
            resellingVault(before.vaultId(), now, "publish templates");
            AgentTemplate after = withListing(before, true, now, Optional.of(now));
            write(handle, after);
            activityLog.append(handle, List.of(record(now, ACTIVITY_PUBLISHED, after,
                    Map.of("templateId", templateId))));
            return new Change(after, true);
        });
    }

    /** Takes the listing down; the template and its sales stay. */
    public Change unpublish(String templateId) {
        Instant now = now();
        return database.jdbi().inTransaction(handle -> {
            AgentTemplate before = lockExisting(handle, templateId);
            if (!before.listed()) {
                return new Change(before, false);
            }
            AgentTemplate after = withListing(before, false, now, before.listedAt());
            write(handle, after);
            activityLog.append(handle, List.of(record(now, ACTIVITY_UNPUBLISHED, after,
                    Map.of("templateId", templateId))));
            return new Change(after, true);
        });
    }

    public Optional<AgentTemplate> find(String templateId) {
        return database.jdbi().withHandle(handle -> find(handle, templateId));
    }

    public Optional<AgentTemplate> find(Handle handle, String templateId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM agent_template WHERE template_id = :id")
                .bind("id", templateId)
                .map((rs, ctx) -> map(rs))
                .findFirst();
    }

    /**
     * A visitor opens a listing: the template when it is listed, and one more view counted for it today (UTC, by the
     * store's clock); empty, and nothing counted, when it is unknown or not listed.
     */
    public Optional<AgentTemplate> viewListing(String templateId) {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return database.jdbi().inTransaction(handle -> {
            Optional<AgentTemplate> template = find(handle, templateId).filter(AgentTemplate::listed);
            template.ifPresent(t -> ListingViews.record(handle, database.dialect(), t.templateId(),
                    today));
            return template;
        });
    }

    /** Like {@link #find(String)}, but an unknown id is an error that says how to find the right one. */
    public AgentTemplate require(String templateId) {
        return find(templateId).orElseThrow(() -> unknown(templateId));
    }

    /** Templates of one vault, or of all, newest first; at most {@link #LIST_MAX}. */
    public List<AgentTemplate> list(Optional<String> vaultId) {
        String where = vaultId.isPresent() ? " WHERE vault_id = :vaultId" : "";
        return database.jdbi().withHandle(handle -> {
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM agent_template" + where
                    + " ORDER BY created_at DESC, template_id").setMaxRows(LIST_MAX);
            vaultId.ifPresent(id -> query.bind("vaultId", id));
            return query.map((rs, ctx) -> map(rs)).list();
        });
    }

    /** What the marketplace shows: listed templates, most recently listed first; at most {@link #LIST_MAX}. */
    public List<AgentTemplate> listed() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM agent_template WHERE listed = TRUE ORDER BY listed_at DESC, template_id")
                .setMaxRows(LIST_MAX)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    static LicensingException unknown(String templateId) {
        return new LicensingException("unknown_template", "unknown template '" + templateId
                + "'; list them with: licensing templates list");
    }

    private LicensedVault resellingVault(String vaultId, Instant at, String what) {
        LicensedVault vault = vaults.require(vaultId, at);
        if (!vault.monetizationConfig().enableAgentTemplateResale()) {
            throw new LicensingException("template_resale_disabled", "vault '" + vaultId + "' cannot " + what
                    + ": its monetizationConfig.enableAgentTemplateResale is off; turn it on in the registry and "
                    + "import it (licensing vaults import FILE)");
        }
        return vault;
    }

    private String freshId(Handle handle, String name) {
        for (int attempt = 0; attempt < ID_ATTEMPTS_MAX; attempt++) {
            String id = ids.next(name);
            if (find(handle, id).isEmpty()) {
                return id;
            }
        }
        throw new IllegalStateException("no free template id after " + ID_ATTEMPTS_MAX + " attempts");
    }

    private AgentTemplate lockExisting(Handle handle, String templateId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM agent_template WHERE template_id = :id"
                        + database.dialect().forUpdate())
                .bind("id", templateId)
                .map((rs, ctx) -> map(rs))
                .findFirst()
                .orElseThrow(() -> unknown(templateId));
    }

    private static AgentTemplate withListing(AgentTemplate t, boolean listed, Instant now, Optional<Instant> listedAt) {
        return new AgentTemplate(t.templateId(), t.vaultId(), t.name(), t.description(), t.category(),
                t.deploymentId(), t.price(), t.branding(), listed, t.createdAt(), now, listedAt);
    }

    private static boolean sameContent(AgentTemplate a, AgentTemplate b) {
        return a.name().equals(b.name()) && a.description().equals(b.description())
                && a.category() == b.category() && a.deploymentId().equals(b.deploymentId())
                && a.price().equals(b.price()) && a.branding().equals(b.branding());
    }

    private void insert(Handle handle, AgentTemplate t) {
        handle.createUpdate("INSERT INTO agent_template (" + COLUMNS + ") VALUES (:templateId, :vaultId, :name, "
                        + ":description, :category, :deploymentId, :currency, :baseCost, :markup, :price, :branding, "
                        + ":listed, :createdAt, :updatedAt, :listedAt)")
                .bindMap(bindings(t))
                .execute();
    }

    private void write(Handle handle, AgentTemplate t) {
        handle.createUpdate("""
                        UPDATE agent_template SET name = :name, description = :description, category = :category,
                            deployment_id = :deploymentId, currency = :currency, base_cost_minor = :baseCost,
                            markup_bp = :markup, price_minor = :price, branding_json = :branding, listed = :listed,
                            updated_at = :updatedAt, listed_at = :listedAt
                        WHERE template_id = :templateId""")
                .bindMap(bindings(t))
                .execute();
    }

    private static Map<String, Object> bindings(AgentTemplate t) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("templateId", t.templateId());
        values.put("vaultId", t.vaultId());
        values.put("name", t.name());
        values.put("description", t.description().orElse(null));
        values.put("category", t.category().wireName());
        values.put("deploymentId", t.deploymentId().orElse(null));
        values.put("currency", t.price().price().currency().code());
        values.put("baseCost", t.price().baseCost().map(Money::amountMinor).orElse(null));
        values.put("markup", t.price().markup().map(Percentage::basisPoints).orElse(null));
        values.put("price", t.price().price().amountMinor());
        values.put("branding", t.branding().isEmpty() ? null : json(t.branding().toMap()));
        values.put("listed", t.listed());
        values.put("createdAt", utc(t.createdAt()));
        values.put("updatedAt", utc(t.updatedAt()));
        values.put("listedAt", t.listedAt().map(TemplateStore::utc).orElse(null));
        return values;
    }

    static AgentTemplate map(ResultSet rs) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        Money price = Money.ofMinor(rs.getLong("price_minor"), currency);
        long baseCost = rs.getLong("base_cost_minor");
        boolean costPlus = !rs.wasNull();
        TemplatePrice templatePrice = costPlus
                ? new TemplatePrice(price, Optional.of(Money.ofMinor(baseCost, currency)),
                        Optional.of(Percentage.ofBasisPoints(rs.getInt("markup_bp"))))
                : TemplatePrice.explicit(price);
        String branding = rs.getString("branding_json");
        return new AgentTemplate(rs.getString("template_id"), rs.getString("vault_id"), rs.getString("name"),
                Optional.ofNullable(rs.getString("description")), TemplateCategory.parse(rs.getString("category")),
                Optional.ofNullable(rs.getString("deployment_id")), templatePrice,
                branding == null ? Branding.NONE : Branding.fromMap(readMap(branding)), rs.getBoolean("listed"),
                instant(rs, "created_at").orElseThrow(), instant(rs, "updated_at").orElseThrow(),
                instant(rs, "listed_at"));
    }

    private static ActivityRecord record(Instant at, String type, AgentTemplate template, Map<String, ?> payload) {
        return ActivityRecord.of(at, type, payload).forVault(template.vaultId()).fromSource(template.templateId());
    }

    /** The facts of a template for its activity entries. */
    private static Map<String, Object> describe(AgentTemplate t) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("templateId", t.templateId());
        payload.put("name", t.name());
        payload.put("category", t.category().wireName());
        payload.put("price", t.price().price().toString());
        t.price().baseCost().ifPresent(cost -> payload.put("baseCost", cost.toString()));
        t.price().markup().ifPresent(markup -> payload.put("markup", markup.toString()));
        t.deploymentId().ifPresent(d -> payload.put("deploymentId", d));
        if (!t.branding().isEmpty()) {
            payload.put("branding", t.branding().toMap());
        }
        payload.put("listed", t.listed());
        return payload;
    }

    private Instant now() {
        // Both databases keep microseconds; a template read back then equals the one returned here.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static Map<String, Object> readMap(String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored branding is not valid JSON", e);
        }
    }
}
