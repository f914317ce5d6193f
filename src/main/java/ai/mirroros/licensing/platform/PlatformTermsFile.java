package ai.mirroros.licensing.platform;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.MoneyException;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.PricingConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the platform's terms from a JSON file; every key is optional and falls back to
 * {@link PlatformTerms#defaults()}. Amounts are decimal strings in USD, rates are percent numbers:
 *
 * <pre>{@code
 * {"defaultPricing": {"agentExportFee": "99.00", "agentLoopExportFee": "299.00", "platformForkFee": "2500.00",
 *                     "agentTemplateMarkup": 100},
 *  "downgradePolicy": "after_month_below_threshold",
 *  "referrerBonusSteps": [{"referredRevenue": "10000.00", "extraRate": 1}],
 *  "referrerBonusWindowDays": 30,
 *  "shareLinkBase": "https://licensing.example.com", "signupUrl": "https://mirroros.ai/signup"}
 * }</pre>
 */
public final class PlatformTermsFile {
    private static final Set<String> KEYS = Set.of("defaultPricing", "downgradePolicy", "referrerBonusSteps",
            "referrerBonusWindowDays", "shareLinkBase", "signupUrl");
    private static final String USD = "USD";

    private PlatformTermsFile() {
    }

    public static PlatformTerms load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw invalid(file, "cannot be read as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "must hold a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw invalid(file, "unknown key '" + name + "'; expected some of " + KEYS.stream().sorted().toList());
            }
        }
        PlatformTerms d = PlatformTerms.defaults();
        try {
            PricingConfiguration pricing = d.defaultPricing();
            JsonNode p = root.path("defaultPricing");
            if (!p.isMissingNode()) {
                pricing = new PricingConfiguration(
                        money(p, "agentExportFee", pricing.agentExportFee()),
                        money(p, "agentLoopExportFee", pricing.agentLoopExportFee()),
                        money(p, "platformForkFee", pricing.platformForkFee()),
                        p.has("agentTemplateMarkup") ? Percentage.parse(p.get("agentTemplateMarkup").asText())
                                : pricing.agentTemplateMarkup());
            }
            PlatformTerms.DowngradePolicy policy = root.has("downgradePolicy")
                    ? PlatformTerms.DowngradePolicy.valueOf(root.get("downgradePolicy").asText()
                    .toUpperCase(Locale.ROOT)) : d.downgradePolicy();
            List<PlatformTerms.ReferrerBonusStep> steps = d.referrerBonusSteps();
            if (root.has("referrerBonusSteps")) {
                steps = new ArrayList<>();
                for (JsonNode step : root.get("referrerBonusSteps")) {
                    steps.add(new PlatformTerms.ReferrerBonusStep(Money.parse(step.path("referredRevenue").asText(),
                            USD), Percentage.parse(step.path("extraRate").asText())));
                }
            }
            return new PlatformTerms(pricing, policy, steps,
                    root.path("referrerBonusWindowDays").asInt(d.referrerBonusWindowDays()),
                    root.has("shareLinkBase") ? URI.create(root.get("shareLinkBase").asText()) : d.shareLinkBase(),
                    root.has("signupUrl") ? URI.create(root.get("signupUrl").asText()) : d.signupUrl());
        } catch (MoneyException | IllegalArgumentException e) {
            // valueOf's message names the Java enum; say what the file may contain instead.
            String why = e.getMessage() != null && e.getMessage().contains("DowngradePolicy")
                    ? "downgradePolicy must be \"never\" or \"after_month_below_threshold\"" : e.getMessage();
            throw invalid(file, why);
        }
    }

    private static Money money(JsonNode node, String key, Money fallback) {
        return node.has(key) ? Money.parse(node.get(key).asText(), USD) : fallback;
    }

    private static LicensingException invalid(Path file, String why) {
        return new LicensingException("invalid_platform_terms", "platform terms " + file + ": " + why);
    }
}
