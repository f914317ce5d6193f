package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code licensing} command line. */
@Command(name = "licensing", mixinStandardHelpOptions = true, version = "MirrorOS Licensing 0.1.0",
        description = "MirrorOS Licensing: partner revenue sharing, ledger and payouts.",
        subcommands = {ServeCommand.class, VaultsCommand.class, SplitCommand.class, LedgerCommand.class,
                AuditCommand.class, EventsCommand.class, StripeSandboxCommand.class, LoadgenCommand.class,
                PartnersCommand.class, PayoutsCommand.class, RiskCommand.class, ReconcileCommand.class,
                TiersCommand.class,
                AnalyticsCommand.class, ForkHostedPlatformCommand.class, HostedCommand.class,
                CreateAgentTemplateCommand.class, TemplatesCommand.class, SetExportPricingCommand.class,
                CheckoutCommand.class, DemoCommand.class, ReferralsCommand.class, KeysCommand.class, ReportsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Environment: LICENSING_DATA_DIR, LICENSING_DB_URL, LICENSING_PORT, LICENSING_HOST, "
                + "LICENSING_STRIPE_WEBHOOK_SECRET, LICENSING_STRIPE_API_KEY, LICENSING_STRIPE_API_BASE (see serve --help).",
                "Exit codes: 0 ok, 1 failure found (e.g. audit verify) or unexpected error, 2 bad input."})
public final class LicensingCli implements Runnable {
    /** Exit code for input the user can fix: bad flags, invalid files, unknown vaults. */
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILURE = 1;
    private static final Logger LOG = LoggerFactory.getLogger(LicensingCli.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own out/err writers. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new LicensingCli());
        cli.setExecutionExceptionHandler(LicensingCli::handleExecutionException);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof LicensingException expected) {
            err.println("licensing: " + expected.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        LOG.debug("unexpected error", e);
        err.println("licensing: unexpected error: " + e + " (rerun with LICENSING_JAVA_OPTS=-Dlogback.debug=true "
                + "for details)");
        err.flush();
        return EXIT_FAILURE;
    }
}
