package ai.mirroros.licensing.reports;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Form 1099-K on the demo's ledger (every demo payee is a US account): gross per month and year from the journal,
 * thresholds at their exact edges, the PDF read back, the CSV's totals against the ledger, TINs full in the filing
 * files and masked everywhere else, and the same bytes from the same ledger.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class Form1099KTest {
    private static final String ENTERPRISE = "enterprise-vault.sig";
    private static final String INDIVIDUAL = "individual-vault.sig";
    private static final String TIN = "12-3456789";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-15T09:30:00Z"), ZoneOffset.UTC);
    private static final Filer FILER = Filer.of("MirrorOS Inc.", "98-7654321", "1 Market St|San Francisco, CA 94105",
            "+1 415 555 0100");
    @Parameter
    TestDatabases.Kind kind;
    private Database db;
    private Form1099KReports reports;

    @BeforeEach
    void seeded() {
        db = SeededLedger.of(kind);
        // The enterprise partner has a complete tax profile; the individual has none (no W-9 yet).
        reports = new Form1099KReports(db, PayeeIdentities.of(Map.of(ENTERPRISE, new PayeeIdentity(
                "Enterprise Vault LLC", Optional.of(TIN), List.of("500 Main St", "Austin, TX 78701"), "US"))));
    }

    private Form1099KReport build(Threshold threshold) {
        return reports.build(2026, threshold, FILER, Form1099KReports.Progress.NONE);
    }

    @Test
    void grossPerMonthAndYearAndTheTransactionCountAreTheYearsPaymentEntries() {
        Form1099KReport report = build(Threshold.ALL);
        assertThat(report.forms()).extracting(Form1099K::payeeId).as("the payees onboarded in the US")
                .containsExactlyElementsOf(usPayees()).contains(ENTERPRISE, INDIVIDUAL);
        for (Form1099K form : report.forms()) {
            assertThat(form.grossMinor()).as("box 1a = Dr clearing + Dr fees of the payee's payment entries")
                    .isEqualTo(ledgerGross(form.payeeId(), "2026-01-01", "2027-01-01")).isPositive();
            assertThat(form.transactions()).isEqualTo(paymentCount(form.payeeId()));
            for (int month = 1; month <= 12; month++) {
                String from = "2026-%02d-01".formatted(month);
                String to = month == 12 ? "2027-01-01" : "2026-%02d-01".formatted(month + 1);
                assertThat(form.monthsMinor().get(month - 1)).as(form.payeeId() + " month " + month)
                        .isEqualTo(ledgerGross(form.payeeId(), from, to));
            }
        }
    }

    @Test
    void theSealedTaxProfilesGiveNameTinAndAddressAndAForeignTinIsNoUsPayee() {
        TaxProfileIdentities profiles = new TaxProfileIdentities(ai.mirroros.licensing.LicensingApp.over(db, CLOCK)
                .taxProfiles(SeededLedger.ring()));
        Form1099KReport report = new Form1099KReports(db, profiles).build(2026, Threshold.ALL, FILER,
                Form1099KReports.Progress.NONE);
        assertThat(report.forms()).extracting(Form1099K::payeeId).containsExactly(ENTERPRISE, INDIVIDUAL);
        Form1099K enterprise = report.forms().getFirst();
        assertThat(enterprise.legalName()).isEqualTo("Enterprise Vault Inc.");
        assertThat(enterprise.tin()).isEqualTo("12-3456789");
        assertThat(enterprise.maskedTin()).isEqualTo("**-***6789");
        assertThat(enterprise.addressLines()).contains("1200 Market Street");
        assertThat(enterprise.warnings()).isEmpty();
        assertThat(report.forms().get(1).maskedTin()).isEqualTo("***-**-1120");
        assertThat(profiles.find("startup-vault.sig")).hasValueSatisfying(identity ->
                assertThat(identity.country()).as("a foreign TIN (W-8BEN): no 1099-K").isNotEqualTo("US"));
    }

    @Test
    void grossIsNotNettedForRefundsOrDisputesAsTheIrsAsks() {
        Form1099KReport report = build(Threshold.ALL);
        RevenueReport year = new RevenueReports(db).build(ReportPeriod.year(2026), Optional.empty());
        assertThat(year.vaults().stream().mapToLong(RevenueFigures::refundedMinor).sum()).as("the demo refunds")
                .isPositive();
        for (Form1099K form : report.forms()) {
            RevenueFigures revenue = year.vaults().stream().filter(v -> v.vaultId().equals(form.payeeId()))
                    .findFirst().orElseThrow();
            assertThat(form.grossMinor()).as(form.payeeId() + ": box 1a is the revenue report's gross, before "
                    + "refunds (" + revenue.refundedMinor() + ") and disputes").isEqualTo(revenue.grossMinor());
            assertThat(form.transactions()).isEqualTo(revenue.payments());
        }
    }

    @Test
    void theCsvTotalsEqualTheLedgerAndCarryTheFullTin() {
        Form1099KReport report = build(Threshold.ALL);
        List<String> rows = List.of(Form1099KCsv.write(report).split("\r\n"));
        List<String> header = csv(rows.getFirst());
        long csvGross = 0;
        long csvCount = 0;
        for (String row : rows.subList(1, rows.size())) {
            List<String> fields = csv(row);
            csvGross += Long.parseLong(fields.get(header.indexOf("box1a_gross")).replace(".", ""));
            csvCount += Long.parseLong(fields.get(header.indexOf("box3_transactions")));
            long months = 0;
            for (int i = header.indexOf("box5a_jan"); i <= header.indexOf("box5l_dec"); i++) {
                months += Long.parseLong(fields.get(i).replace(".", ""));
            }
            assertThat(months).isEqualTo(Long.parseLong(fields.get(header.indexOf("box1a_gross")).replace(".", "")));
        }
        long ledgerGross = 0;
        long ledgerCount = 0;
        for (String payee : usPayees()) {
            ledgerGross += ledgerGross(payee, "2026-01-01", "2027-01-01");
            ledgerCount += paymentCount(payee);
        }
        assertThat(csvGross).isEqualTo(ledgerGross).isPositive();
        assertThat(csvCount).isEqualTo(ledgerCount);
        assertThat(rows.get(1)).startsWith("2026,enterprise-vault.sig,Enterprise Vault LLC,12-3456789,present,"
                + "\"500 Main St, Austin, TX 78701\",US,MirrorOS Inc.,98-7654321,");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("2026,individual-vault.sig,,,TIN missing,"));
    }

    @Test
    void theThresholdIsInclusiveAt20000DollarsAnd200Transactions() {
        Form1099K enterprise = build(Threshold.ALL).forms().getFirst();
        long gross = enterprise.grossMinor();
        long count = enterprise.transactions();
        assertThat(reportable(new Threshold(gross, count, false))).as("exactly at both edges").contains(ENTERPRISE);
        assertThat(reportable(new Threshold(gross + 1, count, false))).as("one cent short").doesNotContain(ENTERPRISE);
        assertThat(reportable(new Threshold(gross, count + 1, false))).as("one payment short")
                .doesNotContain(ENTERPRISE);
        assertThat(Threshold.FEDERAL.reportable(2_000_000, 200)).isTrue();
        assertThat(Threshold.FEDERAL.reportable(1_999_999, 200)).isFalse();
        assertThat(Threshold.FEDERAL.reportable(2_000_000, 199)).isFalse();
        assertThat(Threshold.FEDERAL.reportable(5_000_000, 199)).as("both conditions, not either").isFalse();
        assertThat(Threshold.parse(null, null, null)).isEqualTo(Threshold.FEDERAL);
        assertThat(Threshold.parse(null, "600", 1L)).isEqualTo(new Threshold(60_000, 1, false));
        assertThat(Threshold.parse("all", null, null).reportable(1, 1)).isTrue();
        assertThat(Threshold.ALL.reportable(0, 0)).isFalse();
        assertThat(reportable(Threshold.FEDERAL)).as("the two-month demo's federal filers")
                .containsExactlyElementsOf(build(Threshold.ALL).forms().stream()
                        .filter(f -> f.grossMinor() >= 2_000_000 && f.transactions() >= 200)
                        .map(Form1099K::payeeId).toList());
        assertThat(reportable(Threshold.ALL)).containsExactlyElementsOf(usPayees());
    }

    @Test
    void thePdfReadBackShowsTheAmountsTheFullTinAndTheCheckedPseBox() throws IOException {
        Form1099KReport report = build(Threshold.ALL);
        Form1099K form = report.reportable().getFirst();
        String text = text(Form1099KPdf.write(report, form, CLOCK));
        assertThat(text).contains("Form 1099-K", "Tax year 2026", "Enterprise Vault LLC", "500 Main St",
                "MirrorOS Inc.", "98-7654321", "Payment settlement entity (PSE)",
                "$" + Form1099K.usd(form.grossMinor()), "3 Number of payment transactions",
                Long.toString(form.transactions()), "4 Federal income tax withheld", "$0.00");
        assertThat(text).as("the filing copy carries the full TIN, never the masked one")
                .contains(TIN).doesNotContain("***");
        byte[] pdf = Form1099KPdf.write(report, form, CLOCK);
        assertThat(box(pdf, PAYEE_TIN_BOX)).as("in the PAYEE'S TIN box").contains("PAYEE'S TIN", TIN);
        assertThat(box(pdf, FILER_TIN_BOX)).as("in the FILER'S TIN box").contains("FILER'S TIN", "98-7654321")
                .doesNotContain(TIN);
        assertThat(box(pdf, GROSS_BOX)).contains("1a Gross amount", "$" + Form1099K.usd(form.grossMinor()));
        for (int i = 0; i < 12; i++) {
            assertThat(text).contains("$" + Form1099K.usd(form.monthsMinor().get(i)));
        }
        Form1099K startup = report.reportable().stream().filter(f -> f.payeeId().equals(INDIVIDUAL)).findFirst()
                .orElseThrow();
        assertThat(text(Form1099KPdf.write(report, startup, CLOCK))).contains("TIN missing", INDIVIDUAL,
                "$" + Form1099K.usd(startup.grossMinor()));
        assertThat(box(Form1099KPdf.write(report, startup, CLOCK), PAYEE_TIN_BOX).strip())
                .as("a blank TIN box that says why").isEqualTo("PAYEE'S TIN\nTIN missing");
        assertThat(form.maskedTin()).isEqualTo("**-***6789");
        assertThat(startup.maskedTin()).isEqualTo(Form1099K.TIN_MISSING);
        assertThat(startup.warnings()).contains(Form1099K.TIN_MISSING);
    }

    @Test
    void theSameLedgerGivesTheSameBytesExceptTheGeneratedAtLine() {
        Form1099KReport first = build(Threshold.ALL);
        Form1099KReport second = build(Threshold.ALL);
        Form1099K form = first.reportable().getFirst();
        byte[] a = Form1099KPdf.write(first, form, CLOCK);
        byte[] b = Form1099KPdf.write(second, second.reportable().getFirst(), CLOCK);
        assertThat(b).as("same ledger, same clock: identical bytes").isEqualTo(a);
        assertThat(Form1099KCsv.bytes(second)).isEqualTo(Form1099KCsv.bytes(first));
        byte[] later = Form1099KPdf.write(second, second.reportable().getFirst(),
                Clock.offset(CLOCK, java.time.Duration.ofDays(3)));
        assertThat(later).isNotEqualTo(a).hasSameSizeAs(a);
        String laterText = new String(later, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("2027-01-18T09:30:00Z", "2027-01-15T09:30:00Z");
        assertThat(laterText).as("only the generated-at line differs")
                .isEqualTo(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1));
        RevenueReports revenue = new RevenueReports(db);
        RevenueReport q4 = revenue.build(ReportPeriod.quarter("2026-Q4"), Optional.empty());
        assertThat(RevenuePdf.write(revenue.build(ReportPeriod.quarter("2026-Q4"), Optional.empty()), CLOCK))
                .isEqualTo(RevenuePdf.write(q4, CLOCK));
    }

    /** One RFC 4180 line split into fields (quotes undone). */
    private static List<String> csv(String line) {
        List<String> fields = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** Payees with payments whose payout account is in the US (the demo's cast decides which). */
    private List<String> usPayees() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT payee_id FROM payee WHERE country = 'US'
                          AND payee_id IN (SELECT vault_id FROM payment) ORDER BY payee_id""")
                .mapTo(String.class).list());
    }

    private List<String> reportable(Threshold threshold) {
        return build(threshold).reportable().stream().map(Form1099K::payeeId).toList();
    }

    /** Boxes of the form in PDFBox's text-area coordinates (points from the top left of a US Letter page). */
    private static final java.awt.geom.Rectangle2D FILER_TIN_BOX = new java.awt.geom.Rectangle2D.Float(41, 178, 136, 38);
    private static final java.awt.geom.Rectangle2D PAYEE_TIN_BOX =
            new java.awt.geom.Rectangle2D.Float(179, 178, 136, 38);
    private static final java.awt.geom.Rectangle2D GROSS_BOX = new java.awt.geom.Rectangle2D.Float(317, 138, 254, 34);

    private static String box(byte[] pdf, java.awt.geom.Rectangle2D area) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            org.apache.pdfbox.text.PDFTextStripperByArea stripper = new org.apache.pdfbox.text.PDFTextStripperByArea();
            stripper.addRegion("box", area);
            stripper.extractRegions(doc.getPage(0));
            return stripper.getTextForRegion("box").replace("\r", "");
        }
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** Gross of USD payment entries in [from, to): Dr clearing + Dr fees; all payees when payee is null. */
    private long ledgerGross(String payee, String from, String to) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        JOIN payment p ON p.journal_entry_id = e.entry_id
                        WHERE e.kind = 'payment' AND l.account_key IN ('stripe_clearing::USD', 'processing_fees::USD')
                          AND (p.vault_id = :payee OR :all) AND e.occurred_at >= :from AND e.occurred_at < :to""")
                .bind("payee", payee == null ? "" : payee).bind("all", payee == null)
                .bind("from", LedgerPeriod.utc(Instant.parse(from + "T00:00:00Z")))
                .bind("to", LedgerPeriod.utc(Instant.parse(to + "T00:00:00Z")))
                .mapTo(Long.class).one());
    }

    private long paymentCount(String payee) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM journal_entry e JOIN payment p ON p.journal_entry_id = e.entry_id
                        WHERE e.kind = 'payment' AND (p.vault_id = :payee OR :all)
                          AND e.occurred_at >= :from AND e.occurred_at < :to""")
                .bind("payee", payee == null ? "" : payee).bind("all", payee == null)
                .bind("from", LedgerPeriod.utc(ReportPeriod.year(2026).from()))
                .bind("to", LedgerPeriod.utc(ReportPeriod.year(2026).to()))
                .mapTo(Long.class).one());
    }
}
