package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.hosting.HostedPlatform;
import ai.mirroros.licensing.hosting.HostedPlatformStatus;
import ai.mirroros.licensing.hosting.HostedPlatforms;
import ai.mirroros.licensing.hosting.HostedRevenue;
import com.stripe.StripeClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing hosted …}: the hosted platforms vaults run for their clients. */
@Command(name = "hosted", mixinStandardHelpOptions = true,
        description = {"Hosted platforms (white-label forks billed monthly): list, show (with months billed and "
                + "revenue), cancel, resume. Fork one with licensing fork-hosted-platform."},
        subcommands = {HostedCommand.ListPlatforms.class, HostedCommand.Show.class, HostedCommand.Cancel.class,
                HostedCommand.Resume.class})
final class HostedCommand extends CommandGroup {

    static HostedPlatforms hosting(LicensingApp app) {
        return new HostedPlatforms(app.database(), app.vaults(), app.activityLog(), app.clock());
    }

    /** A Stripe client, or one line saying how to get one — including the local sandbox. */
    static StripeClient stripeClient(StripeOptions options) {
        try {
            return options.client();
        } catch (LicensingException e) {
            if (!e.code().equals("missing_stripe_api_key")) {
                throw e;
            }
            throw new LicensingException(e.code(), "no Stripe API key: set LICENSING_STRIPE_API_KEY (and "
                    + "LICENSING_STRIPE_API_BASE) or pass --stripe-api-key; without a Stripe account, start the "
                    + "sandbox with `licensing stripe-sandbox` and use LICENSING_STRIPE_API_KEY=sk_test_demo "
                    + "LICENSING_STRIPE_API_BASE=http://127.0.0.1:12111");
        }
    }

    /** The platform's plan, lineage, branding and Stripe objects, indented under a heading line. */
    static void describe(PrintWriter out, HostedPlatform p) {
        out.printf("  plan: %s, %s a month%n", p.plan().tier().wireName(), p.monthlyPrice());
        out.printf("  lineage: parent vault %s, fork depth %d%n", p.parentVaultId(), p.forkDepth());
        if (p.domain().isPresent() || !p.branding().isEmpty()) {
            out.printf("  domain: %s; branding: %s%n", p.domain().orElse("-"), branding(p));
        }
        HostedPlatform.StripeIds ids = p.stripe();
        out.printf("  stripe: customer %s, product %s, price %s, subscription %s%n", ids.customerId().orElse("-"),
                ids.productId().orElse("-"), ids.priceId().orElse("-"), ids.subscriptionId().orElse("-"));
        out.printf("  status: %s%n", p.status().dbName());
    }

