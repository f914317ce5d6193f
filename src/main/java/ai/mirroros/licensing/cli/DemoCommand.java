package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.access.IssuedKey;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.demo.DemoReport;
import ai.mirroros.licensing.demo.DemoSeedException;
import ai.mirroros.licensing.demo.DemoSeeder;
import ai.mirroros.licensing.demo.DemoSettings;
import ai.mirroros.licensing.demo.DemoSummary;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licensing demo …}: the demo dataset. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Seed a realistic demo dataset through the real webhook path.",
        subcommands = {DemoCommand.Seed.class})
final class DemoCommand extends CommandGroup {

    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = {"Seed an empty database with the seed's three success stories — an enterprise vault, "
                    + "a startup it referred and an individual developer the startup referred — and months of "
                    + "template sales, hosting invoices, agent and loop exports, a platform fork, refunds, a lost "
                    + "dispute and payouts.",
                    "Everything is made in an in-process Stripe sandbox and reaches the engine as signed webhooks "
                    + "through its own endpoint, so every figure other commands show was computed by the engine. "
                    + "The same --seed, --months and --as-of give the same payments, ids and amounts.",
                    "Refused when the database already holds data."})
    static final class Seed extends TimedDatabaseCommand {
        @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DemoSettings.SEED_DEFAULT,
                description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--months", paramLabel = "N", defaultValue = "" + DemoSettings.MONTHS_DEFAULT,
                description = "Months of history before --as-of, 1 to " + DemoSettings.MONTHS_MAX
                        + " (default: ${DEFAULT-VALUE}).")
        int months;

        @Mixin
        DataKeyOptions dataKeys;

        @Option(names = "--no-keys",
                description = "Do not create and print a dashboard API key for each demo partner after seeding.")
        boolean noKeys;

        @Override
        public Integer call() {
            Clock real = Clock.systemUTC();
            Instant end = asOf.clock().instant();
            if (end.isAfter(real.instant())) {
                throw new LicensingException("invalid_time", "--as-of " + end + " is in the future; the demo's "
                        + "history ends at --as-of, which must be now or earlier");
            }
            DemoSettings settings = new DemoSettings(seed, months, end);
            try (LicensingApp app = store.openApp(real)) {
                DemoReport report;
                try (BarProgress progress = new BarProgress(spec.commandLine().getErr())) {
                    report = DemoSeeder.seed(app.database(), settings, real, progress,
                            dataKeys.ring(store.dataDir()));
                } catch (DemoSeedException e) {
                    spec.commandLine().getErr().println("licensing: demo seed failed: " + e.getMessage()
                            + " (the database is partly seeded: start again with a fresh one)");
                    return LicensingCli.EXIT_FAILURE;
                }
                DemoSummary summary = DemoSummary.of(app);
                print(out(), report, summary);
                if (!noKeys) {
                    printDashboardKeys(out(), app);
                }
                return summary.journalBalances() && summary.chain().ok()
                        && summary.stripeClearing().equals(report.stripeBalance()) ? 0 : LicensingCli.EXIT_FAILURE;
            }
        }
    }

    static void print(PrintWriter out, DemoReport report, DemoSummary summary) {
        DemoSettings settings = report.settings();
        out.printf("demo seeded: %s from %s to %s (seed %d)%n", plural(settings.months(), "month"),
                report.start(), settings.asOf(), settings.seed());
        Map<String, Integer> byProduct = new TreeMap<>(report.salesByProduct());
        out.printf("  %d payments in the Stripe sandbox: %s (%d of them subscription invoices)%n", report.sales(),
                byProduct.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")), report.invoices());
        out.printf("  %s, %s; %s paid %s%n", plural(report.refunds(), "refund"),
                plural(report.disputes(), "dispute"), plural(report.payoutRuns(), "payout run"),
                plural(report.payoutsPaid(), "payout"));
        out.printf("  %d webhooks signed, posted to /webhooks/stripe and acknowledged; inbox: %d processed, "
                        + "%d ignored, %d pending, %d parked%n", report.eventsDelivered(), report.inbox().processed(),
                report.inbox().ignored(), report.inbox().pending(), report.inbox().parked());
        out.printf("  took %s%n", seconds(report.elapsed()));
        out.println();
        summary.print(out);
        boolean tied = summary.stripeClearing().equals(report.stripeBalance());
        out.printf("stripe: the sandbox's platform balance %s %s %s the ledger's stripe_clearing %s %s%n",
                report.stripeBalance().toDecimalString(), report.stripeBalance().currency().code(),
                tied ? "equals" : "DIFFERS FROM", summary.stripeClearing().toDecimalString(),
                summary.stripeClearing().currency().code());
    }

    /** A partner key per demo vault, so the dashboard can be opened right after the seed. */
    private static void printDashboardKeys(PrintWriter out, LicensingApp app) {
        out.println();
        out.println("dashboard: run ./licensing serve, open http://localhost:8080/dashboard/license-partner-panel.html"
                + " and sign in with a partner key (shown only now; more with: licensing keys create --vault ID):");
        for (LicensedVault vault : app.vaults().latest()) {
            IssuedKey issued = app.apiKeys().createForVault(vault.vaultId(), "demo dashboard");
            out.printf("  %-22s %s%n", vault.vaultId(), issued.token());
        }
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String seconds(Duration elapsed) {
        return String.format("%d.%d s", elapsed.toSeconds(), elapsed.toMillisPart() / 100);
    }

    /** The seed's actions as a progress bar on stderr, with the webhooks delivered so far. */
    static final class BarProgress implements DemoSeeder.Progress, AutoCloseable {
        private final PrintWriter err;
        private ProgressBar bar;

        BarProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(long steps) {
            bar = EventsCommand.progressBar(err, "seeding", steps);
        }

        @Override
        public void stepped(long eventsDelivered) {
            bar.step();
            bar.setExtraMessage(eventsDelivered + " webhooks");
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                err.println();
            }
        }
    }
}
