package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.sensitive.BankAccount;
import ai.mirroros.licensing.sensitive.PostalAddress;
import ai.mirroros.licensing.sensitive.TaxProfile;
import ai.mirroros.licensing.sensitive.TaxProfiles;
import ai.mirroros.licensing.sensitive.Tin;
import ai.mirroros.licensing.sensitive.TinType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing partners tax-profile …}: the legal name, TIN, address and bank details the tax forms need. */
@Command(name = "tax-profile", mixinStandardHelpOptions = true,
        description = {"Record and show a payee's tax profile: legal name, TIN, postal address, bank details.",
                "The TIN, address and bank details are stored encrypted (AES-256-GCM, key outside the database) "
                        + "and shown masked; see docs/SECURITY.md."},
        subcommands = {TaxProfileCommand.Set.class, TaxProfileCommand.Show.class, TaxProfileCommand.ListProfiles.class})
final class TaxProfileCommand extends CommandGroup {

    abstract static class ProfileCommand extends StoreCommand {
        @Mixin
        DataKeyOptions dataKeys;

        <T> T withProfiles(Function<TaxProfiles, T> work) {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                return work.apply(app.taxProfiles(dataKeys.ring(store.dataDir())));
            }
        }
    }

    /** One way to give the TIN; a file or stdin keeps it out of the shell history and the process list. */
    static final class TinSource {
        @Option(names = "--tin-file", paramLabel = "FILE", description = "Read the TIN from the first line of FILE.")
        Path file;

        @Option(names = "--tin-stdin", description = "Read the TIN from the first line of standard input.")
        boolean stdin;

        @Option(names = "--tin", paramLabel = "TIN", description = "The TIN itself. Avoid outside tests: it lands in "
                + "the shell history and is visible to other users in the process list; prefer --tin-file or "
                + "--tin-stdin.")
        String inline;

        String read() {
            if (inline != null) {
                return inline;
            }
            if (file != null) {
                return firstLine(readFile(file, "--tin-file"), "--tin-file " + file);
            }
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return Optional.ofNullable(in.readLine()).orElse("");
            } catch (IOException e) {
                throw new LicensingException("tin_unreadable", "cannot read the TIN from standard input: "
                        + e.getMessage());
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Record a payee's tax profile (replacing the previous one); the activity log names the "
                    + "fields that changed, never their values.",
                    "Bank details file: lines 'routing=…' and 'account=…' (US), or 'iban=…' and optionally "
                            + "'bic=…'. Without --bank-account-file the recorded bank details are kept."})
    static final class Set extends ProfileCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        @Option(names = "--legal-name", required = true, paramLabel = "NAME", description = "The name on the form.")
        String legalName;

        @Option(names = "--tin-type", required = true, paramLabel = "TYPE", description = "ssn, ein, itin or foreign.")
        String tinType;

        @ArgGroup(multiplicity = "1")
        TinSource tin;

        @Option(names = "--address-line1", required = true, paramLabel = "TEXT", description = "Street and number.")
        String line1;

        @Option(names = "--address-line2", paramLabel = "TEXT", description = "Suite, floor, c/o (optional).")
        String line2;

        @Option(names = "--city", required = true, paramLabel = "CITY", description = "City or town.")
        String city;

        @Option(names = "--region", paramLabel = "REGION", defaultValue = "",
                description = "State, province or county (US: the two-letter state).")
        String region;

        @Option(names = "--postal-code", paramLabel = "CODE", defaultValue = "", description = "ZIP or postal code.")
        String postalCode;

        @Option(names = "--country", required = true, paramLabel = "CC", description = "ISO 3166-1 alpha-2, e.g. US.")
        String country;

        @Option(names = "--bank-account-file", paramLabel = "FILE",
                description = "Bank details to record (see above); kept secret like the TIN.")
        Path bankFile;

        @Mixin
        PartnersCommand.OperatorOption operator;

        @Override
        public Integer call() {
            TinType type = TinType.parse(tinType);
            Tin parsedTin = Tin.parse(type, tin.read());
            PostalAddress address = new PostalAddress(line1, Optional.ofNullable(line2), city, region, postalCode,
                    country);
            Optional<BankAccount> bank = Optional.ofNullable(bankFile).map(TaxProfileCommand::readBank);
            TaxProfiles.Change change = withProfiles(profiles -> {
                Optional<BankAccount> kept = bank.isPresent() ? bank
                        : profiles.find(vaultId.strip()).flatMap(TaxProfile::bank);
                return profiles.save(new TaxProfile(vaultId.strip(), legalName, type, parsedTin, address, kept),
                        operator.by());
            });
            PrintWriter out = out();
            out.println(vaultId.strip() + ": " + (change.changed()
                    ? "tax profile " + (change.created() ? "recorded" : "updated") + ", fields: "
                    + String.join(",", change.changedFields())
                    : "tax profile unchanged; nothing recorded"));
            printProfile(out, change.profile());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a payee's tax profile, the TIN, street and bank details masked.")
    static final class Show extends ProfileCommand {
        @Parameters(paramLabel = "VAULT", description = "The payee's vault id.")
        String vaultId;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            TaxProfile profile = withProfiles(profiles -> profiles.find(vaultId.strip()))
                    .orElseThrow(() -> new LicensingException("no_tax_profile", "no tax profile for '"
                            + vaultId.strip() + "'; record one with: licensing partners tax-profile set "
                            + vaultId.strip() + " …"));
            if (json) {
                out().println(LicensingApp.newObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(toJson(profile)));
            } else {
                printProfile(out(), profile);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every payee's tax profile, masked, by payee id.")
    static final class ListProfiles extends ProfileCommand {
        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<TaxProfile> profiles = withProfiles(TaxProfiles::findAll);
            PrintWriter out = out();
            if (json) {
                out.println(LicensingApp.newObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(profiles.stream().map(TaxProfileCommand::toJson).toList()));
                return 0;
            }
            if (profiles.isEmpty()) {
                out.println("no tax profiles; record one with: licensing partners tax-profile set VAULT …");
                return 0;
            }
            out.printf("%-28s  %-30s  %-8s  %-7s  %s%n", "PAYEE", "LEGAL NAME", "TIN TYPE", "COUNTRY", "TIN");
            for (TaxProfile p : profiles) {
                out.printf("%-28s  %-30s  %-8s  %-7s  %s%n", p.payeeId(), p.legalName(), p.tinType().wireName(),
                        p.country(), p.tin().masked());
            }
            return 0;
        }
    }

    static void printProfile(PrintWriter out, TaxProfile p) {
        String field = "  %-12s %s%n";
        out.printf(field, "payee", p.payeeId());
        out.printf(field, "legal name", p.legalName());
        out.printf(field, "tin", p.tinType().wireName() + " " + p.tin().masked());
        out.printf(field, "address", p.address().masked());
        out.printf(field, "bank", p.bank().map(BankAccount::masked).orElse("-"));
    }

    /** Masked only: no output of this command carries a TIN, street or account in clear. */
    static Map<String, Object> toJson(TaxProfile p) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("payeeId", p.payeeId());
        map.put("legalName", p.legalName());
        map.put("tinType", p.tinType().wireName());
        map.put("tinMasked", p.tin().masked());
        map.put("country", p.country());
        map.put("addressMasked", p.address().masked());
        map.put("bankMasked", p.bank().map(BankAccount::masked).orElse(null));
        return map;
    }

    static BankAccount readBank(Path file) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : readFile(file, "--bank-account-file")) {
            String clean = line.strip();
            if (clean.isEmpty() || clean.startsWith("#")) {
                continue;
            }
            int eq = clean.indexOf('=');
            if (eq < 0) {
                throw new LicensingException("invalid_bank_account", "--bank-account-file " + file
                        + ": lines are 'routing=…', 'account=…', 'iban=…' or 'bic=…'");
            }
            fields.put(clean.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
                    clean.substring(eq + 1).strip());
        }
        if (fields.containsKey("iban")) {
            return BankAccount.iban(fields.get("iban"), Optional.ofNullable(fields.get("bic")));
        }
        if (fields.containsKey("account")) {
            return BankAccount.us(fields.getOrDefault("routing", ""), fields.get("account"));
        }
        throw new LicensingException("invalid_bank_account", "--bank-account-file " + file
                + " has neither 'iban=…' nor 'account=…'");
    }

    private static List<String> readFile(Path file, String option) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LicensingException("file_unreadable", option + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String firstLine(List<String> lines, String what) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElseThrow(() -> new LicensingException("invalid_tin", what + " is empty"));
    }
}
