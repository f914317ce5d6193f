package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.RegistryJson;
import ai.mirroros.licensing.vault.RegistryProblem;
import ai.mirroros.licensing.vault.RegistryValidator;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.AccountCreateParams;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Makes N payable vaults for the payout benchmark ({@code scripts/bench payouts}) and the crash demo
 * ({@code scripts/payout-crash-demo}): copies of the example {@code enterprise-vault.sig} (weekly on Fridays, minimum
 * 100.00 USD) named {@code bench-000001.sig}…, each with a connected account at a Stripe sandbox that finished
 * onboarding, a payee row that passes the gate, and 100.00–999.99 USD available in the ledger; plus a platform
 * balance at the sandbox that covers every payout. Not a test.
 *
 * <pre>
 * java -cp … ai.mirroros.licensing.payout.PayoutSeed --vaults 10000 --stripe-api-base http://127.0.0.1:12111 \
 *     [--stripe-api-key sk_test_…] [--db JDBC_URL | --data-dir DIR]
 * </pre>
 */
public final class PayoutSeed {
    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    static final String TEMPLATE_VAULT = "enterprise-vault.sig";
    /** Before any as-of a run may use, so every copy is in force. */
    static final Instant EFFECTIVE_FROM = Instant.parse("2025-01-01T00:00:00Z");
    /** Payees per transaction and credits per {@link ai.mirroros.licensing.ledger.Ledger#postBatch} call. */
    static final int BATCH_SIZE = 1_000;
    /** Account requests in flight at once over HTTP: enough to keep a sandbox on two cores busy. */
    static final int HTTP_CONCURRENCY = 16;
    /** The sandbox's largest amount (docs/STRIPE_SANDBOX.md, Limits): 999,999.99. */
    static final long PAYMENT_MAX_MINOR = 99_999_999L;
    /** What such a payment leaves after the sandbox's fee (2.9 % + 0.30), rounded down for a safe margin. */
    static final long PAYMENT_NET_MINOR_MIN = 97_000_000L;
    public static final int VAULTS_MAX = 200_000;

    private PayoutSeed() {
    }

    /** The Stripe side of seeding: an in-process sandbox, or one reached over HTTP. */
    public interface StripeSide {
        /** A new Express account that finished onboarding (can receive transfers); its id. */
        String onboardedAccount(String payeeId);

        /** A USD payment of {@code amountMinor} to the platform, then pending funds released. */
        void fundPlatform(long amountMinor);

        /** Requests that may run at once. */
        int concurrency();
    }

    /** What was seeded. */
    public record Seeded(int vaults, Money available, Duration took) {
    }

    public static String vaultId(int n) {
        return String.format("bench-%06d.sig", n);
    }

    /** 100.00 to 999.99, spread so that amounts differ from one vault to the next. */
    static long availableMinor(int n) {
        return 10_000 + (n * 7_919L) % 90_000;
    }

