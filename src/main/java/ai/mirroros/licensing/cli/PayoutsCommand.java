package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payout;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.payout.PayoutStatus;
import ai.mirroros.licensing.payout.PayoutStore;
import ai.mirroros.licensing.payout.TransferGateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing payouts …}: pay partners through Stripe Connect, and look at what was paid. */
@Command(name = "payouts", mixinStandardHelpOptions = true,
        description = "Run payouts (Stripe Connect transfers to partners) and inspect them.",
        subcommands = {PayoutsCommand.Run.class, PayoutsCommand.ListPayouts.class, PayoutsCommand.Show.class})
final class PayoutsCommand extends CommandGroup {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Pay every partner that is due: first reconcile payouts an interrupted run left in flight, "
                    + "then plan each due payee's payout (available balance >= minimum, KYC, tax form and payout "
                    + "account in order, no hold), reserve it in the ledger and make its transfer with an "
                    + "idempotency key, retrying transient failures with exponential backoff.",
                    "Safe to repeat or to run in several processes at once: a payee is paid once per due date."})
    static final class Run extends TimedDatabaseCommand {
        @Option(names = "--dry-run", description = "Show what would be paid and skipped; change nothing.")
        boolean dryRun;

        @Mixin
        StripeOptions stripe;

        @Mixin
        PayoutOptions payout;

        @Option(names = "--verbose", description = "List every skipped payee with its reason.")
        boolean verbose;

        @Override
        public Integer call() {
            PayoutRunner.Settings settings = payout.settings();
            TransferGateway gateway = dryRun ? DRY_RUN_GATEWAY : payout.gateway(stripe.apiKey, stripe.apiBase);
            // --as-of decides due dates and holding periods; the clock starts there and keeps ticking, because
            // retry waits need time to pass.
            Instant runAsOf = asOf.clock().instant();
            try (LicensingApp app = store.openApp(ticking(asOf.clock()))) {
                PayoutRunner runner = app.payoutRunner(gateway, settings);
                PayoutRunner.Report report;
                try (BarProgress progress = new BarProgress(spec.commandLine().getErr())) {
                    report = runner.run(runAsOf, dryRun, progress);
                }
                print(out(), report, verbose);
                return 0;
            }
        }
    }

    /** A clock that starts at {@code start}'s instant and advances with the system clock. */
    static Clock ticking(Clock start) {
        Instant from = start.instant();
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), from));
    }

    /** A dry run never calls Stripe; this is the proof. */
    private static final TransferGateway DRY_RUN_GATEWAY = new TransferGateway() {
        @Override
        public Attempt transfer(Payout payout) {
            throw new IllegalStateException("a dry run made a transfer");
        }

        @Override
        public List<FoundTransfer> findByGroup(String payoutId) {
            throw new IllegalStateException("a dry run asked Stripe");
        }
    };

    static void print(PrintWriter out, PayoutRunner.Report report, boolean verbose) {
        out.printf("payout run %s as of %s%s%n", report.runId(), report.asOf(), report.dryRun() ? " (dry run)" : "");
        if (report.recovered() > 0) {
            out.printf("  reconciled %d payout(s) an earlier run left in flight%n", report.recovered());
        }
        String verb = report.dryRun() ? "would pay" : "planned";
        out.printf("  %s %d payout(s)%s%n", verb, report.planned().size(), totals(report.plannedTotals()));
        if (report.dryRun() || verbose) {
            for (PayoutRunner.Planned p : report.planned()) {
                out.printf("    %-40s %-24s due %s  %s %s%n", p.payoutId(), p.payeeId(), p.dueDate(),
                        p.amount().toDecimalString(), p.amount().currency().code());
            }
        }
        if (!report.dryRun()) {
            out.printf("  paid %d, failed %d, retrying %d%s%n", report.paid(), report.failed(), report.retrying(),
                    report.nextRetryAt().map(t -> " (next attempt due " + t + ")").orElse(""));
        }
        out.printf("  skipped %d payee(s)%n", report.skipped().size());
        if (verbose) {
            report.skipped().forEach(s -> out.printf("    %-24s %s  %s%n", s.payeeId(), s.currency(), s.reason()));
        } else {
            report.skipReasons().forEach((reason, n) -> out.printf("    %5d × %s%n", n, reason));
        }
        report.problems().forEach(p -> out.println("  problem: " + p));
    }

    private static String totals(Map<String, Money> totals) {
        if (totals.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(":");
        totals.forEach((ccy, money) -> text.append(' ').append(money.toDecimalString()).append(' ').append(ccy));
        return text.toString();
    }

    /** Stages of a run as progress bars on stderr. */
    static final class BarProgress implements PayoutRunner.Progress, AutoCloseable {
        private final PrintWriter err;
        private ProgressBar bar;

        BarProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void stage(String name, long total) {
            close();
            if (total > 0) {
                bar = EventsCommand.progressBar(err, name, total);
            }
        }

        @Override
        public void advance(long steps) {
            if (bar != null) {
                bar.stepBy(steps);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                err.println();
                bar = null;
            }
        }
    }

    abstract static class ReadCommand extends StoreCommand {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List payouts, newest due date first.")
    static final class ListPayouts extends ReadCommand {
        @Option(names = "--vault", paramLabel = "VAULT", description = "Only this payee's payouts.")
        String vault;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only payouts in this status: planned, submitting, retrying, paid, failed.")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Optional<PayoutStatus> wanted = Optional.ofNullable(status).map(PayoutsCommand::status);
            if (limit < 1 || limit > PayoutStore.LIST_LIMIT_MAX) {
                throw new LicensingException("invalid_limit", "--limit must be 1 to " + PayoutStore.LIST_LIMIT_MAX);
            }
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                List<Payout> payouts = app.database().jdbi().withHandle(h -> PayoutStore.list(h,
                        Optional.ofNullable(vault), wanted, limit));
                if (json) {
                    for (Payout p : payouts) {
                        out().println(app.json().writeValueAsString(summary(p)));
                    }
                    return 0;
                }
                if (payouts.isEmpty()) {
                    out().println("no payouts" + (vault == null ? "" : " for " + vault)
                            + (status == null ? "" : " in status " + status));
                    return 0;
                }
                out().printf("%-44s %-24s %-10s %14s %-3s %-10s %-3s %s%n", "PAYOUT", "PAYEE", "DUE", "AMOUNT", "CCY",
                        "STATUS", "TRY", "TRANSFER / LAST ERROR");
                for (Payout p : payouts) {
                    out().printf("%-44s %-24s %-10s %14s %-3s %-10s %-3d %s%n", p.payoutId(), p.payeeId(),
                            p.dueDate(), p.amount().toDecimalString(), p.amount().currency().code(),
                            p.status().dbName(), p.attempts(), p.transferId().or(p::lastError).orElse(""));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one payout: amounts, transfer, and every attempt and change of state.")
    static final class Show extends ReadCommand {
        @Parameters(paramLabel = "PAYOUT_ID", description = "e.g. po_20261130_USD_enterprise-vault.sig")
        String payoutId;

        @Override
        public Integer call() throws IOException {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                Map<String, Object> shown = app.database().jdbi().withHandle(h -> {
                    Payout p = PayoutStore.find(h, payoutId).orElseThrow(() -> new LicensingException(
                            "unknown_payout", "no payout '" + payoutId + "'; see licensing payouts list"));
                    Map<String, Object> s = summary(p);
                    s.put("history", PayoutStore.events(h, payoutId).stream().map(e -> Map.of(
                            "at", e.at().atOffset(ZoneOffset.UTC).toString(),
                            "status", e.status().dbName(),
                            "detail", e.detail())).toList());
                    return s;
                });
                out().println(app.json().writerWithDefaultPrettyPrinter().writeValueAsString(shown));
                return 0;
            }
        }
    }

    static Map<String, Object> summary(Payout p) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("payout_id", p.payoutId());
        s.put("payee", p.payeeId());
        s.put("due_date", p.dueDate().toString());
        s.put("amount", p.amount().toDecimalString());
        s.put("currency", p.amount().currency().code());
        s.put("own_share", p.vaultPart().toDecimalString());
        s.put("referrer_commissions", p.referrerPart().toDecimalString());
        s.put("status", p.status().dbName());
        s.put("attempts", p.attempts());
        s.put("destination", p.stripeAccount());
        s.put("idempotency_key", p.idempotencyKey());
        p.transferId().ifPresent(t -> s.put("transfer_id", t));
        if (!p.reversed().isZero()) {
            s.put("reversed", p.reversed().toDecimalString());
        }
        p.nextAttemptAt().filter(t -> !p.status().isFinal()).ifPresent(t -> s.put("next_attempt_at", t.toString()));
        p.lastError().ifPresent(e -> s.put("last_error", e));
        s.put("created_at", p.createdAt().toString());
        s.put("updated_at", p.updatedAt().toString());
        return s;
    }

    static PayoutStatus status(String text) {
        try {
            return PayoutStatus.fromDbName(text.strip());
        } catch (IllegalArgumentException e) {
            throw new LicensingException("invalid_status", "unknown payout status '" + text
                    + "'; use planned, submitting, retrying, paid or failed");
        }
    }
}
