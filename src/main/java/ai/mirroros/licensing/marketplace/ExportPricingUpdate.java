package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PricingConfiguration;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultRegistry.ImportedVault;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a vault's export fees and template markup: a new registry version of the vault, taking effect at a given
 * moment (earlier payments and checkouts keep the earlier prices), written with an activity entry saying what the
 * prices were and became — one transaction. The prices are recorded even when the vault's
 * {@code enableCustomExportFees} is off; {@link ExportPricing} then keeps charging the platform's defaults, and the
 * result says so.
 */
public final class ExportPricingUpdate {
    public static final String ACTIVITY_CHANGED = "export_pricing.changed";

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final ExportPricing pricing;

    public ExportPricingUpdate(Database database, VaultRegistry vaults, ActivityLog activityLog,
                               ExportPricing pricing) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
    }

    /**
     * New prices for a vault; an empty field keeps the current one. Amounts are decimal text in the vault's
     * settlement currency.
     */
    public record Request(String vaultId, Optional<String> agentExportFee, Optional<String> agentLoopExportFee,
                          Optional<String> platformForkFee, Optional<Percentage> templateMarkup,
                          Instant effectiveFrom) {
        public Request {
            Objects.requireNonNull(vaultId, "vaultId");
            Objects.requireNonNull(agentExportFee, "agentExportFee");
            Objects.requireNonNull(agentLoopExportFee, "agentLoopExportFee");
            Objects.requireNonNull(platformForkFee, "platformForkFee");
            Objects.requireNonNull(templateMarkup, "templateMarkup");
            // Both databases keep microseconds: the time printed is the time stored.
            effectiveFrom = effectiveFrom.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            if (agentExportFee.isEmpty() && agentLoopExportFee.isEmpty() && platformForkFee.isEmpty()
                    && templateMarkup.isEmpty()) {
                throw new LicensingException("nothing_to_change", "nothing to change: give at least one of "
                        + "--agent-fee, --loop-fee, --platform-fork-fee, --template-markup");
            }
        }
    }

    /**
     * What changed.
     *
     * @param version the vault's version carrying the new prices (the existing one when nothing changed)
     * @param charged whose prices customers are charged from {@code effectiveFrom} on, and what they are
     */
    public record Result(String vaultId, int version, boolean changed, Instant effectiveFrom,
                         PricingConfiguration before, PricingConfiguration after, ExportPricing.Source source,
                         PricingConfiguration charged) {
    }

    public Result apply(Request request) {
        return database.jdbi().inTransaction(handle -> {
            LicensedVault vault = vaults.find(handle, request.vaultId(), request.effectiveFrom())
                    .orElseThrow(() -> new UnknownVaultException("vault '" + request.vaultId()
                            + "' is not registered at " + request.effectiveFrom()
                            + "; see the registered vaults with: licensing vaults list"))
                    .vault();
            PricingConfiguration before = vault.pricingConfiguration();
            PricingConfiguration after = changed(before, request, vault.settlementCurrency());
            LicensedVault updated = withPricing(vault, after);
            ImportedVault imported = vaults.importVaults(handle, List.of(updated), request.effectiveFrom()).getFirst();
            boolean changed = imported.change() != ImportedVault.Change.UNCHANGED;
            if (changed) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("version", imported.version());
                payload.put("effectiveFrom", request.effectiveFrom().toString());
                payload.put("before", describe(before));
                payload.put("after", describe(after));
                payload.put("pricesCharged", pricing.source(updated).name().toLowerCase(java.util.Locale.ROOT));
                activityLog.append(handle, List.of(ActivityRecord.of(request.effectiveFrom(), ACTIVITY_CHANGED,
                        payload).forVault(vault.vaultId())));
            }
            return new Result(vault.vaultId(), imported.version(), changed, request.effectiveFrom(), before, after,
                    pricing.source(updated), pricing.inForce(updated));
        });
    }

    private static PricingConfiguration changed(PricingConfiguration before, Request request,
                                                CurrencyUnit currency) {
        request.templateMarkup().ifPresent(m -> TemplatePrice.requireMarkupInRange(m, "template markup"));
        return new PricingConfiguration(
                fee("agent export fee", request.agentExportFee(), currency).orElse(before.agentExportFee()),
                fee("agent-loop export fee", request.agentLoopExportFee(), currency)
                        .orElse(before.agentLoopExportFee()),
                fee("platform fork fee", request.platformForkFee(), currency).orElse(before.platformForkFee()),
                request.templateMarkup().orElse(before.agentTemplateMarkup()));
    }

    private static Optional<Money> fee(String what, Optional<String> text, CurrencyUnit currency) {
        Optional<Money> fee = text.map(t -> Money.parse(t, currency));
        if (fee.isPresent() && fee.get().isNegative()) {
            throw new LicensingException("invalid_fee", what + " must not be negative, got " + fee.get());
        }
        return fee;
    }

    private static LicensedVault withPricing(LicensedVault v, PricingConfiguration pricing) {
        return new LicensedVault(v.vaultId(), v.licenseType(), v.licensedSince(), v.settlementCurrency(),
                v.revenueSharing(), v.mirrorOrigin(), v.monetizationConfig(), pricing, v.payoutSchedule(),
                v.compliance());
    }

    /** A pricing configuration as decimal strings with currency, for activity entries. */
    public static Map<String, String> describe(PricingConfiguration p) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("agentExportFee", p.agentExportFee().toString());
        map.put("agentLoopExportFee", p.agentLoopExportFee().toString());
        map.put("platformForkFee", p.platformForkFee().toString());
        map.put("agentTemplateMarkup", p.agentTemplateMarkup().toString());
        return map;
    }
}
