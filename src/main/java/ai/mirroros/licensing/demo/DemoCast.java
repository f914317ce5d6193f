package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.marketplace.TemplateCategory;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.sensitive.BankAccount;
import ai.mirroros.licensing.sensitive.PostalAddress;
import ai.mirroros.licensing.sensitive.TaxProfile;
import ai.mirroros.licensing.sensitive.Tin;
import ai.mirroros.licensing.sensitive.TinType;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PricingConfiguration;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The demo's three success stories and what each sells. The vaults are the seed's examples
 * ({@code examples/licensed-vaults.json}) with the changes the stories need (resource {@code demo/demo-vaults.json}):
 * the startup was referred by the enterprise vault, the individual developer by the startup (so its payments pay
 * both, levels 1 and 2), the startup hosts platforms, and the individual has automatic payouts on.
 */
public final class DemoCast {
    public static final String ENTERPRISE = "enterprise-vault.sig";
    public static final String STARTUP = "startup-vault.sig";
    public static final String INDIVIDUAL = "individual-vault.sig";
    public static final List<String> VAULT_IDS = List.of(ENTERPRISE, STARTUP, INDIVIDUAL);
    static final String REGISTRY_RESOURCE = "/demo/demo-vaults.json";
    /** The sandbox settles in US dollars and every demo vault is paid in them. */
    static final String CURRENCY = "USD";

    /**
     * How long each partner had been licensed when the history starts. The individual developer's loyalty bonus
     * (+1 point after 6 months) therefore begins half-way through a six-month history; the startup's (after 12)
     * never does.
     */
    private static final Map<String, Integer> MONTHS_LICENSED_AT_START = Map.of(ENTERPRISE, 16, STARTUP, 3,
            INDIVIDUAL, 3);

    /**
     * A marketplace template and how well it sells: {@code salesPerMonth} in the first month, growing by
     * {@code growthPercent} a month. {@code templateId} is the cast's name for it; the marketplace gives the created
     * template its own id ({@code TemplateIds}, seeded), which the seeder puts in the sales' metadata.
     */
    record Template(String vaultId, String templateId, String name, TemplateCategory category, Money price,
                    int salesPerMonth, int growthPercent) {
    }

    /**
     * A white-label platform a vault hosts for a client at {@code monthly} a month (its tier follows from the price),
     * forked {@code billingDay} days into month {@code firstMonth} of the history and paid up to month
     * {@code lastMonth} (inclusive; a client that leaves churns).
     */
    record HostedClient(String vaultId, String client, Money monthly, int firstMonth, int lastMonth, int billingDay) {
        static final int STILL_ACTIVE = Integer.MAX_VALUE;
    }

    /** Agent and agent-loop exports a vault sells per month, at its export prices; loops are named by id. */
    record Exports(String vaultId, int agentExportsPerMonth, int loopExportsPerMonth, List<String> loopIds) {
    }

    /** A platform fork sold once, in {@code month}. */
    record PlatformFork(String vaultId, int month) {
    }

    static final List<Template> TEMPLATES = List.of(
            // The seed's worked examples: $875 and $1,228.45.
            new Template(ENTERPRISE, "tpl_enterprise_analytics_bot", "Enterprise Analytics Bot",
                    TemplateCategory.ANALYTICS, usd("875.00"), 6, 10),
            new Template(ENTERPRISE, "tpl_compliance_workflow_suite", "Compliance Workflow Suite",
                    TemplateCategory.WORKFLOW, usd("1228.45"), 3, 10),
            new Template(ENTERPRISE, "tpl_crm_integration_pack", "CRM Integration Pack",
                    TemplateCategory.INTEGRATION, usd("499.00"), 5, 10),
            new Template(STARTUP, "tpl_support_triage_agent", "Support Triage Agent",
                    TemplateCategory.WORKFLOW, usd("149.00"), 8, 20),
            new Template(STARTUP, "tpl_lead_scoring_loop", "Lead Scoring Loop",
                    TemplateCategory.ANALYTICS, usd("249.00"), 6, 20),
            new Template(STARTUP, "tpl_invoice_ocr_pipeline", "Invoice OCR Pipeline",
                    TemplateCategory.INDUSTRY, usd("399.00"), 4, 20),
            new Template(INDIVIDUAL, "tpl_notion_sync_agent", "Notion Sync Agent",
                    TemplateCategory.INTEGRATION, usd("49.00"), 8, 15),
            new Template(INDIVIDUAL, "tpl_standup_summarizer", "Daily Standup Summarizer",
                    TemplateCategory.WORKFLOW, usd("79.00"), 5, 15),
            new Template(INDIVIDUAL, "tpl_github_triage_loop", "GitHub Triage Loop",
                    TemplateCategory.INTEGRATION, usd("129.00"), 3, 15));

    static final List<HostedClient> HOSTED_CLIENTS = List.of(
            // The seed's `fork-hosted-platform --client "enterprise-client" --monthly 2500`.
            new HostedClient(ENTERPRISE, "enterprise-client", usd("2500.00"), 0, HostedClient.STILL_ACTIVE, 2),
            new HostedClient(ENTERPRISE, "acme-logistics", usd("999.00"), 1, HostedClient.STILL_ACTIVE, 9),
            new HostedClient(ENTERPRISE, "northwind-health", usd("299.00"), 2, 3, 15),
            new HostedClient(STARTUP, "bright-dental", usd("299.00"), 2, HostedClient.STILL_ACTIVE, 20));

