package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code licensing audit …}: the tamper-evident activity log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify and export the hash-chained activity log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand extends CommandGroup {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the hash chain; exit 1 and name the first entry that was edited, deleted or "
                    + "reordered.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                VerificationResult result = app.activityLog().verify();
                if (result.ok()) {
                    spec.commandLine().getOut().println("activity log intact: " + result.message());
                    return 0;
                }
                spec.commandLine().getErr().println("licensing: activity log TAMPERED: " + result.message());
                return LicensingCli.EXIT_FAILURE;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the whole chain as JSON (default: <data-dir>/vault/logs/license-activity.json).")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead.")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            Path target = out != null ? out : ActivityLog.exportFile(store.dataDir());
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                AtomicFile.write(target, stream -> app.activityLog().exportJson(stream));
            }
            spec.commandLine().getOut().println("wrote " + target);
            return 0;
        }
    }
}
