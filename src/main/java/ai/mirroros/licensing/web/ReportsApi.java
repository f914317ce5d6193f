package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.reports.Filer;
import ai.mirroros.licensing.reports.Form1099K;
import ai.mirroros.licensing.reports.Form1099KReport;
import ai.mirroros.licensing.reports.Form1099KReports;
import ai.mirroros.licensing.reports.PayeeIdentities;
import ai.mirroros.licensing.reports.ReportPeriod;
import ai.mirroros.licensing.reports.RevenueCsv;
import ai.mirroros.licensing.reports.RevenueFigures;
import ai.mirroros.licensing.reports.RevenueReport;
import ai.mirroros.licensing.reports.RevenueReports;
import ai.mirroros.licensing.reports.TaxProfileIdentities;
import ai.mirroros.licensing.reports.Threshold;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.tax.Quarter;
import ai.mirroros.licensing.tax.VatReport;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/admin/reports/…}: the revenue report (JSON, or CSV with {@code Accept: text/csv} or
 * {@code format=csv}) and the 1099-K summary, for admin keys only (a partner key gets 404, as for anything it may
 * not see). The 1099-K summary masks TINs: the full TIN only ever goes to the files {@code licensing reports 1099k}
 * writes for filing.
 */
final class ReportsApi {
    private ReportsApi() {
    }

    static void register(ApiRouter api, LicensingApp app, Optional<DataKeyRing> dataKeys) {
        PayeeIdentities identities = dataKeys.<PayeeIdentities>map(keys -> new TaxProfileIdentities(
                app.taxProfiles(keys))).orElse(PayeeIdentities.NONE);
        api.get("/api/admin/reports/revenue", ctx -> revenue(ctx, app));
        api.get("/api/admin/reports/1099k", ctx -> form1099k(ctx, app, identities));
        api.get("/api/admin/reports/vat", ctx -> vat(ctx, app));
    }

    private static void revenue(Context ctx, LicensingApp app) {
        ApiAuth.requireAdmin(ctx);
        ReportPeriod period = period(ctx, app);
        Optional<String> vault = Optional.ofNullable(ctx.queryParam("vault")).filter(v -> !v.isBlank());
        RevenueReport report = new RevenueReports(app.database()).build(period, vault);
        if (wantsCsv(ctx)) {
            ctx.contentType("text/csv; charset=utf-8").result(RevenueCsv.write(report));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", period.label());
        body.put("from", period.from().toString());
        body.put("to", period.to().toString());
        body.put("vault", vault.orElse(null));
        body.put("totals", report.totals().stream().map(ReportsApi::figures).toList());
        body.put("vaults", report.vaults().stream().map(ReportsApi::figures).toList());
        ctx.json(body);
    }

    private static Map<String, Object> figures(RevenueFigures row) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!row.isPlatformWide()) {
            out.put("vaultId", row.vaultId());
        }
        out.put("currency", row.currency().code());
        row.columns().forEach((name, value) -> out.put(camel(name),
                RevenueFigures.COUNT_COLUMNS.contains(name) ? (Object) Long.parseLong(value) : value));
        return out;
    }

    /** The quarter's VAT/GST report, as {@code licensing reports vat} prints it (JSON) or writes it (CSV). */
    private static void vat(Context ctx, LicensingApp app) {
        ApiAuth.requireAdmin(ctx);
        Quarter quarter = Optional.ofNullable(ctx.queryParam("quarter")).map(Quarter::parse)
                .orElseGet(() -> Quarter.of(app.clock().instant()));
        // One transaction: the rows and the ledger total they are checked against see the same commits.
        VatReport.Report report = app.database().jdbi().inTransaction(handle -> VatReport.of(handle, quarter));
        if (wantsCsv(ctx)) {
            ctx.contentType("text/csv; charset=utf-8").result(VatReport.toCsv(report));
            return;
        }
        ctx.json(VatReport.toJson(report));
    }

    private static void form1099k(Context ctx, LicensingApp app, PayeeIdentities identities) {
        ApiAuth.requireAdmin(ctx);
        int year = Optional.ofNullable(ctx.queryParam("year")).map(y -> ReportPeriod.year(y).startYear())
                .orElse(ZonedDateTime.now(app.clock().withZone(ZoneOffset.UTC)).getYear());
        Threshold threshold = Threshold.parse(ctx.queryParam("threshold"), ctx.queryParam("thresholdAmount"),
                Optional.ofNullable(ctx.queryParam("thresholdCount")).map(ReportsApi::count).orElse(null));
        Form1099KReport report = new Form1099KReports(app.database(), identities)
                .build(year, threshold, Filer.fromEnvironment(System.getenv()), Form1099KReports.Progress.NONE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("year", report.year());
        body.put("threshold", threshold.describe());
        body.put("reportable", report.reportable().size());
        body.put("reportableGross", Form1099K.usd(report.reportableGrossMinor()));
        body.put("reportableTransactions", report.reportableTransactions());
        body.put("payees", report.forms().stream().map(Form1099KSummary::of).toList());
        List<String> warnings = new java.util.ArrayList<>(report.warnings());
        if (identities == PayeeIdentities.NONE) {
            warnings.add("tax profiles not opened: this server was started without data keys; "
                    + "names and TINs show as missing");
        }
        body.put("warnings", warnings);
        ctx.json(body);
    }

    /** One payee of the 1099-K summary: masked TIN, never the full one. */
    private static final class Form1099KSummary {
        static Map<String, Object> of(Form1099K form) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("payeeId", form.payeeId());
            out.put("name", form.legalName().isEmpty() ? null : form.legalName());
            out.put("tin", form.maskedTin());
            out.put("country", form.country());
            out.put("gross", Form1099K.usd(form.grossMinor()));
            out.put("transactions", form.transactions());
            out.put("months", form.monthsMinor().stream().map(Form1099K::usd).toList());
            out.put("reportable", form.reportable());
            out.put("warnings", form.warnings());
            return out;
        }
    }

    /** quarter=2026-Q3 or year=2026; neither: the quarter the server's clock is in. */
    private static ReportPeriod period(Context ctx, LicensingApp app) {
        String quarter = ctx.queryParam("quarter");
        String year = ctx.queryParam("year");
        if (quarter != null && year != null) {
            throw ApiProblem.invalidParameter("quarter", "give quarter or year, not both");
        }
        if (quarter != null) {
            return ReportPeriod.quarter(quarter);
        }
        if (year != null) {
            return ReportPeriod.year(year);
        }
        return ReportPeriod.quarter(Quarter.of(app.clock().instant()));
    }

    private static boolean wantsCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiProblem.invalidParameter("format", "'" + format + "' is not json or csv");
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    private static long count(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidParameter("thresholdCount", "'" + text + "' is not a whole number");
        }
    }

    /** processing_fees → processingFees: the API's JSON names are camelCase, the CSV's snake_case. */
    static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
