package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Discrepancy;
import ai.mirroros.licensing.payout.Reconciler;
import ai.mirroros.licensing.payout.Reconciliation;
import ai.mirroros.licensing.payout.Reconciliation.Report;
import ai.mirroros.licensing.payout.Reconciliation.Window;
import ai.mirroros.licensing.payout.StripeTransferSource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code licensing reconcile}: the ledger's payouts against Stripe's transfers, to the cent. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare the ledger's payouts and connect_transfers movements with Stripe's transfers and "
                + "their balance transactions; list every difference to the cent.",
                "Exit code 0 when both sides agree, 1 when any difference is found, 2 for bad input or when Stripe "
                        + "cannot be read."})
final class ReconcileCommand implements Callable<Integer> {
    /** Longest id shown in a table column before it is cut; the JSON always has the whole id. */
    static final int COLUMN_WIDTH_MAX = 40;

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;

    @Option(names = "--from", paramLabel = "DATE",
            description = "First day to reconcile, e.g. 2026-03-01 (UTC, inclusive; default: the beginning).")
    String from;

    @Option(names = "--to", paramLabel = "DATE",
            description = "Last day to reconcile (UTC, inclusive; default: no end).")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    StripeOptions stripeOptions;

    @Override
    public Integer call() throws JsonProcessingException {
        Window window = window();
        boolean json = switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "table" -> false;
            case "json" -> true;
            default -> throw new LicensingException("invalid_format", "--format must be table or json, got '"
                    + format + "'");
        };
        StripeTransferSource stripe = new StripeTransferSource(stripeOptions.client());
        Report report;
        try (LicensingApp app = store.openApp(Clock.systemUTC());
             ProgressBar bar = EventsCommand.progressBar(err(), "reading Stripe", -1)) {
            report = new Reconciler(app.database(), stripe).reconcile(window, bar::stepBy);
        } catch (StripeTransferSource.Unavailable e) {
            err().println();
            throw new LicensingException("stripe_unavailable", e.getMessage() + "; nothing was compared");
        }
        err().println();
        if (json) {
            out().println(toJson(report, window, LicensingApp.newObjectMapper()));
        } else {
            printTable(report);
        }
        out().flush();
        return report.clean() ? 0 : LicensingCli.EXIT_FAILURE;
    }

    private Window window() {
        Optional<LocalDate> start = date("--from", from);
        Optional<LocalDate> end = date("--to", to);
        if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
            throw new LicensingException("invalid_window", "--from " + start.get() + " is after --to " + end.get());
        }
        return new Window(start, end);
    }

    private static Optional<LocalDate> date(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new LicensingException("invalid_date", option + " must be a date like 2026-03-01, got '" + value
                    + "'");
        }
    }

    private void printTable(Report report) {
        PrintWriter out = out();
        if (!report.differences().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "KIND", "PAYOUT", "TRANSFER", "DIFFERENCE"});
            int n = 0;
            for (Discrepancy d : report.differences()) {
                rows.add(new String[] {Integer.toString(++n), d.kind(), cut(d.payoutId().orElse("-")),
                        cut(d.transferIds().isEmpty() ? "-" : String.join(",", d.transferIds())), d.describe()});
            }
            int[] widths = new int[4];
            rows.forEach(row -> {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            for (String[] row : rows) {
                out.printf("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3]
                        + "s  %s%n", (Object[]) row);
            }
        }
        out.println(report.summary());
        report.warnings().forEach(w -> out.println("warning: " + w));
    }

    private static String cut(String text) {
        return text.length() <= COLUMN_WIDTH_MAX ? text : text.substring(0, COLUMN_WIDTH_MAX - 1) + "…";
    }

    static String toJson(Report report, Window window, ObjectMapper mapper) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", window.from().map(LocalDate::toString).orElse(null));
        root.put("to", window.to().map(LocalDate::toString).orElse(null));
        root.put("clean", report.clean());
        root.put("summary", report.summary());
        root.put("payouts", report.payouts());
        root.put("transfers", report.transfers());
        root.put("transferred", Reconciliation.byCurrency(report.transferred().values()).stream()
                .map(ReconcileCommand::amount).toList());
        List<Map<String, Object>> differences = new ArrayList<>();
        for (Discrepancy d : report.differences()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", d.kind());
            row.put("payoutId", d.payoutId().orElse(null));
            row.put("transferIds", d.transferIds());
            Map<String, Object> amounts = new LinkedHashMap<>();
            d.amounts().forEach((role, money) -> amounts.put(role, amount(money)));
            row.put("amounts", amounts);
            row.put("description", d.describe());
            differences.add(row);
        }
        root.put("differences", differences);
        root.put("warnings", report.warnings());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static Map<String, String> amount(Money money) {
        Map<String, String> amount = new LinkedHashMap<>();
        amount.put("currency", money.currency().code());
        amount.put("amount", money.toDecimalString());
        return amount;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
