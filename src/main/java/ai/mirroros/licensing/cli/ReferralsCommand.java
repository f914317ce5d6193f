package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.referral.FunnelCounts;
import ai.mirroros.licensing.referral.ReferralCode;
import ai.mirroros.licensing.referral.ReferralExplainer.Explanation;
import ai.mirroros.licensing.referral.ReferralSignups.Signup;
import ai.mirroros.licensing.referral.ReferralStats.CodeStats;
import ai.mirroros.licensing.referral.Referrals;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing referrals …}: the referral programme — codes, sign-ups, the funnel, and attribution answers. */
@Command(name = "referrals", mixinStandardHelpOptions = true,
        description = {"The referral programme: a vault hands out codes and share links; a vault signing up with a "
                + "code gets the code owner's referrer chain, and its payments pay each level a commission for its "
                + "lifetime, out of the master share.",
                "Share links are <share link base>/r/<code>: a visit is counted and sent on to the sign-up page."},
        subcommands = {ReferralsCommand.Codes.class, ReferralsCommand.SignUp.class, ReferralsCommand.Share.class,
                ReferralsCommand.Stats.class, ReferralsCommand.Explain.class})
final class ReferralsCommand extends CommandGroup {

    /** A referrals subcommand: runs {@code work} on the programme's services over the database as of --as-of. */
    abstract static class ReferralCommand extends TimedDatabaseCommand {
        <T> T withReferrals(Function<Referrals, T> work) {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                return work.apply(Referrals.of(app));
            }
        }

