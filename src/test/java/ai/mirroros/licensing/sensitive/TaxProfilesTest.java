package ai.mirroros.licensing.sensitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaxProfilesTest extends DatabaseTestSupport {
    private LicensingApp app;
    private TaxProfiles profiles;

    @BeforeEach
    void registerVaults() {
        app = LicensingApp.over(db, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        profiles = app.taxProfiles(DataKeyRing.inMemory());
    }

    private List<ActivityEntry> updates() {
        return app.activityLog().recent(Optional.empty(), 500).stream()
                .filter(e -> e.type().equals(TaxProfiles.ACTIVITY_UPDATED)).toList();
    }

    @Test
    void savedProfilesReadBackOpenedAndInPayeeOrder() {
        TaxProfileFixtures.all().forEach(p -> profiles.save(p, "ops"));

        assertThat(profiles.find("enterprise-vault.sig")).contains(TaxProfileFixtures.enterprise());
        assertThat(profiles.find("agency-fork.sig")).isEmpty();
        assertThat(profiles.findAll()).containsExactly(TaxProfileFixtures.enterprise(),
                TaxProfileFixtures.individual(), TaxProfileFixtures.startup());
        TaxProfile individual = profiles.find("individual-vault.sig").orElseThrow();
        assertThat(individual.tin().formatted()).isEqualTo("572-84-6193");
        assertThat(individual.bank()).isEmpty();
        assertThat(individual.address().lines()).containsExactly(TaxProfileFixtures.STREET_SSN,
                "Portland, OR 97201", "US");
    }

    @Test
    void theActivityLogNamesTheChangedFieldsButNotTheirValues() {
        TaxProfiles.Change created = profiles.save(TaxProfileFixtures.enterprise(), "ops-ann");
        TaxProfile moved = new TaxProfile("enterprise-vault.sig", "Enterprise Vault Inc.",
                Tin.parse(TinType.EIN, "91-4736258"), new PostalAddress("1 New Street", Optional.empty(), "Austin",
                "TX", "78702", "US")).withBank(TaxProfileFixtures.enterprise().bank().orElseThrow());
        TaxProfiles.Change changed = profiles.save(moved, "ops-ann");
        TaxProfiles.Change same = profiles.save(moved, "ops-ann");

        assertThat(created.created()).isTrue();
        assertThat(created.changedFields()).containsExactly("legal_name", "tin", "address", "bank");
        assertThat(changed.changedFields()).containsExactly("address");
        assertThat(same.changed()).isFalse();
        List<ActivityEntry> entries = updates();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).payload().toString()).contains("\"fields\":[\"address\"]", "\"by\":\"ops-ann\"")
                .doesNotContain("1 New Street");
        for (ActivityEntry entry : entries) {
            assertThat(entry.vaultId()).contains("enterprise-vault.sig");
            for (String secret : TaxProfileFixtures.secrets()) {
                assertThat(entry.payload().toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void concurrentFirstSavesOfOnePayeeAllSucceedAndOneWins() throws Exception {
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        List<java.util.concurrent.Future<TaxProfiles.Change>> saves = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                TaxProfile profile = new TaxProfile("individual-vault.sig", "Writer " + i,
                        Tin.parse(TinType.SSN, "572846193"), TaxProfileFixtures.individual().address());
                saves.add(pool.submit(() -> {
                    start.await();
                    return profiles.save(profile, "ops");
                }));
            }
            for (java.util.concurrent.Future<TaxProfiles.Change> save : saves) {
                save.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(profiles.findAll()).singleElement()
                .satisfies(p -> assertThat(p.legalName()).startsWith("Writer "));
        assertThat(updates()).hasSizeBetween(1, writers);
    }

    @Test
    void aProfileNeedsARegisteredVault() {
        TaxProfile unknown = new TaxProfile("nobody.sig", "Nobody", Tin.parse(TinType.SSN, "572846193"),
                TaxProfileFixtures.individual().address());

        assertThatThrownBy(() -> profiles.save(unknown, "ops")).isInstanceOf(UnknownVaultException.class);
        assertThat(profiles.findAll()).isEmpty();
    }

    @Test
    void aSealedValueCopiedIntoAnotherRowDoesNotOpen() {
        profiles.save(TaxProfileFixtures.enterprise(), "ops");
        profiles.save(TaxProfileFixtures.individual(), "ops");
        db.jdbi().useHandle(h -> h.execute("UPDATE payee_tax_profile SET tin_sealed = (SELECT tin_sealed FROM "
                + "payee_tax_profile WHERE payee_id = 'enterprise-vault.sig') WHERE payee_id = 'individual-vault.sig'"));

        assertThatThrownBy(() -> profiles.find("individual-vault.sig"))
                .isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("payee_tax_profile.tin_sealed of individual-vault.sig does not open");
        assertThat(profiles.find("enterprise-vault.sig")).isPresent();
    }

    @Test
    void readingWithoutTheKeyFailsNamingTheKeyId() {
        profiles.save(TaxProfileFixtures.enterprise(), "ops");
        String keyId = profiles.countsByKey().keySet().iterator().next();
        TaxProfiles withOtherKey = app.taxProfiles(DataKeyRing.inMemory());

        assertThatThrownBy(() -> withOtherKey.find("enterprise-vault.sig"))
                .isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("data key '" + keyId + "' is not in the key ring");
    }
}
