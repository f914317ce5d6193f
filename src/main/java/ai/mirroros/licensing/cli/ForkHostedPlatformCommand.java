package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.hosting.Branding;
import ai.mirroros.licensing.hosting.ForkRequest;
import ai.mirroros.licensing.hosting.HostedPlatform;
import ai.mirroros.licensing.hosting.HostedPlatforms;
import ai.mirroros.licensing.hosting.HostedTier;
import ai.mirroros.licensing.hosting.MonthlyPlan;
import ai.mirroros.licensing.vault.LicensedVault;
import com.stripe.StripeClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code licensing fork-hosted-platform}: a white-label platform for a client, billed monthly through Stripe. */
@Command(name = "fork-hosted-platform", mixinStandardHelpOptions = true,
        description = {"Fork a white-label hosted platform of a vault for a client, billed monthly through a Stripe "
                + "subscription: e.g. --client \"enterprise-client\" --monthly 2500.",
                "The vault needs monetizationConfig.enableHostedMirrorPlatforms. The platform is recorded (pending, "
                        + "with parent vault and fork depth) before Stripe's customer, product, monthly price and "
                        + "subscription are created, each with an idempotency key from the platform id; the paid "
                        + "first invoice makes it active. If Stripe fails half-way, run the same command again (or "
                        + "licensing hosted resume ID): the pending platform is finished, nothing is created twice.",
                "Plans: starter 299, professional 999, enterprise 2500 a month, in the vault's settlement currency; "
                        + "any other --monthly is a custom plan."})
final class ForkHostedPlatformCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    StripeOptions stripe;
    @Mixin
    PartnersCommand.OperatorOption operator;

    @Option(names = "--client", paramLabel = "NAME", required = true,
            description = "The client the platform is for, e.g. enterprise-client.")
    String client;

    @Option(names = "--monthly", paramLabel = "AMOUNT",
            description = "Monthly price in the vault's settlement currency, e.g. 2500 (a list price picks its tier; "
                    + "anything else is custom).")
    String monthly;

    @Option(names = "--tier", paramLabel = "TIER", description = "starter, professional or enterprise (price from "
            + "the tier).")
    String tier;

    @Option(names = "--vault", paramLabel = "VAULT", defaultValue = "${env:LICENSING_VAULT}",
            description = "The vault forking it (env LICENSING_VAULT: the partner's own vault); may be "
            + "left out when exactly one vault is registered.")
    String vault;

    @Option(names = "--domain", paramLabel = "HOST", description = "Where the platform is served, e.g. "
            + "ai.client.example.")
    String domain;

    @Option(names = "--brand-name", paramLabel = "NAME", description = "The brand shown on the platform (also the "
            + "Stripe product's name).")
    String brandName;

    @Option(names = "--brand-color", paramLabel = "#RRGGBB", description = "The brand's colour.")
    String brandColor;

    @Override
    public Integer call() {
        Branding branding = new Branding(Optional.ofNullable(brandName), Optional.ofNullable(brandColor));
        Optional<HostedTier> plan = Optional.ofNullable(tier).map(HostedTier::parse);
        PrintWriter out = spec.commandLine().getOut();
        try (LicensingApp app = store.openApp(Clock.systemUTC())) {
            HostedPlatforms hosting = HostedCommand.hosting(app);
            VaultChoice choice = VaultChoice.of(app, vault, app.clock().instant());
            if (choice.implicit()) {
                out.println("vault: " + choice.vault().vaultId() + choice.note());
            }
            String vaultId = choice.vault().vaultId();
            ForkRequest request = new ForkRequest(vaultId, client, plan, Optional.ofNullable(monthly),
                    Optional.ofNullable(domain), branding, operator.by());
            // Everything the operator can fix is checked before Stripe is asked for anything.
            LicensedVault forking = hosting.requireHostingEnabled(vaultId);
            MonthlyPlan.choose(plan, Optional.ofNullable(monthly), forking.settlementCurrency());
            StripeClient client = HostedCommand.stripeClient(stripe);
            HostedPlatforms.ForkResult result = hosting.fork(client, request);
            print(out, result);
        }
        return 0;
    }

    private static void print(PrintWriter out, HostedPlatforms.ForkResult result) {
        HostedPlatform p = result.platform();
        switch (result.outcome()) {
            case CREATED -> out.printf("hosted platform %s created for %s on %s%n", p.hostedPlatformId(), p.client(),
                    p.vaultId());
            case RESUMED -> out.printf("hosted platform %s for %s resumed: its Stripe setup is finished, nothing was "
                    + "created twice%n", p.hostedPlatformId(), p.client());
            case ALREADY_ACTIVE -> out.printf("%s already has hosted platform %s on %s (active); nothing was "
                    + "created%n", p.client(), p.hostedPlatformId(), p.vaultId());
        }
        HostedCommand.describe(out, p);
        if (result.outcome() != HostedPlatforms.ForkOutcome.ALREADY_ACTIVE) {
            out.println("  the first month is paid at Stripe; its revenue is posted when the invoice.paid webhook "
                    + "arrives (licensing serve)");
        }
    }
}
