package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.tier.MonthRevenue;
import ai.mirroros.licensing.tier.TierPolicy;
import ai.mirroros.licensing.tier.UpgradeCalculator;
import ai.mirroros.licensing.tier.UpgradeEstimate;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.LicensedVault;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tiers", mixinStandardHelpOptions = true,
        description = {"License tiers: where each vault stands against the next tier, and the upgrade calculator.",
                "A payment that takes a vault's calendar month (UTC) over the next tier's threshold ($10k startup "
                        + "80 %%, $50k enterprise 85 %%, $100k premium enterprise 90 %%) upgrades it from that "
                        + "payment on; see docs/GROWTH.md."},
        subcommands = {TiersCommand.Status.class, TiersCommand.Roi.class})
final class TiersCommand extends CommandGroup {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each vault's tier, this month's revenue, and the next tier's threshold (as of --as-of).")
    static final class Status extends TimedDatabaseCommand {
        @Parameters(paramLabel = "VAULT", arity = "0..1", description = "One vault; default: all.")
        String vaultId;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                Instant now = app.clock().instant();
                TierPolicy policy = new TierPolicy(app.platformTerms());
                List<LicensedVault> vaults = vaultId == null ? app.vaults().all(now)
                        : List.of(app.vaults().require(vaultId, now));
                YearMonth month = MonthRevenue.monthOf(now);
                PrintWriter out = out();
                out.printf("%-28s %-20s %8s %18s  %s%n", "VAULT", "TIER", "SHARE", "REVENUE " + month, "NEXT TIER");
                for (LicensedVault vault : vaults) {
                    Money revenue = app.database().jdbi().withHandle(h -> MonthRevenue.of(h, vault.vaultId(), month,
                            vault.settlementCurrency()));
                    out.printf("%-28s %-20s %8s %18s  %s%n", vault.vaultId(), vault.licenseType().wireName(),
                            vault.revenueSharing().partnerShare(), revenue, next(policy, vault, revenue));
                }
                out.println("downgrade policy: " + app.platformTerms().downgradePolicy().name().toLowerCase()
                        .replace('_', ' '));
            }
            return 0;
        }

        private static String next(TierPolicy policy, LicensedVault vault, Money revenue) {
            Optional<LicenseType> next = TierPolicy.next(vault.licenseType());
            if (next.isEmpty()) {
                return "- (highest tier)";
            }
            if (!policy.applies(vault)) {
                return next.get().wireName() + ": not automatic for " + vault.settlementCurrency()
                        + " (thresholds are in " + policy.threshold(next.get()).currency() + ")";
            }
            Money threshold = policy.threshold(next.get());
            return next.get().wireName() + " at " + threshold + " (" + threshold.minus(revenue) + " to go)";
        }
    }

    @Command(name = "roi", mixinStandardHelpOptions = true,
            description = "The upgrade calculator: what the vault would have earned over the last months at the next "
                    + "tier, every payment split again with the next tier's share (same fee, same bonuses).")
    static final class Roi extends TimedDatabaseCommand {
        @Parameters(paramLabel = "VAULT", description = "Vault id.")
        String vaultId;

        @Option(names = "--months", defaultValue = "6",
                description = "Calendar months to look back over, this month included (default: ${DEFAULT-VALUE}).")
        int months;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                UpgradeEstimate e = new UpgradeCalculator(app.database(), app.vaults(),
                        new TierPolicy(app.platformTerms()), app.json())
                        .estimate(vaultId, app.clock().instant(), months);
                PrintWriter out = out();
                out.printf("%s: %s → %s (threshold %s a month)%n", e.vaultId(), e.currentTier().wireName(),
                        e.nextTier().wireName(), e.nextThreshold());
                out.printf("period %s .. %s: %d payments, gross %s%n", e.from(), e.to(), e.payments(), e.gross());
                out.printf("earned as split:                          %s%n", e.earned());
                out.printf("would have earned at %-20s %s%n", e.nextTier().wireName() + ":", e.wouldHaveEarned());
                out.printf("difference: %s over %d months (%s a month)%n", e.difference(), e.months().size(),
                        Money.ofMinor(e.difference().amountMinor() / e.months().size(), e.difference().currency()));
                out.printf("months reaching the %s threshold: %d of %d%n", e.nextTier().wireName(),
                        e.monthsReaching(), e.months().size());
                for (UpgradeEstimate.Month m : e.months()) {
                    out.printf("  %s  %16s  %s%n", m.month(), m.gross(), m.reachesNextThreshold() ? "reached" : "");
                }
            }
            return 0;
        }
    }
}
