package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.RegistryJson;
import ai.mirroros.licensing.vault.VaultRegistry.ImportedVault;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.vault.VaultVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing vaults …}: the licensed-vault registry. */
@Command(name = "vaults", mixinStandardHelpOptions = true,
        description = "Import, export, list and show licensed vaults (versioned: changes never overwrite).",
        subcommands = {VaultsCommand.Import.class, VaultsCommand.Export.class, VaultsCommand.ListVaults.class,
                VaultsCommand.Show.class})
final class VaultsCommand extends CommandGroup {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Validate FILE (licensed-vaults.json shape) and store its vaults as new versions. "
                    + "A file with any error imports nothing.")
    static final class Import extends TimedDatabaseCommand {
        @Parameters(paramLabel = "FILE", description = "Registry file, an object keyed by vault id.")
        Path file;

        @Option(names = "--effective-from", paramLabel = "TIME",
                description = "When the imported terms take effect (ISO instant or date; default: now or --as-of). "
                        + "Payments before it keep the earlier terms.")
        String effectiveFrom;

        @Override
        public Integer call() {
            Clock clock = asOf.clock();
            Instant effective = effectiveFrom == null ? clock.instant() : AsOfOption.parseStart(effectiveFrom);
            try (LicensingApp app = store.openApp(clock)) {
                // Validated with the stored vaults, so a file may name referrers and parents registered earlier.
                Map<String, LicensedVault> vaults = VaultRegistryFile.load(file, app.vaults().latest());
                List<ImportedVault> imported = app.vaults().importVaults(vaults.values(), effective);
                PrintWriter out = out();
                for (ImportedVault v : imported) {
                    out.printf("%-28s %-9s version %d%s%n", v.vaultId(), v.change().name().toLowerCase(),
                            v.version(), v.tierChanged() ? "  (tier was " + v.previousTier().orElseThrow().wireName()
                                    + ")" : "");
                }
                out.printf("imported %s from %s: %d added, %d updated, %d unchanged; effective from %s%n",
                        file.getFileName(), file, count(imported, ImportedVault.Change.ADDED),
                        count(imported, ImportedVault.Change.UPDATED), count(imported, ImportedVault.Change.UNCHANGED),
                        effective);
            }
            return 0;
        }

        private static long count(List<ImportedVault> imported, ImportedVault.Change change) {
            return imported.stream().filter(v -> v.change() == change).count();
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the registry as in force at --as-of (default now) in licensed-vaults.json shape.")
    static final class Export extends TimedDatabaseCommand {
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                String json = RegistryJson.write(app.vaults().all(app.clock().instant()));
                if (out == null) {
                    spec.commandLine().getOut().print(json.endsWith("\n") ? json : json + "\n");
                    spec.commandLine().getOut().flush();
                } else {
                    AtomicFile.write(out, stream -> stream.write(json.getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)));
                    spec.commandLine().getErr().println("wrote " + out);
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per vault as of --as-of.")
    static final class ListVaults extends TimedDatabaseCommand {
        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                List<LicensedVault> vaults = app.vaults().all(app.clock().instant());
                PrintWriter out = out();
                if (vaults.isEmpty()) {
                    out.println("no vaults registered; import some with: licensing vaults import FILE");
                    return 0;
                }
                out.printf("%-28s %-20s %7s %-8s %-10s %s%n", "VAULT", "LICENSE", "PARTNER", "CURRENCY",
                        "PAYOUTS", "REFERRERS");
                for (LicensedVault v : vaults) {
                    out.printf("%-28s %-20s %7s %-8s %-10s %s%n", v.vaultId(), v.licenseType().wireName(),
                            v.revenueSharing().partnerShare(), v.settlementCurrency(),
                            v.compliance().readyForPayout() ? "ready" : "blocked",
                            String.join(" > ", v.mirrorOrigin().referrerChain()));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A vault's configuration as of --as-of, and its version history.")
    static final class Show extends TimedDatabaseCommand {
        @Parameters(paramLabel = "ID", description = "Vault id, e.g. enterprise-vault.sig.")
        String vaultId;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                LicensedVault vault = app.vaults().require(vaultId, app.clock().instant());
                PrintWriter out = out();
                out.println(RegistryJson.write(List.of(vault)));
                out.println("versions:");
                for (VaultVersion version : app.vaults().history(vaultId)) {
                    out.printf("  %d  effective %s  recorded %s  %s%n", version.version(), version.effectiveFrom(),
                            version.recordedAt(), version.vault().licenseType().wireName());
                }
            }
            return 0;
        }
    }
}