        <T> T withApp(Function<LicensingApp, T> work) {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                return work.apply(app);
            }
        }
    }

    @Command(name = "codes", mixinStandardHelpOptions = true, description = "Create, list and revoke referral codes.",
            subcommands = {CreateCode.class, ListCodes.class, RevokeCode.class})
    static final class Codes extends CommandGroup {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a referral code for a vault whose referral programme is on "
                    + "(monetizationConfig.referralProgram), and print its share link.")
    static final class CreateCode extends ReferralCommand {
        @Option(names = "--vault", required = true, paramLabel = "ID", description = "The vault that owns the code.")
        String vaultId;

        @Option(names = "--label", paramLabel = "TEXT", description = "What the code is for, e.g. a campaign.")
        String label;

        @Override
        public Integer call() {
            withApp(app -> {
                ReferralCode code = Referrals.of(app).codes().create(vaultId, Optional.ofNullable(label));
                PrintWriter out = out();
                out.printf("created referral code %s for %s%s%n", code.code(), code.vaultId(),
                        code.label().map(l -> " (" + l + ")").orElse(""));
                out.println("  share link: " + code.shareLink(app.platformTerms()));
                return null;
            });
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every referral code, oldest first.")
    static final class ListCodes extends ReferralCommand {
        @Option(names = "--vault", paramLabel = "ID", description = "Only this vault's codes.")
        String vaultId;

        @Override
        public Integer call() {
            withApp(app -> {
                List<ReferralCode> codes = Referrals.of(app).codes().list(Optional.ofNullable(vaultId));
                PrintWriter out = out();
                if (codes.isEmpty()) {
                    out.println("no referral codes yet; create one with: licensing referrals codes create --vault ID");
                    return null;
                }
                String row = "%-10s %-28s %-8s %-28s %-36s %s%n";
                out.printf(row, "CODE", "VAULT", "STATUS", "CREATED", "SHARE LINK", "LABEL");
                for (ReferralCode c : codes) {
                    out.printf(row, c.code(), c.vaultId(), c.active() ? "active" : "revoked", c.createdAt(),
                            c.shareLink(app.platformTerms()), c.label().orElse("-"));
                }
                return null;
            });
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a code: no more sign-ups or counted visits with it. Vaults that already signed up "
                    + "with it keep their referrer chain.")
    static final class RevokeCode extends ReferralCommand {
        @Parameters(paramLabel = "CODE", description = "The code, e.g. K7QM-4XTP.")
        String code;

        @Override
        public Integer call() {
            ReferralCode revoked = withReferrals(r -> r.codes().revoke(code));
            out().printf("revoked referral code %s of %s at %s; vaults that signed up with it keep their chain%n",
                    revoked.code(), revoked.vaultId(), revoked.revokedAt().orElseThrow());
            return 0;
        }
    }

    @Command(name = "sign-up", mixinStandardHelpOptions = true,
            description = {"Sign VAULT up with a referral code, at --as-of (default now): it gets the referrer chain "
                    + "[code owner] + the owner's chain, cut at its maxReferralDepth, as a new registry version "
                    + "effective at that time. Its payments from then on pay each level a commission, for life.",
                    "Refused for an unknown or revoked code, the owner's own code, a vault already referred, a "
                            + "referral cycle, or an owner whose referral programme is off."})
    static final class SignUp extends ReferralCommand {
        @Parameters(paramLabel = "VAULT", description = "The vault signing up; it must be registered.")
        String vaultId;

        @Option(names = "--code", required = true, paramLabel = "CODE", description = "The referral code.")
        String code;

        @Override
        public Integer call() {
            Signup signup = withApp(app -> Referrals.of(app).signups().signUp(vaultId, code, app.clock().instant()));
            PrintWriter out = out();
            out.printf("%s signed up with code %s of %s at %s%n", signup.vaultId(), signup.code(),
                    signup.referrerVaultId(), signup.signedUpAt());
            out.printf("  referrer chain: %s (maxReferralDepth %d)%n", signup.referrerChain().isEmpty() ? "(none)"
                    : String.join(" > ", signup.referrerChain()), signup.maxReferralDepth());
            if (signup.fullChain().size() > signup.referrerChain().size()) {
                out.printf("  not in the chain, beyond maxReferralDepth: %s%n", String.join(" > ",
                        signup.fullChain().subList(signup.referrerChain().size(), signup.fullChain().size())));
            }
            out.printf("  registry version %d of %s, effective from %s%n", signup.version(), signup.vaultId(),
                    signup.signedUpAt());
            return 0;
        }
    }

    @Command(name = "share", mixinStandardHelpOptions = true,
            description = "Count one share of a code (what POST /r/CODE/share does), e.g. from a partner's mailing.")
    static final class Share extends ReferralCommand {
        @Parameters(paramLabel = "CODE", description = "The code, e.g. K7QM-4XTP.")
        String code;

        @Override
        public Integer call() {
            ReferralCode shared = withReferrals(r -> {
                ReferralCode active = r.codes().findActive(code).orElseThrow(() -> new LicensingException(
                        "unknown_referral_code", "no active referral code '" + code
                        + "'; licensing referrals codes list shows them"));
                r.funnel().increment(FunnelCounts.REFERRAL_SHARE, active.code());
                return active;
            });
            out().printf("counted a share of %s (%s)%n", shared.code(), shared.vaultId());
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Per code: shares, visits, sign-ups, sign-ups with a first payment, and the commissions "
                    + "its owner was credited in the ledger from the vaults that signed up with it.")
    static final class Stats extends ReferralCommand {
        @Option(names = "--vault", paramLabel = "ID", description = "Only this vault's codes.")
        String vaultId;

        @Override
        public Integer call() {
            List<CodeStats> stats = withReferrals(r -> r.stats().stats(Optional.ofNullable(vaultId)));
            PrintWriter out = out();
            if (stats.isEmpty()) {
                out.println("no referral codes yet; create one with: licensing referrals codes create --vault ID");
                return 0;
            }
            String row = "%-10s %-28s %-8s %7s %7s %9s %14s  %s%n";
            out.printf(row, "CODE", "VAULT", "STATUS", "SHARES", "VISITS", "SIGN-UPS", "FIRST REVENUE",
                    "COMMISSIONS");
            for (CodeStats s : stats) {
                out.printf(row, s.code().code(), s.code().vaultId(), s.code().active() ? "active" : "revoked",
                        s.shares(), s.visits(), s.signUps(), s.firstRevenue(), s.commissions().isEmpty() ? "0.00"
                                : s.commissions().stream().map(Money::toString).collect(Collectors.joining(", ")));
            }
            return 0;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Why VAULT's referrers were or were not paid: its chain with each level's referrer, rate "
                    + "and volume bonus in force; per level the commissions paid so far and, for what was not paid, "
                    + "why (beyond maxReferralDepth, no rate for the level, master share exhausted, payments before "
                    + "the sign-up, referral programme off).",
                    "When VAULT is itself a referrer, also what it earned from whom (ledger credits)."})
    static final class Explain extends ReferralCommand {
        @Parameters(paramLabel = "VAULT", description = "The vault to explain.")
        String vaultId;

        @Override
        public Integer call() {
            Explanation explanation = withApp(app -> Referrals.of(app).explainer().explain(vaultId,
                    app.clock().instant()));
            ExplanationText.print(explanation, out());
            return 0;
        }
    }
}
