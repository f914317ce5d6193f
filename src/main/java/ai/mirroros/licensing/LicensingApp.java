package ai.mirroros.licensing;

import ai.mirroros.licensing.access.ApiKeys;
import ai.mirroros.licensing.analytics.PartnerAnalytics;
import ai.mirroros.licensing.ingest.Inbox;
import ai.mirroros.licensing.ingest.InboxLag;
import ai.mirroros.licensing.ingest.InboxProcessor;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.sensitive.TaxProfiles;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.tier.TierPolicy;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.payout.TransferGateway;
import ai.mirroros.licensing.risk.RiskHolds;
import ai.mirroros.licensing.risk.RiskScoring;
import ai.mirroros.licensing.risk.RiskSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * The composition root: one open database and the services built on it, shared by the CLI and the HTTP server so
 * both take the same code paths. Time comes from the injected {@link Clock}.
 */
public final class LicensingApp implements AutoCloseable {
    private final Database database;
    private final Clock clock;
    private final ObjectMapper json = newObjectMapper();
    private final VaultRegistry vaults;
    private final Ledger ledger;
    private final ActivityLog activityLog;
    private final PaymentPosting payments;
    private final Inbox inbox;
    private final InboxLag inboxLag;
    private final PlatformTerms platformTerms;
    private final RiskScoring riskScoring;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final boolean ownsDatabase;

    private LicensingApp(Database database, Clock clock, boolean ownsDatabase, PlatformTerms platformTerms,
                         RiskSettings risk) {
        this.platformTerms = Objects.requireNonNull(platformTerms, "platformTerms");
        this.database = Objects.requireNonNull(database, "database");
        this.ownsDatabase = ownsDatabase;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activityLog = new ActivityLog(database, clock);
        this.vaults = new VaultRegistry(database, clock, activityLog);
        this.ledger = new Ledger(database, clock);
        this.riskScoring = new RiskScoring(vaults, activityLog, json, clock, risk);
        this.payments = new PaymentPosting(database, vaults, ledger, activityLog, json,
                new TierPolicy(platformTerms), platformTerms, riskScoring);
        this.inbox = new Inbox(database, clock);
        this.inboxLag = new InboxLag(database, clock);
        inboxLag.register(meters);
    }

    /** Opens the database (migrating it) and builds the services; {@link #close()} closes the database. */
    public static LicensingApp open(DatabaseConfig config, Clock clock) {
        return open(config, clock, PlatformTerms.defaults());
    }

    /** Like {@link #open(DatabaseConfig, Clock)} with the platform's terms given (e.g. read from a terms file). */
    public static LicensingApp open(DatabaseConfig config, Clock clock, PlatformTerms terms) {
        return open(config, clock, terms, RiskSettings.fromEnvironment(System.getenv()));
    }

    /** Like {@link #open(DatabaseConfig, Clock, PlatformTerms)} with the risk hold threshold given (serve's flag). */
    public static LicensingApp open(DatabaseConfig config, Clock clock, PlatformTerms terms, RiskSettings risk) {
        return new LicensingApp(Database.open(config), clock, true, terms, risk);
    }

    /** Services over a database someone else owns and closes (tests, a server sharing one pool). */
    public static LicensingApp over(Database database, Clock clock) {
        return over(database, clock, PlatformTerms.defaults());
    }

    /** Services over someone else's database, under the given platform terms. */
    public static LicensingApp over(Database database, Clock clock, PlatformTerms terms) {
        return over(database, clock, terms, RiskSettings.fromEnvironment(System.getenv()));
    }

    /** Services over someone else's database, under the given platform terms and risk settings. */
    public static LicensingApp over(Database database, Clock clock, PlatformTerms terms, RiskSettings risk) {
        return new LicensingApp(database, clock, false, terms, risk);
    }

    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    public VaultRegistry vaults() {
        return vaults;
    }

    public Ledger ledger() {
        return ledger;
    }

    public ActivityLog activityLog() {
        return activityLog;
    }

    public PaymentPosting payments() {
        return payments;
    }

    public Inbox inbox() {
        return inbox;
    }

    /** The risk settings every posted payment is scored under (the hold threshold). */
    public RiskSettings riskSettings() {
        return riskScoring.settings();
    }

    /** Risk holds and payment scores: list, release, show. */
    public RiskHolds risk() {
        return new RiskHolds(database, activityLog, json, clock);
    }

    /** The API keys of this app's database. */
    public ApiKeys apiKeys() {
        return new ApiKeys(database, vaults, activityLog, clock);
    }

    /** Payees' tax profiles, sealed and opened with {@code keys} (see {@link DataKeyRing#resolve}). */
    public TaxProfiles taxProfiles(DataKeyRing keys) {
        return new TaxProfiles(database, vaults, activityLog, clock, keys);
    }

    /** Partner analytics over this app's database. */
    public PartnerAnalytics analytics() {
        return new PartnerAnalytics(database, vaults);
    }

    /** The platform-wide terms: default export prices, tier policy, referrer bonus steps, share links. */
    public PlatformTerms platformTerms() {
        return platformTerms;
    }

    /** The inbox backlog, cached and bounded for /metrics and /health. */
    public InboxLag inboxLag() {
        return inboxLag;
    }

    /** The meters every part registers with; {@code GET /metrics} shows them in Prometheus format. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public PaymentAdjustments adjustments(PaymentAdjustments.DisputePolicy policy) {
        return new PaymentAdjustments(ledger, activityLog, database.dialect(), policy, json);
    }

    /** A processor for the inbox, configured by {@code settings}; the caller starts and closes it. */
    public InboxProcessor newInboxProcessor(IngestSettings settings) {
        return new InboxProcessor(database, inbox, payments, adjustments(settings.disputePolicy()), activityLog,
                settings.balanceTransactions(), clock, meters, settings.batchSize());
    }

    /** A payout runner on this app's database and clock, making transfers through {@code gateway}. */
    public PayoutRunner payoutRunner(TransferGateway gateway, PayoutRunner.Settings settings) {
        return new PayoutRunner(database, ledger, activityLog, vaults, gateway, clock, settings, meters);
    }

    public ObjectMapper json() {
        return json;
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }
}
