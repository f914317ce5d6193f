package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.checkout.Buyer;
import ai.mirroros.licensing.checkout.Checkout;
import ai.mirroros.licensing.checkout.CheckoutItem;
import ai.mirroros.licensing.checkout.CheckoutQuote;
import ai.mirroros.licensing.checkout.CheckoutResult;
import ai.mirroros.licensing.marketplace.ExportKind;
import ai.mirroros.licensing.marketplace.Marketplace;
import com.stripe.StripeClient;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing checkout …}: charge a customer for a template or an export through a Stripe PaymentIntent. */
@Command(name = "checkout", mixinStandardHelpOptions = true,
        description = {"Charge a customer through Stripe: a PaymentIntent created and confirmed at the template's "
                + "price or the vault's export fee, with the metadata that attributes the payment (vault_id, "
                + "product_type, template_id / agent_loop_id, referral_code, customer_country, customer_region).",
                "The ledger books the payment when Stripe's webhook arrives, like any other payment."},
        subcommands = {CheckoutCommand.TemplateCheckout.class, CheckoutCommand.ExportCheckout.class})
final class CheckoutCommand extends CommandGroup {

    /** What both checkouts take: who pays, with what, Stripe, and the idempotency key. */
    abstract static class CheckoutRun extends TimedDatabaseCommand {
        @Option(names = "--customer", paramLabel = "CUSTOMER", description = "The paying Stripe customer, cus_….")
        String customer;
        @Option(names = "--country", paramLabel = "CC", description = "The customer's country, e.g. DE.")
        String country;
        @Option(names = "--region", paramLabel = "CODE", description = "The customer's state or province, e.g. ON "
                + "(Canada's HST depends on it).")
        String region;
        @Option(names = "--referral-code", paramLabel = "CODE", description = "The referral code the customer "
                + "came with.")
        String referralCode;
        @Option(names = "--payment-method", paramLabel = "PM", defaultValue = Checkout.TEST_PAYMENT_METHOD,
                description = "The payment method to charge (default: Stripe's test card ${DEFAULT-VALUE}).")
        String paymentMethod;
        @Option(names = "--idempotency-key", paramLabel = "KEY",
                description = "Reuse to retry a checkout without charging twice (default: a new key).")
        String idempotencyKey;
        @Mixin
        StripeOptions stripe;

        Buyer buyer() {
            return new Buyer(Optional.ofNullable(customer), Optional.ofNullable(country),
                    Optional.ofNullable(referralCode), Optional.ofNullable(region));
        }

        int run(Function<LicensingApp, CheckoutItem> item) {
            Buyer buyer = buyer();
            StripeClient client = stripe.client();
            String key = idempotencyKey == null || idempotencyKey.isBlank() ? Checkout.newIdempotencyKey()
                    : idempotencyKey.strip();
            try (LicensingApp app = store.openApp(asOf.clock())) {
                Marketplace marketplace = MarketplaceOptions.marketplace(app);
                Checkout checkout = new Checkout(app.vaults(), marketplace.templates(), marketplace.exportPricing(),
                        app.clock());
                CheckoutQuote quote = checkout.quote(item.apply(app), buyer);
                CheckoutResult result = checkout.pay(client, quote, paymentMethod, key);
                print(out(), result);
                return result.succeeded() ? 0 : LicensingCli.EXIT_FAILURE;
            }
        }

        private static void print(PrintWriter out, CheckoutResult r) {
            CheckoutQuote q = r.quote();
            out.printf("payment intent %s: %s, %s (%s)%n", r.paymentIntentId(), r.status(), r.amount(),
                    q.priceSource());
            out.printf("  for:       %s%n", q.description());
            out.printf("  metadata:  %s%n", new TreeMap<>(q.metadata()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
            q.customerId().ifPresent(c -> out.printf("  customer:  %s%n", c));
            out.printf("  idempotency key: %s%n", r.idempotencyKey());
            out.println(r.succeeded() ? "the ledger books it when Stripe's webhook arrives (licensing events list)"
                    : "not charged yet: Stripe's status is " + r.status());
        }
    }

    @Command(name = "template", mixinStandardHelpOptions = true,
            description = "Buy a listed template at its price; an unlisted template is refused.")
    static final class TemplateCheckout extends CheckoutRun {
        @Parameters(paramLabel = "TEMPLATE_ID", description = "Template id, e.g. tpl_enterprise-analytics-bot_k3f9x.")
        String templateId;

        @Override
        public Integer call() {
            return run(app -> new CheckoutItem.TemplatePurchase(templateId));
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Buy an agent export, an agent-loop export or a platform fork at the vault's fee (its own "
                    + "when enableCustomExportFees is on, else the platform's default).")
    static final class ExportCheckout extends CheckoutRun {
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "agent, loop or platform-fork.")
        String kind;
        @Option(names = "--vault", paramLabel = "VAULT", defaultValue = "${env:LICENSING_VAULT}",
                description = "The selling vault (env LICENSING_VAULT: the partner's own vault); may be "
                + "left out when exactly one vault is registered.")
        String vault;
        @Option(names = "--loop-id", paramLabel = "LOOP", description = "The agent loop exported (--kind loop).")
        String loopId;

        @Override
        public Integer call() {
            ExportKind exportKind = ExportKind.parse(kind);
            return run(app -> {
                VaultChoice choice = VaultChoice.of(app, vault, app.clock().instant());
                if (choice.implicit()) {
                    out().println("vault " + choice.vault().vaultId() + choice.note());
                }
                return new CheckoutItem.ExportPurchase(choice.vault().vaultId(), exportKind,
                        Optional.ofNullable(loopId));
            });
        }
    }
}
