package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code hosted_platform} table. Every method joins the caller's handle (and transaction, if any). */
public final class HostedPlatformStore {
    private static final String COLUMNS = "hosted_platform_id, vault_id, client, tier, currency, "
            + "monthly_price_minor, domain, branding_json, parent_vault_id, fork_depth, stripe_customer_id, "
            + "stripe_product_id, stripe_price_id, stripe_subscription_id, status, created_at, canceled_at";
    /** Rows a list shows at most; a vault with more hosted platforms than this filters by status. */
    public static final int LIST_MAX = 1_000;

    private HostedPlatformStore() {
    }

    static void insert(Handle handle, HostedPlatform platform) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", platform.hostedPlatformId());
        params.put("vault", platform.vaultId());
        params.put("client", platform.client());
        params.put("tier", platform.plan().tier().wireName());
        params.put("currency", platform.monthlyPrice().currency().code());
        params.put("price", platform.monthlyPrice().amountMinor());
        params.put("domain", platform.domain().orElse(null));
        params.put("branding", platform.branding().toJson().orElse(null));
        params.put("parent", platform.parentVaultId());
        params.put("depth", platform.forkDepth());
        params.put("customer", platform.stripe().customerId().orElse(null));
        params.put("product", platform.stripe().productId().orElse(null));
        params.put("priceId", platform.stripe().priceId().orElse(null));
        params.put("subscription", platform.stripe().subscriptionId().orElse(null));
        params.put("status", platform.status().dbName());
        params.put("created", Timestamp.from(platform.createdAt()));
        params.put("canceled", platform.canceledAt().map(Timestamp::from).orElse(null));
        handle.createUpdate("INSERT INTO hosted_platform (" + COLUMNS + ") VALUES (:id, :vault, :client, :tier, "
                        + ":currency, :price, :domain, :branding, :parent, :depth, :customer, :product, :priceId, "
                        + ":subscription, :status, :created, :canceled)")
                .bindMap(params).execute();
    }

    public static Optional<HostedPlatform> find(Handle handle, String hostedPlatformId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM hosted_platform WHERE hosted_platform_id = :id")
                .bind("id", hostedPlatformId).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Like {@link #find}, locking the row until the caller's transaction ends. */
    static Optional<HostedPlatform> findForUpdate(Handle handle, String hostedPlatformId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM hosted_platform WHERE hosted_platform_id = :id "
                        + "FOR UPDATE")
                .bind("id", hostedPlatformId).map((rs, ctx) -> map(rs)).findOne();
    }

    static Optional<HostedPlatform> findBySubscriptionForUpdate(Handle handle, String subscriptionId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM hosted_platform WHERE stripe_subscription_id = :sub "
                        + "FOR UPDATE")
                .bind("sub", subscriptionId).map((rs, ctx) -> map(rs)).findOne();
    }

    /** The client's platform on the vault that is not canceled (pending or active), if any. */
    static Optional<HostedPlatform> findOpen(Handle handle, String vaultId, String client) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM hosted_platform WHERE vault_id = :vault "
                        + "AND client = :client AND status <> 'canceled' ORDER BY created_at DESC")
                .bind("vault", vaultId).bind("client", client).setMaxRows(1).map((rs, ctx) -> map(rs)).findFirst();
    }

    /** How many platforms the client has had on the vault, canceled ones included. */
    static int countForClient(Handle handle, String vaultId, String client) {
        return handle.createQuery("SELECT COUNT(*) FROM hosted_platform WHERE vault_id = :vault AND client = :client")
                .bind("vault", vaultId).bind("client", client).mapTo(Integer.class).one();
    }

    /** Newest first, at most {@link #LIST_MAX}. */
    public static List<HostedPlatform> list(Handle handle, Optional<String> vaultId,
                                            Optional<HostedPlatformStatus> status) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hosted_platform WHERE 1 = 1");
        vaultId.ifPresent(v -> sql.append(" AND vault_id = :vault"));
        status.ifPresent(s -> sql.append(" AND status = :status"));
        sql.append(" ORDER BY created_at DESC, hosted_platform_id");
        var query = handle.createQuery(sql.toString());
        vaultId.ifPresent(v -> query.bind("vault", v));
        status.ifPresent(s -> query.bind("status", s.dbName()));
        return query.setMaxRows(LIST_MAX).map((rs, ctx) -> map(rs)).list();
    }

    /**
     * Records the Stripe ids Stripe returned. Only empty columns are filled: a concurrent run of the same fork used
     * the same idempotency keys and so got the same objects.
     */
    static void recordStripeIds(Handle handle, String hostedPlatformId, HostedPlatform.StripeIds ids) {
        handle.createUpdate("UPDATE hosted_platform SET stripe_customer_id = COALESCE(stripe_customer_id, :customer), "
                        + "stripe_product_id = COALESCE(stripe_product_id, :product), "
                        + "stripe_price_id = COALESCE(stripe_price_id, :price), "
                        + "stripe_subscription_id = COALESCE(stripe_subscription_id, :subscription) "
                        + "WHERE hosted_platform_id = :id")
                .bind("customer", ids.customerId().orElse(null)).bind("product", ids.productId().orElse(null))
                .bind("price", ids.priceId().orElse(null)).bind("subscription", ids.subscriptionId().orElse(null))
                .bind("id", hostedPlatformId).execute();
    }

    /** Pending → active; false when it was not pending (another run activated it, or it ended meanwhile). */
    static boolean markActive(Handle handle, String hostedPlatformId) {
        return handle.createUpdate("UPDATE hosted_platform SET status = 'active' WHERE hosted_platform_id = :id "
                        + "AND status = 'pending' AND stripe_subscription_id IS NOT NULL")
                .bind("id", hostedPlatformId).execute() == 1;
    }

    /** Ends the platform; false when it had already ended. */
    static boolean markCanceled(Handle handle, String hostedPlatformId, String subscriptionId, Instant at) {
        return handle.createUpdate("UPDATE hosted_platform SET status = 'canceled', canceled_at = :at, "
                        + "stripe_subscription_id = COALESCE(stripe_subscription_id, :sub) "
                        + "WHERE hosted_platform_id = :id AND status <> 'canceled'")
                .bind("at", Timestamp.from(at)).bind("sub", subscriptionId).bind("id", hostedPlatformId)
                .execute() == 1;
    }

    /**
     * What the platform's invoices brought in, per currency, from the {@code payment} rows the engine posted for
     * {@code invoice.paid} events naming it: one row per month billed.
     */
    public static List<HostedRevenue> revenue(Handle handle, String hostedPlatformId) {
        return handle.createQuery("""
                        SELECT currency, COUNT(*) AS invoices, SUM(gross_minor) AS gross,
                               SUM(refunded_minor) AS refunded, SUM(partner_minor) AS partner,
                               MIN(occurred_at) AS first_at, MAX(occurred_at) AS last_at
                        FROM payment WHERE hosted_platform_id = :id GROUP BY currency ORDER BY currency""")
                .bind("id", hostedPlatformId)
                .map((rs, ctx) -> {
                    CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
                    return new HostedRevenue(rs.getLong("invoices"), Money.ofMinor(rs.getLong("gross"), currency),
                            Money.ofMinor(rs.getLong("refunded"), currency),
                            Money.ofMinor(rs.getLong("partner"), currency), rs.getTimestamp("first_at").toInstant(),
                            rs.getTimestamp("last_at").toInstant());
                }).list();
    }

    private static HostedPlatform map(ResultSet rs) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        Money price = Money.ofMinor(rs.getLong("monthly_price_minor"), currency);
        return new HostedPlatform(
                rs.getString("hosted_platform_id"),
                rs.getString("vault_id"),
                rs.getString("client"),
                new MonthlyPlan(HostedTier.fromDbName(rs.getString("tier")), price),
                Optional.ofNullable(rs.getString("domain")),
                Branding.fromJson(rs.getString("branding_json")),
                rs.getString("parent_vault_id"),
                rs.getInt("fork_depth"),
                new HostedPlatform.StripeIds(Optional.ofNullable(rs.getString("stripe_customer_id")),
                        Optional.ofNullable(rs.getString("stripe_product_id")),
                        Optional.ofNullable(rs.getString("stripe_price_id")),
                        Optional.ofNullable(rs.getString("stripe_subscription_id"))),
                HostedPlatformStatus.fromDbName(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("canceled_at")).map(Timestamp::toInstant));
    }
}