    private static String branding(HostedPlatform p) {
        List<String> parts = new ArrayList<>();
        p.branding().name().ifPresent(parts::add);
        p.branding().color().ifPresent(parts::add);
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static Optional<HostedPlatformStatus> status(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(HostedPlatformStatus.fromDbName(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new LicensingException("invalid_status", "--status must be pending, active or canceled, got '"
                    + text + "'");
        }
    }

    /** A hosted subcommand: the database and the output. */
    abstract static class HostedSubcommand extends StoreCommand {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Hosted platforms, newest first: vault, client, plan, monthly price, status, fork depth.")
    static final class ListPlatforms extends HostedSubcommand {
        @Option(names = "--vault", paramLabel = "VAULT", description = "Only this vault's platforms.")
        String vault;

        @Option(names = "--status", paramLabel = "STATUS", description = "pending, active or canceled.")
        String status;

        @Override
        public Integer call() {
            Optional<HostedPlatformStatus> wanted = status(status);
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                List<HostedPlatform> platforms = hosting(app).list(Optional.ofNullable(vault), wanted);
                PrintWriter out = out();
                if (platforms.isEmpty()) {
                    out.println("no hosted platforms" + (vault == null && status == null ? " yet; fork one with: "
                            + "licensing fork-hosted-platform --client NAME --monthly AMOUNT" : " match"));
                    return 0;
                }
                String row = "%-20s %-24s %-22s %-12s %14s  %-8s %5s  %s%n";
                out.printf(row, "PLATFORM", "VAULT", "CLIENT", "TIER", "MONTHLY", "STATUS", "DEPTH", "CREATED");
                for (HostedPlatform p : platforms) {
                    out.printf(row, p.hostedPlatformId(), p.vaultId(), p.client(), p.plan().tier().wireName(),
                            p.monthlyPrice(), p.status().dbName(), p.forkDepth(), p.createdAt());
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One hosted platform: plan, lineage, branding, Stripe objects, status, and the months "
                    + "billed and revenue posted from its invoices.")
    static final class Show extends HostedSubcommand {
        @Parameters(paramLabel = "ID", description = "The platform's id (hp_…).")
        String id;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                HostedPlatforms hosting = hosting(app);
                HostedPlatform p = hosting.require(id);
                PrintWriter out = out();
                out.printf("hosted platform %s for %s on %s (created %s%s)%n", p.hostedPlatformId(), p.client(),
                        p.vaultId(), p.createdAt(), p.canceledAt().map(at -> ", canceled " + at).orElse(""));
                describe(out, p);
                List<HostedRevenue> revenue = hosting.revenue(p.hostedPlatformId());
                if (revenue.isEmpty()) {
                    out.println("  months billed: 0 (no invoice.paid posted yet)");
                }
                for (HostedRevenue r : revenue) {
                    out.printf("  months billed: %d (%s to %s)%n", r.monthsBilled(), r.firstBilledAt(),
                            r.lastBilledAt());
                    out.printf("  revenue: %s gross, %s refunded, %s net; partner share %s%n", r.gross(),
                            r.refunded(), r.net(), r.partnerShare());
                }
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a hosted platform's subscription at Stripe, at once.",
                    "The platform ends (canceled, hosted.churned) when Stripe's customer.subscription.deleted webhook "
                            + "is processed — the same path as a cancel from Stripe's Dashboard."})
    static final class Cancel extends HostedSubcommand {
        @Parameters(paramLabel = "ID", description = "The platform's id (hp_…).")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the activity log.")
        String reason;

        @Mixin
        StripeOptions stripe;
        @Mixin
        PartnersCommand.OperatorOption operator;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                HostedPlatforms hosting = hosting(app);
                HostedPlatform platform = hosting.require(id);
                if (platform.status() == HostedPlatformStatus.CANCELED) {
                    out().println(id + ": already canceled at " + platform.canceledAt().orElseThrow()
                            + "; nothing to do");
                    return 0;
                }
                HostedPlatforms.CancelResult result = hosting.cancel(stripeClient(stripe), id, operator.by(),
                        Optional.ofNullable(reason));
                String subscription = platform.stripe().subscriptionId().orElse("-");
                out().println(switch (result.outcome()) {
                    case CANCELED_AT_STRIPE -> id + ": subscription " + subscription + " canceled at Stripe; the "
                            + "platform ends when the customer.subscription.deleted webhook is processed";
                    case ALREADY_CANCELED_AT_STRIPE -> id + ": subscription " + subscription + " was already "
                            + "canceled at Stripe; the platform ends when the customer.subscription.deleted webhook "
                            + "is processed";
                    case ALREADY_ENDED -> id + ": already canceled at " + platform.canceledAt().map(Object::toString)
                            .orElse("?") + "; nothing to do";
                });
            }
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Finish a pending platform's Stripe setup (a fork stopped half-way): the objects it has "
                    + "are kept, the missing ones created with the same idempotency keys; then it is active.")
    static final class Resume extends HostedSubcommand {
        @Parameters(paramLabel = "ID", description = "The platform's id (hp_…).")
        String id;

        @Mixin
        StripeOptions stripe;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                HostedPlatforms hosting = hosting(app);
                hosting.require(id);
                HostedPlatform platform = hosting.resume(stripeClient(stripe), id);
                PrintWriter out = out();
                out.printf("hosted platform %s for %s resumed%n", platform.hostedPlatformId(), platform.client());
                describe(out, platform);
            }
            return 0;
        }
    }
}
