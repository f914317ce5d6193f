package ai.mirroros.licensing.sensitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyRotationTest extends DatabaseTestSupport {
    @TempDir
    Path dataDir;

    private LicensingApp app;
    private DataKeyRing oldRing;

    @BeforeEach
    void saveProfilesUnderTheFirstKey() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        oldRing = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        TaxProfiles profiles = app.taxProfiles(oldRing);
        TaxProfileFixtures.all().forEach(p -> profiles.save(p, "ops"));
    }

    private List<String> storedKeyIds() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT tin_sealed, address_sealed, bank_sealed, data_key_id "
                        + "FROM payee_tax_profile").map((rs, ctx) -> {
                    String row = rs.getString("data_key_id");
                    for (String column : TaxProfiles.SEALED_COLUMNS) {
                        String sealed = rs.getString(column);
                        if (sealed != null) {
                            assertThat(Sealer.keyIdOf(sealed)).as(column).isEqualTo(row);
                        }
                    }
                    return row;
                }).list());
    }

    @Test
    void rotationPutsEveryValueUnderTheNewKeyAndTheOldKeyCanThenBeRemoved() {
        DataKeyRing ring = oldRing.withNewActiveKey();
        DataKeyRotation rotation = new DataKeyRotation(app.taxProfiles(ring));
        DataKeyRotation.Plan plan = rotation.plan();

        DataKeyRotation.Result result = rotation.run(2, DataKeyRotation.Progress.NONE);

        assertThat(plan.rowsToReencrypt()).isEqualTo(3);
        assertThat(plan.valuesToReencrypt()).isEqualTo(8);
        assertThat(result.rowsReencrypted()).isEqualTo(3);
        assertThat(result.valuesReencrypted()).isEqualTo(8);
        assertThat(result.batches()).isEqualTo(2);
        assertThat(storedKeyIds()).containsOnly(ring.activeKeyId()).hasSize(3);
        DataKeyRing withoutOld = ring.withoutKey(oldRing.activeKeyId());
        assertThat(app.taxProfiles(withoutOld).findAll()).containsExactlyElementsOf(
                List.of(TaxProfileFixtures.enterprise(), TaxProfileFixtures.individual(),
                        TaxProfileFixtures.startup()));
        assertThat(rotation.run(2, DataKeyRotation.Progress.NONE).rowsReencrypted()).isZero();
        List<ActivityEntry> batches = app.activityLog().recent(Optional.empty(), 500).stream()
                .filter(e -> e.type().equals(DataKeyRotation.ACTIVITY_REENCRYPTED)).toList();
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).payload().toString()).contains(ring.activeKeyId(), oldRing.activeKeyId());
    }

    @Test
    void aRotationKilledMidwayCompletesWhenRunAgain() {
        DataKeyRing ring = oldRing.withNewActiveKey();
        DataKeyRotation rotation = new DataKeyRotation(app.taxProfiles(ring));

        assertThatThrownBy(() -> rotation.run(1, (done, total) -> {
            throw new IllegalStateException("killed after batch " + done);
        })).hasMessage("killed after batch 1");

        assertThat(storedKeyIds()).containsExactlyInAnyOrder(ring.activeKeyId(), oldRing.activeKeyId(),
                oldRing.activeKeyId());
        assertThat(app.taxProfiles(ring).findAll()).hasSize(3);
        DataKeyRing reread = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        DataKeyRotation.Result rest = new DataKeyRotation(app.taxProfiles(reread)).run(1,
                DataKeyRotation.Progress.NONE);

        assertThat(rest.rowsReencrypted()).isEqualTo(2);
        assertThat(storedKeyIds()).containsOnly(ring.activeKeyId());
        assertThat(app.taxProfiles(reread.withoutKey(oldRing.activeKeyId())).findAll()).hasSize(3);
    }

    @Test
    void rotationRefusesNothingButReportsKeysTheRingLacks() {
        DataKeyRing stranger = DataKeyRing.inMemory();
        DataKeyRotation rotation = new DataKeyRotation(app.taxProfiles(stranger));

        assertThat(rotation.missingKeys()).containsExactly(oldRing.activeKeyId());
        assertThatThrownBy(() -> rotation.run(10, DataKeyRotation.Progress.NONE))
                .isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("data key '" + oldRing.activeKeyId() + "' is not in the key ring");
        assertThat(storedKeyIds()).containsOnly(oldRing.activeKeyId());
    }
}
