package ai.mirroros.licensing.payout;

import static ai.mirroros.licensing.payout.PayoutWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.ingest.TcpProxy;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import com.stripe.StripeClient;
import com.stripe.model.Transfer;
import com.stripe.param.TransferListParams;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away while a payout run has transfers in flight, and comes back: the run fails without recording
 * what Stripe did, and the next run finds those transfers at Stripe and pays nobody twice. The outage is a TCP proxy
 * that closes every connection and refuses new ones (PostgreSQL only: the embedded H2 has no network to lose).
 */
class PayoutDatabaseOutageTest {
    private static final int VAULTS = 40;

    private String schema;
    private TcpProxy proxy;
    private Database database;
    private PayoutWorld world;

    @BeforeEach
    void startBehindAProxy() throws Exception {
        schema = TestDatabases.newSchemaName();
        URI postgres = URI.create(TestDatabases.PG_URL.substring("jdbc:".length()));
        proxy = TcpProxy.start(postgres.getHost(), postgres.getPort());
        String viaProxy = TestDatabases.PG_URL.replace(postgres.getHost() + ":" + postgres.getPort(),
                "127.0.0.1:" + proxy.port());
        database = Database.open(DatabaseConfig.of(viaProxy).withSchema(schema));
        world = new PayoutWorld(database);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.restore();
        world.close();
        database.close();
        proxy.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void transfersMadeWhileTheDatabaseWasDownAreRecordedOnceAfterwards() throws Exception {
        for (int i = 0; i < VAULTS; i++) {
            world.onboardVerified(PayoutWorld.ENTERPRISE + i);
        }
        seedVaults();
        // Every transfer is made at once, but its answer is held back: the database goes while they are in flight.
        world.stripe.faults().add(Fault.delay("POST", "/v1/transfers", VAULTS, Duration.ofSeconds(2)));
        CompletableFuture<PayoutRunner.Report> run = CompletableFuture.supplyAsync(
                () -> world.runner().run(false, PayoutRunner.Progress.NONE));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> transfers().size() >= 8);
        proxy.cut();

        assertThatThrownBy(() -> run.get(90, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);

        proxy.restore();
        world.stripe.faults().clear();
        PayoutRunner.Report after = world.runner().run(false, PayoutRunner.Progress.NONE);

        List<Transfer> transfers = transfers();
        assertThat(transfers).hasSize(VAULTS);
        assertThat(transfers.stream().map(Transfer::getTransferGroup).distinct()).hasSize(VAULTS);
        assertThat(after.recovered()).isPositive();
        long paid = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM payout WHERE status = 'paid'").mapTo(Long.class).one());
        assertThat(paid).isEqualTo(VAULTS);
        for (int i = 0; i < VAULTS; i++) {
            String vault = PayoutWorld.ENTERPRISE + i;
            assertThat(world.owed(AccountRef.vaultPaidOut(vault, USD))).isEqualTo(Money.parse("150.00", USD));
            assertThat(world.owed(AccountRef.vaultInTransit(vault, USD)).isZero()).isTrue();
        }
        assertThat(world.app.ledger().balance(AccountRef.connectTransfers(USD)))
                .isEqualTo(Money.parse("150.00", USD).times(VAULTS));
    }

    /** The example's enterprise-vault.sig under new ids, each with 150.00 available. */
    private void seedVaults() throws Exception {
        var example = ai.mirroros.licensing.vault.VaultRegistryFile.load(java.nio.file.Path.of(
                "examples/licensed-vaults.json")).get(PayoutWorld.ENTERPRISE);
        Map<String, ai.mirroros.licensing.vault.LicensedVault> copies = new HashMap<>();
        for (int i = 0; i < VAULTS; i++) {
            String id = PayoutWorld.ENTERPRISE + i;
            copies.put(id, new ai.mirroros.licensing.vault.LicensedVault(id, example.licenseType(),
                    example.licensedSince(), example.settlementCurrency(), example.revenueSharing(),
                    example.mirrorOrigin(), example.monetizationConfig(), example.pricingConfiguration(),
                    example.payoutSchedule(), example.compliance()));
            world.creditAvailable(id, "150.00");
        }
        world.app.vaults().importVaults(copies.values(), java.time.Instant.parse("2025-01-01T00:00:00Z"));
    }

    private List<Transfer> transfers() throws Exception {
        StripeClient client = StripeClient.builder().setApiKey("sk_test_x").setApiBase(world.stripe.baseUrl())
                .build();
        List<Transfer> all = new java.util.ArrayList<>();
        for (Transfer t : client.v1().transfers().list(TransferListParams.builder().setLimit(100L).build())
                .autoPagingIterable()) {
            if (t.getTransferGroup() != null) {
                all.add(t);
            }
        }
        return all;
    }
}
