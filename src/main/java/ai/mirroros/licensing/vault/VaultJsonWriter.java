package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps one {@link LicensedVault} to its JSON object, field for field, in the order of the seed's file. Every field is
 * written, absent optional values as {@code null}, so an exported file shows every setting a vault has.
 */
final class VaultJsonWriter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private VaultJsonWriter() {
    }

    static ObjectNode vault(LicensedVault vault) {
        CurrencyUnit currency = vault.settlementCurrency();
        ObjectNode out = JSON.objectNode();
        out.put("licenseType", RegistryJson.wireName(vault.licenseType()));
        out.put("licensedSince", vault.licensedSince().toString());
        out.put("settlementCurrency", currency.code());
        out.set("revenueSharing", revenueSharing(vault.revenueSharing(), currency));
        out.set("mirrorOrigin", mirrorOrigin(vault.mirrorOrigin()));
        out.set("monetizationConfig", monetization(vault.monetizationConfig()));
        out.set("pricingConfiguration", pricing(vault.pricingConfiguration(), currency));
        out.set("payoutSchedule", payoutSchedule(vault.payoutSchedule(), currency));
        out.set("compliance", compliance(vault.compliance()));
        return out;
    }

    private static ObjectNode revenueSharing(RevenueSharing sharing, CurrencyUnit currency) {
        ObjectNode out = JSON.objectNode();
        out.put("partnerShare", sharing.partnerShare().toDecimal());
        out.put("masterVaultShare", sharing.masterVaultShare().toDecimal());
        ArrayNode levels = out.putArray("referrerShare");
        sharing.referrerShare().forEach(rate -> levels.add(rate.toDecimal()));
        out.put("maxReferralDepth", sharing.maxReferralDepth());
        out.set("volumeBonus", sharing.volumeBonus().map(bonus -> {
            ObjectNode node = JSON.objectNode();
            node.put("threshold", amount(bonus.threshold(), currency));
            node.put("bonusPercentage", bonus.bonusPercentage().toDecimal());
            node.put("windowDays", bonus.windowDays());
            return node;
        }).orElse(null));
        out.set("loyaltyBonus", sharing.loyaltyBonus().map(bonus -> {
            ObjectNode node = JSON.objectNode();
            node.put("monthsRequired", bonus.monthsRequired());
            node.put("bonusPercentage", bonus.bonusPercentage().toDecimal());
            return node;
        }).orElse(null));
        out.put("bonusCeiling", sharing.bonusCeiling().toDecimal());
        out.put("feeBearer", RegistryJson.wireName(sharing.feeBearer()));
        ObjectNode fee = out.putObject("processingFee");
        fee.put("percentage", sharing.processingFee().percentage().toDecimal());
        fee.put("fixed", amount(sharing.processingFee().fixed(), currency));
        return out;
    }

    private static ObjectNode mirrorOrigin(MirrorOrigin origin) {
        ObjectNode out = JSON.objectNode();
        out.put("parentVault", origin.parentVault().orElse(null));
        out.put("forkDepth", origin.forkDepth());
        ArrayNode chain = out.putArray("referrerChain");
        origin.referrerChain().forEach(chain::add);
        return out;
    }

    private static ObjectNode monetization(MonetizationConfig config) {
        ObjectNode out = JSON.objectNode();
        out.put("enableAgentTemplateResale", config.enableAgentTemplateResale());
        out.put("enableHostedMirrorPlatforms", config.enableHostedMirrorPlatforms());
        out.put("enableCustomExportFees", config.enableCustomExportFees());
        out.put("stripeIntegration", config.stripeIntegration());
        out.put("referralProgram", config.referralProgram());
        return out;
    }

    private static ObjectNode pricing(PricingConfiguration pricing, CurrencyUnit currency) {
        ObjectNode out = JSON.objectNode();
        out.put("agentExportFee", amount(pricing.agentExportFee(), currency));
        out.put("agentLoopExportFee", amount(pricing.agentLoopExportFee(), currency));
        out.put("platformForkFee", amount(pricing.platformForkFee(), currency));
        out.put("agentTemplateMarkup", pricing.agentTemplateMarkup().toDecimal());
        return out;
    }

    private static ObjectNode payoutSchedule(PayoutSchedule schedule, CurrencyUnit currency) {
        ObjectNode out = JSON.objectNode();
        out.put("frequency", RegistryJson.wireName(schedule.frequency()));
        out.put("dayOfWeek", schedule.dayOfWeek().map(RegistryJson::wireName).orElse(null));
        out.put("dayOfMonth", schedule.dayOfMonth().orElse(null));
        out.put("minimumAmount", amount(schedule.minimumAmount(), currency));
        out.put("holdingPeriodDays", schedule.holdingPeriodDays());
        out.put("autoPayoutEnabled", schedule.autoPayoutEnabled());
        return out;
    }

    private static ObjectNode compliance(ComplianceStatus compliance) {
        ObjectNode out = JSON.objectNode();
        out.put("kycStatus", RegistryJson.wireName(compliance.kyc()));
        out.put("taxDocumentation", RegistryJson.wireName(compliance.taxDocumentation()));
        out.put("payoutAccountVerified", compliance.payoutAccountVerified());
        return out;
    }

    /**
     * A decimal string in the settlement currency. An amount in another currency (which the validator refuses) keeps
     * its code, {@code "49.00 EUR"}, so that writing never silently changes a value.
     */
    private static String amount(Money money, CurrencyUnit settlement) {
        return money.currency().equals(settlement) ? money.toDecimalString()
                : money.toDecimalString() + " " + money.currency().code();
    }
}
