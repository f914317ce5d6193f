package ai.mirroros.licensing.analytics;

import ai.mirroros.licensing.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One vault's analytics over {@code [from, to)}. Money is in the vault's settlement currency. A ratio that has no
 * defined value (no previous month, no customers, no views) is empty rather than zero, so "0 %" always means zero.
 *
 * @param streams            revenue by stream; partner earnings are the partner lines of the payments' splits
 * @param referralCommissions what the vault earned as a referrer in the period (its referrer account in the ledger)
 * @param totalEarned        partner earnings of every stream plus referral commissions
 * @param clawedBack         refunds and lost disputes taken back from the vault in the period (ledger)
 * @param months             gross per calendar month in the period with growth over the month before
 * @param monthsByStream     partner earnings per calendar month of the period and stream; a month without payments
 *                           has zeros, and each stream's months add up to its {@code partnerEarnings} in
 *                           {@code streams}
 * @param customersServed    distinct Stripe customers who paid in the period; payments without a customer each count
 *                           as one
 * @param newCustomers       customers whose first payment to this vault fell in the period
 * @param lifetimeValue      gross per customer over the vault's whole history up to {@code to}
 * @param acquisitionSpend   recorded acquisition spend for the months of the period
 * @param acquisitionCost    acquisition spend per new customer
 * @param churn              hosted platforms: active at the start, started, ended, and the churn rate
 * @param exports            export count and average value
 * @param templateConversion template sales per listing view
 * @param referralConversion sign-ups per share-link visit of the vault's codes
 * @param loops              agent loops that earned in the period and revenue per loop
 */
public record AnalyticsReport(
        String vaultId,
        Instant from,
        Instant to,
        Map<Stream, StreamFigures> streams,
        Money referralCommissions,
        Money totalEarned,
        Money clawedBack,
        List<MonthFigures> months,
        List<MonthStreams> monthsByStream,
        long customersServed,
        long newCustomers,
        Optional<Money> lifetimeValue,
        Money acquisitionSpend,
        Optional<Money> acquisitionCost,
        Churn churn,
        Exports exports,
        Conversion templateConversion,
        Conversion referralConversion,
        Loops loops) {

    public record StreamFigures(long payments, Money gross, Money partnerEarnings) {
    }

    /** {@code growth} is the change over the previous month in percent, empty when that month had no revenue. */
    public record MonthFigures(YearMonth month, Money gross, Optional<BigDecimal> growthPercent) {
    }

    /** The partner's earnings in one calendar month, per stream (every stream present, zero when nothing sold). */
    public record MonthStreams(YearMonth month, Map<Stream, Money> partnerEarnings) {
        public MonthStreams {
            partnerEarnings = Map.copyOf(partnerEarnings);
            if (partnerEarnings.size() != Stream.values().length) {
                throw new IllegalArgumentException("every stream needs a figure for " + month + ": "
                        + partnerEarnings.keySet());
            }
        }
    }

    public record Churn(long activeAtStart, long started, long ended, Optional<BigDecimal> ratePercent) {
    }

    /** The exports stream, and per product type (agent_export, loop_export, platform_fork). */
    public record Exports(long count, Money gross, Optional<Money> averageValue,
                          Map<String, ProductSales> byProductType) {
        public Exports {
            byProductType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byProductType));
        }
    }

    public record ProductSales(long count, Money gross, Optional<Money> averageValue) {
    }

    public record Conversion(long visits, long conversions, Optional<BigDecimal> ratePercent) {
    }

    public record Loops(long active, Money gross, Optional<Money> revenuePerLoop) {
    }
}
