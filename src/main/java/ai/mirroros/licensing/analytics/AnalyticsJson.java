package ai.mirroros.licensing.analytics;

import ai.mirroros.licensing.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report as JSON-ready maps: amounts as decimal strings in the report's currency, ratios as decimal percent
 * strings, and figures without a defined value as null — the shape the CLI's --json and the API print.
 */
public final class AnalyticsJson {
    private AnalyticsJson() {
    }

    public static Map<String, Object> toMap(AnalyticsReport r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("vaultId", r.vaultId());
        map.put("from", r.from().toString());
        map.put("to", r.to().toString());
        map.put("currency", r.totalEarned().currency().code());
        Map<String, Object> streams = new LinkedHashMap<>();
        r.streams().forEach((stream, f) -> streams.put(stream.label(), Map.of("payments", f.payments(),
                "gross", amount(f.gross()), "partnerEarnings", amount(f.partnerEarnings()))));
        map.put("streams", streams);
        map.put("referralCommissions", amount(r.referralCommissions()));
        map.put("totalEarned", amount(r.totalEarned()));
        map.put("clawedBack", amount(r.clawedBack()));
        List<Map<String, Object>> months = new ArrayList<>();
        for (AnalyticsReport.MonthFigures m : r.months()) {
            Map<String, Object> month = new LinkedHashMap<>();
            month.put("month", m.month().toString());
            month.put("gross", amount(m.gross()));
            month.put("growthPercent", percent(m.growthPercent()));
            months.add(month);
        }
        map.put("months", months);
        List<Map<String, Object>> byStream = new ArrayList<>();
        for (AnalyticsReport.MonthStreams m : r.monthsByStream()) {
            Map<String, Object> month = new LinkedHashMap<>();
            month.put("month", m.month().toString());
            for (Stream stream : Stream.values()) {
                month.put(stream.label(), amount(m.partnerEarnings().get(stream)));
            }
            byStream.add(month);
        }
        map.put("monthsByStream", byStream);
        map.put("customersServed", r.customersServed());
        map.put("newCustomers", r.newCustomers());
        map.put("lifetimeValue", amount(r.lifetimeValue()));
        map.put("acquisitionSpend", amount(r.acquisitionSpend()));
        map.put("acquisitionCost", amount(r.acquisitionCost()));
        Map<String, Object> churn = new LinkedHashMap<>();
        churn.put("activeAtStart", r.churn().activeAtStart());
        churn.put("started", r.churn().started());
        churn.put("ended", r.churn().ended());
        churn.put("ratePercent", percent(r.churn().ratePercent()));
        map.put("hostingChurn", churn);
        Map<String, Object> exports = new LinkedHashMap<>();
        exports.put("count", r.exports().count());
        exports.put("gross", amount(r.exports().gross()));
        exports.put("averageValue", amount(r.exports().averageValue()));
        Map<String, Object> byType = new LinkedHashMap<>();
        r.exports().byProductType().forEach((type, sales) -> {
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("count", sales.count());
            product.put("gross", amount(sales.gross()));
            product.put("averageValue", amount(sales.averageValue()));
            byType.put(type, product);
        });
        exports.put("byProductType", byType);
        map.put("exports", exports);
        map.put("templateConversion", conversion(r.templateConversion(), "views", "sales"));
        map.put("referralConversion", conversion(r.referralConversion(), "visits", "signups"));
        Map<String, Object> loops = new LinkedHashMap<>();
        loops.put("active", r.loops().active());
        loops.put("gross", amount(r.loops().gross()));
        loops.put("revenuePerLoop", amount(r.loops().revenuePerLoop()));
        map.put("agentLoops", loops);
        return map;
    }

    private static Map<String, Object> conversion(AnalyticsReport.Conversion c, String visits, String conversions) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(visits, c.visits());
        map.put(conversions, c.conversions());
        map.put("ratePercent", percent(c.ratePercent()));
        return map;
    }

    private static String amount(Money money) {
        return money.toDecimalString();
    }

    private static String amount(Optional<Money> money) {
        return money.map(Money::toDecimalString).orElse(null);
    }

    private static String percent(Optional<BigDecimal> value) {
        return value.map(BigDecimal::toPlainString).orElse(null);
    }
}
