package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.payout.Onboarding;
import ai.mirroros.licensing.payout.OnboardingChange;
import ai.mirroros.licensing.payout.OnboardingLink;
import ai.mirroros.licensing.payout.OnboardingRequest;
import ai.mirroros.licensing.payout.OnboardingResult;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.payout.PayeeStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.stripe.StripeClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing partners …}: onboarding vaults as payees, and the compliance records that gate their payouts. */
@Command(name = "partners", mixinStandardHelpOptions = true,
        description = {"Onboard vaults as payees (Stripe Express accounts) and keep the records that decide whether "
                + "they may be paid: KYC (from Stripe), tax form, payout-account verification, holds.",
                "A payee is payable when KYC is verified with payouts enabled, a tax form is on file, the payout "
                        + "account is verified and there is no hold. Every change is written to the activity log."},
        subcommands = {PartnersCommand.Onboard.class, PartnersCommand.ListPartners.class, PartnersCommand.Show.class,
                PartnersCommand.Tax.class, PartnersCommand.PayoutAccount.class, PartnersCommand.Hold.class,
                PartnersCommand.Release.class, TaxProfileCommand.class})
final class PartnersCommand extends CommandGroup {

    /** A partners subcommand: the database, and the payees' services over it. */
    abstract static class PartnerCommand extends StoreCommand {

        /** Prints what a record did (or that it was already so: nothing recorded) and the resulting status. */
        void report(OnboardingChange change, String changed, String unchanged) {
            PrintWriter out = out();
            String what = change.changed() ? changed : unchanged + "; nothing recorded";
            out.println(change.after().payeeId() + ": " + what);
            out.println("  status: " + status(change.after()));
        }

