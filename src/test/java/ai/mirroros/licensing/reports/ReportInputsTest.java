package ai.mirroros.licensing.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the reports: periods in UTC, threshold parsing, TIN masking, filer configuration, CSV quoting. */
class ReportInputsTest {
    @Test
    void aQuarterIsThreeUtcMonthsFromMidnightInclusiveToMidnightExclusive() {
        ReportPeriod q3 = ReportPeriod.quarter("2026-Q3");
        assertThat(q3.label()).isEqualTo("2026-Q3");
        assertThat(q3.from()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(q3.to()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(ReportPeriod.quarter("2026-q4").to()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        ReportPeriod year = ReportPeriod.year("2026");
        assertThat(year.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(year.to()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(year.startYear()).isEqualTo(2026);
    }

    @Test
    void malformedPeriodsAreRefusedWithTheExpectedShape() {
        for (String bad : List.of("2026-Q0", "2026-Q5", "2026Q3", "Q3-2026", "2026-Q3 extra", "")) {
            assertThatThrownBy(() -> ReportPeriod.quarter(bad)).as(bad).isInstanceOf(LicensingException.class)
                    .hasMessageContaining("is not like 2026-Q3");
        }
        for (String bad : List.of("26", "twenty", "20266", "1999", "3000")) {
            assertThatThrownBy(() -> ReportPeriod.year(bad)).as(bad).isInstanceOf(LicensingException.class);
        }
    }

    @Test
    void thresholdsParseFromTheCliAndApiValues() {
        assertThat(Threshold.parse(null, "19999.99", null)).isEqualTo(new Threshold(1_999_999, 200, false));
        assertThat(Threshold.parse("ALL", null, null)).isEqualTo(Threshold.ALL);
        assertThatThrownBy(() -> Threshold.parse("all", "600", null)).hasMessageContaining("takes no amount");
        assertThatThrownBy(() -> Threshold.parse(null, "-1", null)).isInstanceOf(LicensingException.class);
        assertThatThrownBy(() -> Threshold.parse(null, "1.234", null)).hasMessageContaining("not a USD amount");
        assertThat(new Threshold(2_000_000, 200, false).reportable(1_999_999, 500)).isFalse();
        assertThat(new Threshold(60_000, 1, false).reportable(60_000, 1)).isTrue();
    }

    @Test
    void aTinIsMaskedToItsLastFourDigitsAndNeverPrintedWhole() {
        PayeeIdentity identity = new PayeeIdentity("Jane Roe", Optional.of("123-45-6789"), List.of("1 Elm St"), "US");
        assertThat(identity.maskedTin()).contains("***-**-6789");
        assertThat(PayeeIdentity.mask("12-3456789")).isEqualTo("**-***6789");
        assertThat(identity.toString()).doesNotContain("123-45").contains("6789");
        assertThat(new PayeeIdentity("X", Optional.of("  "), List.of(), "US").tin()).as("blank is missing").isEmpty();
        Form1099K form = new Form1099K(2026, "v", Optional.of(identity), "US", java.util.Collections.nCopies(12, 0L),
                0, false, Form1099K.warningsFor(Optional.of(identity)));
        assertThat(form.maskedTin()).isEqualTo("***-**-6789");
        assertThat(form.tin()).isEqualTo("123-45-6789");
        assertThat(form.warnings()).isEmpty();
        assertThat(Form1099K.warningsFor(Optional.empty()))
                .containsExactly(Form1099K.TIN_MISSING, "payee name missing", "payee address missing");
    }

    @Test
    void theFilerComesFromLicensingFilerVariablesAndSaysWhatIsMissing() {
        Filer filer = Filer.fromEnvironment(Map.of("LICENSING_FILER_NAME", "MirrorOS Inc.",
                "LICENSING_FILER_ADDRESS", "1 Market St| San Francisco, CA 94105 |"));
        assertThat(filer.addressLines()).containsExactly("1 Market St", "San Francisco, CA 94105");
        assertThat(filer.missing()).containsExactly("TIN (LICENSING_FILER_TIN)");
        assertThat(Filer.of(null, "98-7654321", null, null).toString()).doesNotContain("98-76");
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        assertThat(Csv.line(List.of("a", "b,c", "say \"hi\"", ""))).isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",\r\n");
    }
}
