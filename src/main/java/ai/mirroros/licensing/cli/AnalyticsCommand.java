package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.analytics.AcquisitionSpend;
import ai.mirroros.licensing.analytics.AnalyticsJson;
import ai.mirroros.licensing.analytics.AnalyticsReport;
import ai.mirroros.licensing.analytics.Stream;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.MoneyException;
import ai.mirroros.licensing.tier.MonthRevenue;
import ai.mirroros.licensing.vault.LicensedVault;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = {"A partner's analytics: revenue by stream, monthly growth, customers, lifetime value, churn,",
                "acquisition cost, exports, conversion and agent loops, computed from payments and the ledger."},
        subcommands = {AnalyticsCommand.Show.class, AnalyticsCommand.Spend.class})
final class AnalyticsCommand extends CommandGroup {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A vault's figures over a period (default: the six calendar months up to --as-of).")
    static final class Show extends TimedDatabaseCommand {
        @Parameters(paramLabel = "VAULT", description = "Vault id.")
        String vaultId;

        @Option(names = "--from", paramLabel = "DATE", description = "Start of the period (a date: its start, UTC).")
        String from;

        @Option(names = "--to", paramLabel = "DATE",
                description = "End of the period, exclusive (a date: its start, UTC). Default: --as-of.")
        String to;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                Instant end = to == null ? app.clock().instant() : AsOfOption.parseStart(to);
                Instant start = from == null ? MonthRevenue.start(MonthRevenue.monthOf(end.minusNanos(1))
                        .minusMonths(5)) : AsOfOption.parseStart(from);
                if (!start.isBefore(end)) {
                    throw new LicensingException("invalid_period", "--from must be before --to");
                }
                AnalyticsReport r = app.analytics().report(vaultId, start, end);
                PrintWriter out = out();
                if (json) {
                    out.println(app.json().writerWithDefaultPrettyPrinter().writeValueAsString(AnalyticsJson.toMap(r)));
                    return 0;
                }
                print(out, r);
            }
            return 0;
        }

        private static void print(PrintWriter out, AnalyticsReport r) {
            out.printf("%s  %s .. %s%n%n", r.vaultId(), r.from(), r.to());
            out.printf("%-12s %8s %16s %16s%n", "STREAM", "PAYMENTS", "GROSS", "PARTNER EARNED");
            r.streams().forEach((stream, f) -> {
                if (stream != Stream.OTHER || f.payments() > 0) {
                    out.printf("%-12s %8d %16s %16s%n", stream.label(), f.payments(), f.gross(),
                            f.partnerEarnings());
                }
            });
            out.printf("%-12s %8s %16s %16s%n", "referrals", "", "", r.referralCommissions());
            out.printf("total earned %s; clawed back (refunds, disputes) %s%n%n", r.totalEarned(), r.clawedBack());
            out.println("MONTH      GROSS            GROWTH");
            for (AnalyticsReport.MonthFigures m : r.months()) {
                out.printf("%-10s %-16s %s%n", m.month(), m.gross(), percent(m.growthPercent()));
            }
            out.println();
            out.printf("customers served %d (new %d); lifetime value %s per customer%n", r.customersServed(),
                    r.newCustomers(), money(r.lifetimeValue()));
            out.printf("acquisition spend %s; cost per new customer %s%n", r.acquisitionSpend(),
                    money(r.acquisitionCost()));
            out.printf("hosted platforms: %d active at start, %d started, %d ended; churn %s%n",
                    r.churn().activeAtStart(), r.churn().started(), r.churn().ended(),
                    percent(r.churn().ratePercent()));
            out.printf("exports: %d, average value %s%n", r.exports().count(), money(r.exports().averageValue()));
            out.printf("template conversion: %d sales / %d listing views = %s%n",
                    r.templateConversion().conversions(), r.templateConversion().visits(),
                    percent(r.templateConversion().ratePercent()));
            out.printf("referral conversion: %d sign-ups / %d link visits = %s%n",
                    r.referralConversion().conversions(), r.referralConversion().visits(),
                    percent(r.referralConversion().ratePercent()));
            out.printf("agent loops: %d active, revenue %s, per loop %s%n", r.loops().active(), r.loops().gross(),
                    money(r.loops().revenuePerLoop()));
        }

        private static String percent(Optional<BigDecimal> value) {
            return value.map(v -> v.toPlainString() + " %").orElse("n/a");
        }

        private static String money(Optional<Money> value) {
            return value.map(Money::toString).orElse("n/a");
        }
    }

    @Command(name = "spend", mixinStandardHelpOptions = true,
            description = "Records what a vault spent on customer acquisition in a month (for acquisition cost).")
    static final class Spend extends TimedDatabaseCommand {
        @Parameters(paramLabel = "VAULT", description = "Vault id.")
        String vaultId;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month, e.g. 2026-10.")
        String month;

        @Option(names = "--amount", required = true, paramLabel = "AMOUNT",
                description = "The spend in the vault's settlement currency, e.g. 1500.00.")
        String amount;

        @Option(names = "--note", description = "What it was spent on.")
        String note;

        @Override
        public Integer call() {
            YearMonth parsedMonth;
            try {
                parsedMonth = YearMonth.parse(month);
            } catch (DateTimeParseException e) {
                throw new LicensingException("invalid_month", "'" + month + "' is not a month such as 2026-10");
            }
            try (LicensingApp app = store.openApp(asOf.clock())) {
                Instant now = app.clock().instant();
                LicensedVault vault = app.vaults().require(vaultId, now);
                Money spend;
                try {
                    spend = Money.parse(amount, vault.settlementCurrency());
                } catch (MoneyException e) {
                    throw new LicensingException("invalid_amount", e.getMessage());
                }
                if (spend.isNegative()) {
                    throw new LicensingException("invalid_amount", "--amount must not be negative");
                }
                app.database().jdbi().useHandle(h -> AcquisitionSpend.record(h, vaultId, parsedMonth, spend,
                        Optional.ofNullable(note), now));
                out().printf("recorded %s of acquisition spend for %s in %s%n", spend, vaultId, parsedMonth);
            }
            return 0;
        }
    }
}
