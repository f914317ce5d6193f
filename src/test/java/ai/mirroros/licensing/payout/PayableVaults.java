package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Many vaults that are due for a payout, made quickly: registered (copies of the example enterprise vault: weekly
 * on Fridays, minimum 100.00 USD, automatic payouts on), onboarded at the Stripe sandbox, verified payees, money
 * available in the ledger, and a platform balance at Stripe that covers all of it.
 */
final class PayableVaults {
    static final CurrencyUnit USD = CurrencyUnit.USD;
    /** Registered long before the payout day, so the vault's schedule is in force. */
    static final Instant REGISTERED = Instant.parse("2025-01-01T00:00:00Z");
    /** The sandbox takes payments of at most 999,999.99 each. */
    private static final long PAYMENT_MINOR_MAX = 99_999_999L;

    /** One seeded vault: its connected account and what it was credited (own share, referrer commissions). */
    record Vault(String vaultId, String account, Money own, Money commissions) {
        Money total() {
            return own.plus(commissions);
        }
    }

    private PayableVaults() {
    }

    /**
     * Seeds {@code count} payable vaults named {@code <prefix>-0001.sig} …; every fourth also earned referrer
     * commissions, so that both halves of a payout are exercised. Amounts are fixed by the index (100.00 to
     * 999.99 own share), so every run of a test pays the same.
     */
    static Map<String, Vault> seed(LicensingApp app, StripeSandbox stripe, String prefix, int count) {
        LicensedVault template = VaultRegistryFile.load(Path.of("examples/licensed-vaults.json"))
                .get("enterprise-vault.sig");
        List<LicensedVault> vaults = new ArrayList<>(count);
        List<Vault> seeded = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String id = String.format("%s-%04d.sig", prefix, i);
            vaults.add(new LicensedVault(id, template.licenseType(), template.licensedSince(),
                    template.settlementCurrency(), template.revenueSharing(), template.mirrorOrigin(),
                    template.monetizationConfig(), template.pricingConfiguration(), template.payoutSchedule(),
                    template.compliance()));
            String account = stripe.createExpressAccount("US", Map.of("payee_id", id));
            stripe.completeOnboarding(account);
            Money own = Money.ofMinor(10_000L + (i * 7_919L) % 90_000L, USD);
            Money commissions = Money.ofMinor(i % 4 == 0 ? 1 + (i * 31L) % 5_000L : 0L, USD);
            seeded.add(new Vault(id, account, own, commissions));
        }
        app.vaults().importVaults(vaults, REGISTERED);
        Instant now = app.clock().instant();
        app.database().jdbi().useTransaction(h -> seeded.forEach(v -> PayeeStore.save(h, new Payee(v.vaultId(),
                Optional.of(v.account()), Optional.of("US"), Optional.of(v.vaultId() + "@example.com"),
                Optional.of("company"), KycStatus.VERIFIED, Optional.empty(), true, TaxDocument.W9, true,
                Optional.empty(), now))));
        credit(app.ledger(), seeded, now);
        fund(stripe, seeded.stream().map(Vault::total).reduce(Money.zero(USD), Money::plus));
        return seeded.stream().collect(Collectors.toMap(Vault::vaultId, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    /** Each vault's money straight into its available balances, as matured payments would leave it. */
    private static void credit(Ledger ledger, List<Vault> vaults, Instant at) {
        List<JournalEntry> entries = vaults.stream().map(v -> JournalEntry.builder("seed-credit:" + v.vaultId(),
                        JournalEntry.KIND_PAYMENT, at)
                .debit(AccountRef.stripeClearing(USD), v.total())
                .credit(AccountRef.vaultAvailable(v.vaultId(), USD), v.own())
                .credit(AccountRef.referrerAvailable(v.vaultId(), USD), v.commissions())
                .build()).toList();
        for (int from = 0; from < entries.size(); from += Ledger.MAX_BATCH_SIZE) {
            ledger.postBatch(entries.subList(from, Math.min(entries.size(), from + Ledger.MAX_BATCH_SIZE)));
        }
    }

    /** Customers pay until the platform's available balance covers {@code needed} (Stripe keeps a fee of each). */
    private static void fund(StripeSandbox stripe, Money needed) {
        while (stripe.balance().available("usd") < needed.amountMinor()) {
            stripe.createPayment(SandboxPayment.of(PAYMENT_MINOR_MAX, "usd", Map.of()));
            stripe.releasePending();
        }
    }
}