    static final List<Exports> EXPORTS = List.of(
            new Exports(ENTERPRISE, 12, 5, List.of("loop_revenue_forecast", "loop_churn_watch",
                    "loop_invoice_chaser")),
            new Exports(STARTUP, 15, 6, List.of("loop_lead_nurture", "loop_ticket_router")),
            new Exports(INDIVIDUAL, 2, 1, List.of("loop_daily_digest")));

    static final List<PlatformFork> PLATFORM_FORKS = List.of(new PlatformFork(ENTERPRISE, 2));

    /**
     * A vault's customers: each month {@code newPerMonth} more people may buy, and a sale's buyer is drawn from all
     * who may buy so far, so some come back (repeat buyers) while new ones keep arriving. {@code acquisitionSpend} is
     * what the vault spends each month on finding them (±20 %), recorded as {@code licensing analytics spend} would.
     */
    record Customers(String vaultId, int newPerMonth, Money acquisitionSpend) {
    }

    static final List<Customers> CUSTOMERS = List.of(
            new Customers(ENTERPRISE, 30, usd("1500.00")),
            new Customers(STARTUP, 40, usd("600.00")),
            new Customers(INDIVIDUAL, 16, usd("150.00")));

    /**
     * Who referred whom, in sign-up order: {@code referred} signs up with a referral code of {@code referrer} before
     * the history starts, after {@code visits} visits to the code's share link. The individual, signing up with the
     * startup's code, gets the chain [startup, enterprise] (its {@code maxReferralDepth} is 2).
     */
    record Referral(String referred, String referrer, int visits) {
    }

    static final List<Referral> REFERRALS = List.of(
            new Referral(STARTUP, ENTERPRISE, 14),
            new Referral(INDIVIDUAL, STARTUP, 9));

    /**
     * Where customers pay from ({@code customer_country}), weighted by how many out of 100 do. Sorted: a plan must
     * not depend on a hash map's per-process iteration order.
     */
    static final SortedMap<String, Integer> CUSTOMER_COUNTRIES = Collections.unmodifiableSortedMap(new TreeMap<>(
            Map.of("US", 50, "GB", 12, "DE", 12, "CA", 8, "AU", 6, "FR", 6, "NL", 6)));

    /**
     * The partners' tax profiles, for the 1099-K and the sealed-storage demo: the enterprise a US company (EIN), the
     * startup a German GmbH (foreign tax id, IBAN; onboarded in DE, so it files a W-8BEN and gets no 1099-K), the
     * individual a US person (SSN). The numbers are the well-known specimen ones (078-05-1120 is the SSN printed
     * on a 1938 wallet insert, DE89 3704 … the IBAN of every textbook, 110000000 Stripe's test routing number):
     * fictitious, never a real person's.
     */
    static final List<TaxProfile> TAX_PROFILES = List.of(
            new TaxProfile(ENTERPRISE, "Enterprise Vault Inc.", TinType.EIN, Tin.parse(TinType.EIN, "12-3456789"),
                    new PostalAddress("1200 Market Street", Optional.of("Suite 400"), "San Francisco", "CA", "94102",
                            "US"),
                    Optional.of(BankAccount.us("110000000", "000123456789"))),
            new TaxProfile(STARTUP, "Startup Vault GmbH", TinType.FOREIGN, Tin.parse(TinType.FOREIGN, "DE129273398"),
                    new PostalAddress("Torstrasse 49", Optional.empty(), "Berlin", "", "10119", "DE"),
                    Optional.of(BankAccount.iban("DE89 3704 0044 0532 0130 00", Optional.of("COBADEFFXXX")))),
            new TaxProfile(INDIVIDUAL, "Jordan Rivera", TinType.SSN, Tin.parse(TinType.SSN, "078-05-1120"),
                    new PostalAddress("742 Evergreen Terrace", Optional.empty(), "Springfield", "OR", "97477", "US"),
                    Optional.of(BankAccount.us("110000000", "000987654321"))));

    private DemoCast() {
    }

    /** A demo vault's tax profile. */
    static TaxProfile taxProfile(String vaultId) {
        return TAX_PROFILES.stream().filter(p -> p.payeeId().equals(vaultId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the demo cast has no tax profile for " + vaultId));
    }

    /** The three vaults, licensed the stories' number of months before {@code historyStart}. */
    public static List<LicensedVault> vaults(LocalDate historyStart) {
        Map<String, LicensedVault> loaded = VaultRegistryFile.parse(registryJson());
        return VAULT_IDS.stream().map(id -> licensedSince(loaded.get(id),
                historyStart.minusMonths(MONTHS_LICENSED_AT_START.get(id)))).toList();
    }

    static Customers customers(String vaultId) {
        return CUSTOMERS.stream().filter(c -> c.vaultId().equals(vaultId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the demo cast has no customers for " + vaultId));
    }

    /** The prices a vault charges for exports and forks: its own, or the platform's when custom fees are off. */
    static PricingConfiguration exportPricing(LicensedVault vault, PlatformTerms terms) {
        return vault.monetizationConfig().enableCustomExportFees() ? vault.pricingConfiguration()
                : terms.defaultPricing();
    }

    private static LicensedVault licensedSince(LicensedVault v, LocalDate since) {
        return new LicensedVault(v.vaultId(), v.licenseType(), since, v.settlementCurrency(), v.revenueSharing(),
                v.mirrorOrigin(), v.monetizationConfig(), v.pricingConfiguration(), v.payoutSchedule(),
                v.compliance());
    }

    private static String registryJson() {
        try (InputStream in = DemoCast.class.getResourceAsStream(REGISTRY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo registry " + REGISTRY_RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Money usd(String amount) {
        return Money.parse(amount, CURRENCY);
    }
}