        <T> T withOnboarding(Function<Onboarding, T> work) {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                return work.apply(new Onboarding(app.database(), app.vaults(), app.activityLog(), app.clock()));
            }
        }
    }

    /** Who records something, for the activity log. */
    static final class OperatorOption {
        @Option(names = "--by", paramLabel = "NAME",
                defaultValue = "${env:LICENSING_OPERATOR:-${sys:user.name}}",
                description = "Who records this, for the activity log (env LICENSING_OPERATOR, default: the "
                        + "operating-system user, ${DEFAULT-VALUE}).")
        String by;

        String by() {
            return by == null ? "" : by.strip();
        }
    }

    @Command(name = "onboard", mixinStandardHelpOptions = true,
            description = {"Create the Stripe Express account of registered vault VAULT (transfers capability "
                    + "requested, metadata payee_id=VAULT, idempotency key onboard-VAULT), record it as a payee with "
                    + "KYC pending, and print the onboarding link to send to the partner.",
                    "The payee's tax form and payout-account verification are seeded from the vault's registry "
                            + "compliance status: taxDocumentation submitted or verified becomes a W-9 when --country "
                            + "is US and a W-8BEN otherwise; payoutAccountVerified is taken as is. KYC is not: "
                            + "Stripe reports it, in account.updated webhooks.",
                    "Run again for a vault already onboarded: no new account, just a fresh link (links expire "
                            + "within minutes)."})
    static final class Onboard extends PartnerCommand {
        @Parameters(paramLabel = "VAULT", description = "A vault id from the registry, e.g. enterprise-vault.sig.")
        String vaultId;

        @Option(names = "--country", paramLabel = "CC", defaultValue = "US",
                description = "The partner's country, ISO 3166-1 alpha-2 (default: ${DEFAULT-VALUE}).")
        String country;

        @Option(names = "--email", paramLabel = "EMAIL", description = "The partner's email, prefilled at Stripe.")
        String email;

        @Option(names = "--business-type", paramLabel = "TYPE",
                description = "individual or company (default: the partner chooses during onboarding).")
        String businessType;

        @Option(names = "--return-url", paramLabel = "URL",
                defaultValue = "${env:LICENSING_ONBOARDING_RETURN_URL:-http://localhost:8080/partners/onboarding/return}",
                description = "Where Stripe sends the partner when onboarding is done (env "
                        + "LICENSING_ONBOARDING_RETURN_URL, default: ${DEFAULT-VALUE}).")
        String returnUrl;

        @Option(names = "--refresh-url", paramLabel = "URL",
                defaultValue = "${env:LICENSING_ONBOARDING_REFRESH_URL:-http://localhost:8080/partners/onboarding/refresh}",
                description = "Where Stripe sends the partner when the link has expired or was used (env "
                        + "LICENSING_ONBOARDING_REFRESH_URL, default: ${DEFAULT-VALUE}).")
        String refreshUrl;

        @Mixin
        StripeOptions stripe;
        @Mixin
        OperatorOption operator;

        @Override
        public Integer call() {
            OnboardingRequest request = new OnboardingRequest(vaultId, country, Optional.ofNullable(email),
                    Optional.ofNullable(businessType).map(OnboardingRequest.BusinessType::parse),
                    OnboardingRequest.url("--return-url", returnUrl), OnboardingRequest.url("--refresh-url", refreshUrl),
                    operator.by());
            StripeClient client = stripe.client();
            PrintWriter out = out();
            OnboardingLink link = withOnboarding(onboarding -> {
                OnboardingResult result = onboarding.onboard(client, request);
                print(out, result);
                // Printed before the link is asked for: if that fails, the operator still sees the account.
                out.flush();
                return onboarding.link(client, result.payee(), request);
            });
            out.printf("onboarding link for the partner (expires %s; run this command again for a fresh one):%n",
                    link.expiresAt());
            out.println(link.url());
            return 0;
        }

        private static void print(PrintWriter out, OnboardingResult result) {
            Payee payee = result.payee();
            if (result.accountCreated()) {
                out.printf("%s: connected account %s created (express, %s); KYC %s%n", payee.payeeId(),
                        result.stripeAccount(), payee.country().orElse("?"), lower(payee.kyc()));
                out.printf("  tax form %s, payout account %s: seeded from the registry's compliance status%n",
                        payee.taxDocument().dbName(), payee.payoutAccountVerified() ? "verified" : "unverified");
            } else {
                out.printf("%s: already onboarded with connected account %s; no new account created%n",
                        payee.payeeId(), result.stripeAccount());
            }
            out.println("  status: " + status(payee));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every payee: Stripe account, KYC, tax form, payout account, hold, and \"payable\" or what "
                    + "blocks it.")
    static final class ListPartners extends PartnerCommand {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws JsonProcessingException {
            boolean json = json(format);
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                List<Payee> payees = app.database().jdbi().withHandle(PayeeStore::all);
                PrintWriter out = out();
                if (json) {
                    out.println(app.json().writeValueAsString(payees.stream().map(PartnersCommand::toJson).toList()));
                    return 0;
                }
                if (payees.isEmpty()) {
                    out.println("no payees yet; onboard a vault with: licensing partners onboard VAULT");
                    return 0;
                }
                String row = "%-28s %-30s %-9s %-7s %-15s %-5s %s%n";
                out.printf(row, "PAYEE", "STRIPE ACCOUNT", "KYC", "TAX", "PAYOUT ACCOUNT", "HOLD", "STATUS");
                for (Payee p : payees) {
                    out.printf(row, p.payeeId(), p.stripeAccount().orElse("-"), lower(p.kyc()),
                            p.taxDocument().dbName(), p.payoutAccountVerified() ? "verified" : "unverified",
                            p.holdReason().isPresent() || p.riskHold().isPresent() ? "held" : "-", p.payable() ? "payable"
                                    : String.join("; ", p.blockers()));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Every field of one payee, and its blockers.")
    static final class Show extends PartnerCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws JsonProcessingException {
            boolean json = json(format);
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                Payee p = app.database().jdbi().withHandle(h -> PayeeStore.find(h, vaultId))
                        .orElseThrow(() -> Onboarding.notOnboarded(vaultId));
                PrintWriter out = out();
                if (json) {
                    out.println(app.json().writeValueAsString(toJson(p)));
                    return 0;
                }
                String field = "%-18s %s%n";
                out.printf(field, "payee", p.payeeId());
                out.printf(field, "stripe account", p.stripeAccount().orElse("-"));
                out.printf(field, "country", p.country().orElse("-"));
                out.printf(field, "email", p.email().orElse("-"));
                out.printf(field, "business type", p.businessType().orElse("-"));
                out.printf(field, "kyc", lower(p.kyc()));
                out.printf(field, "kyc detail", p.kycDetail().orElse("-"));
                out.printf(field, "payouts enabled", p.payoutsEnabled() ? "yes" : "no");
                out.printf(field, "tax form", p.taxDocument().dbName());
                out.printf(field, "payout account", p.payoutAccountVerified() ? "verified" : "unverified");
                out.printf(field, "hold", p.holdReason().orElse("-"));
                out.printf(field, "updated", p.updatedAt());
                out.printf(field, "status", p.payable() ? "payable" : "blocked");
                p.blockers().forEach(blocker -> out.println("  - " + blocker));
            }
            return 0;
        }
    }

    @Command(name = "tax", mixinStandardHelpOptions = true,
            description = "Record the tax form on file for a payee: w9 (US persons), w8ben (everyone else), or "
                    + "missing (withdraws it).")
    static final class Tax extends PartnerCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        @Option(names = "--form", paramLabel = "FORM", required = true, description = "w9, w8ben or missing.")
        String form;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the activity log.")
        String reason;

        @Mixin
        OperatorOption operator;

        @Override
        public Integer call() {
            TaxDocument document = taxDocument(form);
            OnboardingChange change = withOnboarding(onboarding -> onboarding.recordTaxDocument(vaultId, document,
                    operator.by(), Optional.ofNullable(reason)));
            report(change, "tax form " + change.before().taxDocument().dbName() + " -> "
                    + change.after().taxDocument().dbName(), "tax form already " + document.dbName());
            return 0;
        }

        private static TaxDocument taxDocument(String text) {
            try {
                return TaxDocument.fromDbName(text.strip());
            } catch (IllegalArgumentException e) {
                throw new LicensingException("invalid_tax_form", "--form must be w9, w8ben or missing, got '" + text
                        + "'");
            }
        }
    }

    @Command(name = "payout-account", mixinStandardHelpOptions = true,
            description = "Record whether the bank account payouts go to was verified.")
    static final class PayoutAccount extends PartnerCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        static final class Verification {
            @Option(names = "--verified", required = true, description = "It was verified.")
            boolean verified;
            @Option(names = "--unverified", required = true, description = "It is not (or no longer) verified.")
            boolean unverified;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Verification verification;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the activity log.")
        String reason;

        @Mixin
        OperatorOption operator;

        @Override
        public Integer call() {
            boolean verified = verification.verified;
            OnboardingChange change = withOnboarding(onboarding -> onboarding.recordPayoutAccount(vaultId, verified,
                    operator.by(), Optional.ofNullable(reason)));
            String now = verified ? "verified" : "unverified";
            report(change, "payout account " + (verified ? "unverified" : "verified") + " -> " + now,
                    "payout account already " + now);
            return 0;
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Put a payee on hold: no payouts until released. A new reason replaces the old one.")
    static final class Hold extends PartnerCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, shown as a blocker.")
        String reason;

        @Mixin
        OperatorOption operator;

        @Override
        public Integer call() {
            OnboardingChange change = withOnboarding(onboarding -> onboarding.hold(vaultId, reason, operator.by()));
            report(change, "on hold: " + change.after().holdReason().orElse("")
                            + change.before().holdReason().map(previous -> " (was: " + previous + ")").orElse(""),
                    "already on hold for that reason");
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Lift a payee's hold set by an operator or a transfer refused for good. A risk hold is "
                    + "lifted with: licensing risk release VAULT --note TEXT.")
    static final class Release extends PartnerCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the activity log.")
        String reason;

        @Mixin
        OperatorOption operator;

        @Override
        public Integer call() {
            OnboardingChange change = withOnboarding(onboarding -> onboarding.release(vaultId, operator.by(),
                    Optional.ofNullable(reason)));
            report(change, "hold released (was: " + change.before().holdReason().orElse("") + ")", "not on hold");
            return 0;
        }
    }

    static String status(Payee payee) {
        return payee.payable() ? "payable" : "blocked: " + String.join("; ", payee.blockers());
    }

    private static Map<String, Object> toJson(Payee p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("payee", p.payeeId());
        json.put("stripeAccount", p.stripeAccount().orElse(null));
        json.put("country", p.country().orElse(null));
        json.put("email", p.email().orElse(null));
        json.put("businessType", p.businessType().orElse(null));
        json.put("kyc", lower(p.kyc()));
        json.put("kycDetail", p.kycDetail().orElse(null));
        json.put("payoutsEnabled", p.payoutsEnabled());
        json.put("taxDocument", p.taxDocument().dbName());
        json.put("payoutAccountVerified", p.payoutAccountVerified());
        json.put("hold", p.holdReason().orElse(null));
        json.put("riskHold", p.riskHold().orElse(null));
        json.put("updatedAt", p.updatedAt().toString());
        json.put("payable", p.payable());
        json.put("blockers", p.blockers());
        return json;
    }

    private static boolean json(String format) {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "table" -> false;
            case "json" -> true;
            default -> throw new LicensingException("invalid_format", "--format must be table or json, got '"
                    + format + "'");
        };
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
