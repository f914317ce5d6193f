package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.sensitive.DataKeyRotation;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing keys rotate-data-key | data-key-status | retire-data-key}: the keys sealing sensitive data. */
final class DataKeysCommands {
    static final String ACTIVITY_ADDED = "data_key.added";
    static final String ACTIVITY_RETIRED = "data_key.retired";

    private DataKeysCommands() {
    }

    abstract static class DataKeyCommand extends StoreCommand {
        @Mixin
        DataKeyOptions dataKeys;

        /** Key id events are recorded without any key material: the id names the key, nothing more. */
        static void record(LicensingApp app, String type, String keyId, Map<String, Object> extra) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("keyId", keyId);
            payload.putAll(extra);
            app.activityLog().append(List.of(ActivityRecord.of(app.clock().instant(), type, payload)
                    .fromSource("data_key:" + keyId)));
        }
    }

    @Command(name = "rotate-data-key", mixinStandardHelpOptions = true,
            description = {"Add a fresh data key to the key file, make it active, and re-encrypt every sealed value "
                    + "(TINs, addresses, bank details) under it, one transaction per batch, with progress.",
                    "Each row records its key, so a rotation that was interrupted finishes when run again (without "
                            + "adding another key). Old keys stay in the file for opening backups; remove them with "
                            + "retire-data-key. With LICENSING_DATA_KEY set, set the new key there and keep the "
                            + "old one in the key file: this command then re-encrypts to it (docs/SECURITY.md)."})
    static final class Rotate extends DataKeyCommand {
        @Option(names = "--dry-run", description = "Only report what would be re-encrypted; change nothing.")
        boolean dryRun;

        @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "" + DataKeyRotation.DEFAULT_BATCH_ROWS,
                description = "Rows per transaction, 1.." + DataKeyRotation.MAX_BATCH_ROWS
                        + " (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Override
        public Integer call() {
            if (batchSize < 1 || batchSize > DataKeyRotation.MAX_BATCH_ROWS) {
                throw new LicensingException("invalid_batch_size", "--batch-size must be 1.."
                        + DataKeyRotation.MAX_BATCH_ROWS);
            }
            PrintWriter out = out();
            DataKeyRing ring = dataKeys.ring(store.dataDir());
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                DataKeyRotation rotation = new DataKeyRotation(app.taxProfiles(ring));
                requireNoMissingKeys(rotation);
                DataKeyRotation.Plan plan = rotation.plan();
                long rows = plan.rowsByKey().values().stream().mapToLong(Long::longValue).sum();
                if (plan.rowsToReencrypt() > 0) {
                    out.println((dryRun ? "would re-encrypt" : "re-encrypting") + " (an interrupted rotation, or a "
                            + "new " + DataKeyRing.ENV_KEY + "): "
                            + plan.rowsToReencrypt() + " of " + rows + " rows (" + plan.valuesToReencrypt()
                            + " values) are not yet under the active key " + plan.activeKeyId() + "; no new key "
                            + (dryRun ? "would be" : "is") + " added");
                } else if (ring.activeFromEnvironment()) {
                    throw new LicensingException("data_key_from_environment", "every value is already under "
                            + "LICENSING_DATA_KEY's key " + ring.activeKeyId() + ": to rotate, copy it into the key "
                            + "file as '" + ring.activeKeyId() + "=<base64>', set a new LICENSING_DATA_KEY, and run "
                            + "this again");
                } else if (dryRun) {
                    out.println("would add a new data key to " + ring.file().orElseThrow() + " and re-encrypt "
                            + rows + " rows (" + plan.totalValues() + " values) "
                            + "now under " + describe(plan.rowsByKey()));
                } else {
                    ring = ring.withNewActiveKey();
                    record(app, ACTIVITY_ADDED, ring.activeKeyId(), Map.of("file", ring.file().orElseThrow()
                            .toString()));
                    out.println("added data key " + ring.activeKeyId() + " to " + ring.file().orElseThrow()
                            + " (active); the old keys stay there for opening older values and backups");
                    rotation = new DataKeyRotation(app.taxProfiles(ring));
                    plan = rotation.plan();
                }
                if (dryRun) {
                    return 0;
                }
                DataKeyRotation.Result result = run(rotation, plan.rowsToReencrypt());
                out.println("re-encrypted " + result.rowsReencrypted() + " rows (" + result.valuesReencrypted()
                        + " values) under " + result.activeKeyId() + " in " + result.batches() + " batch(es)");
                List<String> idle = ring.keyIds().stream().filter(id -> !id.equals(result.activeKeyId())).toList();
                if (!idle.isEmpty()) {
                    out.println("no value is under " + String.join(", ", idle) + " any more: once no backup you "
                            + "may restore needs them, remove them with: licensing keys retire-data-key ID");
                }
            }
            return 0;
        }

        private DataKeyRotation.Result run(DataKeyRotation rotation, long total) {
            PrintWriter err = spec.commandLine().getErr();
            if (total == 0) {
                return rotation.run(batchSize, DataKeyRotation.Progress.NONE);
            }
            try (ProgressBar bar = EventsCommand.progressBar(err, "re-encrypting", total)) {
                return rotation.run(batchSize, (done, all) -> bar.stepTo(done));
            } finally {
                err.println();
                err.flush();
            }
        }
    }

    @Command(name = "data-key-status", mixinStandardHelpOptions = true,
            description = "List the data keys (ids only, never the keys), which is active, and how many tax "
                    + "profiles are sealed under each.")
    static final class Status extends DataKeyCommand {
        @Override
        public Integer call() {
            DataKeyRing ring = dataKeys.ring(store.dataDir());
            Map<String, Long> counts;
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                counts = app.taxProfiles(ring).countsByKey();
            }
            PrintWriter out = out();
            out.println("keys from: " + ring.file().map(Object::toString).orElse("-")
                    + (ring.activeFromEnvironment() ? " and " + DataKeyRing.ENV_KEY : ""));
            out.printf("%-24s  %-8s  %-8s  %s%n", "KEY ID", "ACTIVE", "IN RING", "PROFILES");
            TreeSet<String> ids = new TreeSet<>(ring.keyIds());
            ids.addAll(counts.keySet());
            for (String id : ids) {
                out.printf("%-24s  %-8s  %-8s  %d%n", id, id.equals(ring.activeKeyId()) ? "yes" : "",
                        ring.contains(id) ? "yes" : "MISSING", counts.getOrDefault(id, 0L));
            }
            return 0;
        }
    }

    @Command(name = "retire-data-key", mixinStandardHelpOptions = true,
            description = "Remove an old data key from the key file once no value is sealed under it. Backups "
                    + "taken before the rotation need it: keep a copy with them if you may restore one.")
    static final class Retire extends DataKeyCommand {
        @Parameters(paramLabel = "KEY_ID", description = "The key id shown by data-key-status.")
        String keyId;

        @Override
        public Integer call() {
            DataKeyRing ring = dataKeys.ring(store.dataDir());
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                long inUse = app.taxProfiles(ring).countsByKey().getOrDefault(keyId, 0L);
                if (inUse > 0) {
                    throw new LicensingException("data_key_in_use", inUse + " tax profile(s) are still sealed under "
                            + "data key '" + keyId + "': run licensing keys rotate-data-key first");
                }
                DataKeyRing rest = ring.withoutKey(keyId);
                record(app, ACTIVITY_RETIRED, keyId, Map.of("file", rest.file().orElseThrow().toString()));
            }
            out().println("removed data key " + keyId + " from " + ring.file().orElseThrow());
            return 0;
        }
    }

    private static void requireNoMissingKeys(DataKeyRotation rotation) {
        List<String> missing = rotation.missingKeys();
        if (!missing.isEmpty()) {
            throw new LicensingException("data_key_unknown", "values are sealed under data key(s) "
                    + String.join(", ", missing) + ", which the key ring does not hold: restore the key file that "
                    + "has them (or point LICENSING_DATA_KEY_FILE at it) before rotating");
        }
    }

    private static String describe(Map<String, Long> rowsByKey) {
        if (rowsByKey.isEmpty()) {
            return "no key (there are no tax profiles yet)";
        }
        StringBuilder text = new StringBuilder();
        rowsByKey.forEach((id, n) -> text.append(text.isEmpty() ? "" : ", ").append(id).append(" (").append(n)
                .append(")"));
        return text.toString();
    }
}