    /** Seeds vaults 1..n into {@code app} and {@code stripe}, printing progress to {@code log}. */
    public static Seeded seed(LicensingApp app, StripeSide stripe, int n, PrintStream log) {
        if (n < 1 || n > VAULTS_MAX) {
            throw new IllegalArgumentException("vaults must be 1 to " + VAULTS_MAX + ", got " + n);
        }
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ids.add(vaultId(i));
        }
        importVaults(app, ids, log, t0);
        List<String> accounts = onboard(stripe, ids, log, t0);
        savePayees(app, ids, accounts, log, t0);
        long total = credit(app, ids, log, t0);
        fund(stripe, total, log, t0);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        log.printf("seed: %,d payable vaults, %s USD available, in %.1f s%n", n,
                Money.ofMinor(total, USD).toDecimalString(), took.toMillis() / 1000.0);
        return new Seeded(n, Money.ofMinor(total, USD), took);
    }

    /**
     * Stores the copies as version 1 of each vault, with the {@code vault.registered} activity an import writes. Not
     * through {@code VaultRegistry.importVaults}: an import takes at most 1,000 vaults (its activity-log batch) and
     * reads and validates the whole stored registry each time, so N / 1,000 imports would cost the square of N. The
     * copies are validated once, as the registry they make.
     */
    private static void importVaults(LicensingApp app, List<String> ids, PrintStream log, long t0) {
        LicensedVault template = VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).get(TEMPLATE_VAULT);
        if (template == null) {
            throw new IllegalStateException("examples/licensed-vaults.json has no " + TEMPLATE_VAULT
                    + " (run from the repository root)");
        }
        List<LicensedVault> copies = new ArrayList<>(ids.size());
        for (String id : ids) {
            copies.add(new LicensedVault(id, template.licenseType(), template.licensedSince(),
                    template.settlementCurrency(), template.revenueSharing(), template.mirrorOrigin(),
                    template.monetizationConfig(), template.pricingConfiguration(), template.payoutSchedule(),
                    template.compliance()));
        }
        List<RegistryProblem> problems = RegistryValidator.validate(copies);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the seeded registry is invalid: " + problems.getFirst());
        }
        OffsetDateTime effective = EFFECTIVE_FROM.atOffset(ZoneOffset.UTC);
        OffsetDateTime recorded = app.clock().instant().atOffset(ZoneOffset.UTC);
        for (int from = 0; from < copies.size(); from += BATCH_SIZE) {
            List<LicensedVault> batch = copies.subList(from, Math.min(copies.size(), from + BATCH_SIZE));
            app.database().jdbi().useTransaction(h -> {
                PreparedBatch insert = h.prepareBatch("INSERT INTO vault_version (vault_id, version, effective_from, "
                        + "recorded_at, license_type, config_json) VALUES (:id, 1, :effective, :recorded, :type, :json)");
                List<ActivityRecord> activity = new ArrayList<>(batch.size());
                for (LicensedVault vault : batch) {
                    insert.bind("id", vault.vaultId()).bind("effective", effective).bind("recorded", recorded)
                            .bind("type", vault.licenseType().wireName())
                            .bind("json", RegistryJson.write(List.of(vault))).add();
                    activity.add(ActivityRecord.of(EFFECTIVE_FROM, VaultRegistry.ACTIVITY_REGISTERED, Map.of(
                                    "version", 1, "effectiveFrom", EFFECTIVE_FROM.toString(),
                                    "licenseType", vault.licenseType().wireName(), "partnerShare",
                                    vault.revenueSharing().partnerShare().toDecimal().toPlainString()))
                            .forVault(vault.vaultId()));
                }
                insert.execute();
                app.activityLog().append(h, activity);
            });
        }
        log.printf("seed: %,d vaults registered (%.1f s)%n", ids.size(), seconds(t0));
    }

    private static List<String> onboard(StripeSide stripe, List<String> ids, PrintStream log, long t0) {
        Semaphore permits = new Semaphore(stripe.concurrency());
        List<String> accounts = new ArrayList<>(ids.size());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int from = 0; from < ids.size(); from += BATCH_SIZE * 10) {
                List<Future<String>> futures = new ArrayList<>();
                for (String id : ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE * 10))) {
                    futures.add(pool.submit(() -> {
                        permits.acquire();
                        try {
                            return stripe.onboardedAccount(id);
                        } finally {
                            permits.release();
                        }
                    }));
                }
                for (Future<String> future : futures) {
                    accounts.add(future.get());
                }
                log.printf("seed: %,d / %,d connected accounts onboarded (%.1f s)%n", accounts.size(), ids.size(),
                        seconds(t0));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating a connected account failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating connected accounts", e);
        } finally {
            // On a failure the rest would only fail the same way, each after its retries: stop them.
            pool.shutdownNow();
        }
        return accounts;
    }

    private static void savePayees(LicensingApp app, List<String> ids, List<String> accounts, PrintStream log,
                                   long t0) {
        Instant now = app.clock().instant();
        for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
            int start = from;
            app.database().jdbi().useTransaction(h -> {
                for (int i = start; i < Math.min(ids.size(), start + BATCH_SIZE); i++) {
                    String id = ids.get(i);
                    PayeeStore.save(h, new Payee(id, Optional.of(accounts.get(i)), Optional.of("US"),
                            Optional.of(id + "@example.com"), Optional.of("company"), KycStatus.VERIFIED,
                            Optional.empty(), true, TaxDocument.W9, true, Optional.empty(), now));
                }
            });
        }
        log.printf("seed: %,d verified payees saved (%.1f s)%n", ids.size(), seconds(t0));
    }

    /** Credits each vault's available share, as matured payments would; returns the total in minor units. */
    private static long credit(LicensingApp app, List<String> ids, PrintStream log, long t0) {
        Instant now = app.clock().instant();
        long total = 0;
        for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
            List<JournalEntry> entries = new ArrayList<>(BATCH_SIZE);
            for (int i = from; i < Math.min(ids.size(), from + BATCH_SIZE); i++) {
                Money amount = Money.ofMinor(availableMinor(i + 1), USD);
                total += amount.amountMinor();
                entries.add(JournalEntry.builder("bench-credit:" + ids.get(i), JournalEntry.KIND_PAYMENT, now)
                        .debit(AccountRef.stripeClearing(USD), amount)
                        .credit(AccountRef.vaultAvailable(ids.get(i), USD), amount)
                        .build());
            }
            app.ledger().postBatch(entries);
        }
        log.printf("seed: %,d vaults credited (%.1f s)%n", ids.size(), seconds(t0));
        return total;
    }

    private static void fund(StripeSide stripe, long totalMinor, PrintStream log, long t0) {
        int payments = Math.toIntExact(totalMinor / PAYMENT_NET_MINOR_MIN + 1);
        for (int i = 0; i < payments; i++) {
            stripe.fundPlatform(PAYMENT_MAX_MINOR);
        }
        log.printf("seed: platform funded with %d payments of %s USD (%.1f s)%n", payments,
                Money.ofMinor(PAYMENT_MAX_MINOR, USD).toDecimalString(), seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The sandbox in this JVM, through its Java API. */
    public static StripeSide inProcess(StripeSandbox sandbox) {
        return new StripeSide() {
            @Override
            public String onboardedAccount(String payeeId) {
                String account = sandbox.createExpressAccount("US", Map.of("payee_id", payeeId));
                sandbox.completeOnboarding(account);
                return account;
            }

            @Override
            public void fundPlatform(long amountMinor) {
                sandbox.createPayment(SandboxPayment.of(amountMinor, "usd", Map.of()));
                sandbox.releasePending();
            }

            @Override
            public int concurrency() {
                return 1; // one lock guards the sandbox's state: threads would only queue on it
            }
        };
    }

    /** A standalone sandbox ({@code licensing stripe-sandbox}): stripe-java for Stripe's API, JSON for its control API. */
    public static StripeSide overHttp(String apiBase, String apiKey) {
        StripeClient stripe = StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase)
                .setMaxNetworkRetries(2).build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new StripeSide() {
            @Override
            public String onboardedAccount(String payeeId) {
                try {
                    String account = stripe.v1().accounts().create(AccountCreateParams.builder()
                            .setType(AccountCreateParams.Type.EXPRESS)
                            .setCountry("US")
                            .setCapabilities(AccountCreateParams.Capabilities.builder()
                                    .setTransfers(AccountCreateParams.Capabilities.Transfers.builder()
                                            .setRequested(true).build())
                                    .build())
                            .putMetadata("payee_id", payeeId)
                            .build()).getId();
                    control("/_sandbox/accounts/" + account + "/requirements",
                            "{\"currently_due\": [], \"payouts_enabled\": true}");
                    return account;
                } catch (StripeException e) {
                    throw new IllegalStateException("creating the account of " + payeeId + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void fundPlatform(long amountMinor) {
                control("/_sandbox/payments", "{\"amountMinor\": " + amountMinor + ", \"currency\": \"usd\"}");
                control("/_sandbox/balance/release", "{}");
            }

            @Override
            public int concurrency() {
                return HTTP_CONCURRENCY;
            }

            private void control(String path, String json) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("POST " + path + ": HTTP " + response.statusCode() + " "
                                + response.body());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("POST " + path + ": " + e, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        };
    }

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        int vaults = 0;
        try {
            vaults = Integer.parseInt(options.getOrDefault("--vaults", "10000"));
        } catch (NumberFormatException e) {
            usage("--vaults must be a whole number, not '" + options.get("--vaults") + "'");
        }
        if (vaults < 1 || vaults > VAULTS_MAX) {
            usage("--vaults must be 1 to " + VAULTS_MAX);
        }
        String apiBase = options.get("--stripe-api-base");
        if (apiBase == null) {
            usage("--stripe-api-base is required (the sandbox's address, e.g. http://127.0.0.1:12111)");
        }
        String apiKey = options.getOrDefault("--stripe-api-key",
                Optional.ofNullable(System.getenv("LICENSING_STRIPE_API_KEY")).orElse("sk_test_seed"));
        DatabaseConfig config = DatabaseConfig.resolve(Optional.ofNullable(options.get("--db")),
                Path.of(options.getOrDefault("--data-dir", "./data")));
        try (LicensingApp app = LicensingApp.open(config, Clock.systemUTC())) {
            seed(app, overHttp(apiBase, apiKey), vaults, System.out);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        List<String> known = List.of("--vaults", "--stripe-api-base", "--stripe-api-key", "--db", "--data-dir");
        for (int i = 0; i < args.length; i++) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                usage("unknown option or missing value: " + args[i]);
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }

    private static void usage(String problem) {
        System.err.println("payout seed: " + problem);
        System.err.println("usage: PayoutSeed --stripe-api-base URL [--vaults N] [--stripe-api-key KEY] "
                + "[--db JDBC_URL | --data-dir DIR]");
        System.exit(2);
    }
}
