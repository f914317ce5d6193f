package ai.mirroros.licensing.tax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled rate table: complete for the EU, UK, Australia and Canada, dated, and refused when malformed. */
class RateTableTest {
    private static final List<String> EU_MEMBER_STATES = List.of("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE",
            "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI",
            "SK");
    private static final List<String> CANADIAN_PROVINCES = List.of("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU",
            "ON", "PE", "QC", "SK", "YT");
    private static final LocalDate Q3_2026 = LocalDate.parse("2026-08-15");
    private final RateTable table = RateTable.bundled();

    @Test
    void everyOneOfThe27EuMemberStatesHasAStandardVatRate() {
        assertThat(EU_MEMBER_STATES).hasSize(27).doesNotHaveDuplicates();
        for (String state : EU_MEMBER_STATES) {
            TaxRate rate = table.rateOn(state, Q3_2026).orElseThrow(() -> new AssertionError("no rate for " + state));
            assertThat(rate.scheme()).isEqualTo(TaxScheme.EU_VAT);
            assertThat(rate.rateBp()).as(state).isBetween(1700, 2700);
        }
        assertThat(table.jurisdictions().stream().filter(j -> table.rateOn(j, Q3_2026).orElseThrow().scheme()
                == TaxScheme.EU_VAT).toList()).containsExactlyInAnyOrderElementsOf(EU_MEMBER_STATES);
    }

    @Test
    void theKnownRatesAreInTheTable() {
        assertThat(rate("DE", Q3_2026)).isEqualTo(1900);
        assertThat(rate("FR", Q3_2026)).isEqualTo(2000);
        assertThat(rate("HU", Q3_2026)).isEqualTo(2700);
        assertThat(rate("FI", Q3_2026)).isEqualTo(2550);
        assertThat(rate("GB", Q3_2026)).isEqualTo(2000);
        assertThat(rate("AU", Q3_2026)).isEqualTo(1000);
        assertThat(table.rateOn("GB", Q3_2026).orElseThrow().scheme()).isEqualTo(TaxScheme.UK_VAT);
        assertThat(table.rateOn("AU", Q3_2026).orElseThrow().scheme()).isEqualTo(TaxScheme.AU_GST);
    }

    @Test
    void canadaHasHstInTheHarmonizedProvincesAndGstElsewhere() {
        for (String province : CANADIAN_PROVINCES) {
            assertThat(table.rateOn("CA-" + province, Q3_2026)).as(province).isPresent();
        }
        assertThat(rate("CA-ON", Q3_2026)).isEqualTo(1300);
        assertThat(rate("CA-NB", Q3_2026)).isEqualTo(1500);
        assertThat(rate("CA-NL", Q3_2026)).isEqualTo(1500);
        assertThat(rate("CA-PE", Q3_2026)).isEqualTo(1500);
        assertThat(rate("CA-QC", Q3_2026)).isEqualTo(500);
        assertThat(rate("CA-BC", Q3_2026)).isEqualTo(500);
        assertThat(table.rateOn("CA-QC", Q3_2026).orElseThrow().scheme()).isEqualTo(TaxScheme.CA_GST);
        assertThat(table.rateOn("CA-ON", Q3_2026).orElseThrow().scheme()).isEqualTo(TaxScheme.CA_HST);
        assertThat(table.covers("CA")).isTrue();
    }

    @Test
    void ratesFollowTheirEffectiveDates() {
        assertThat(rate("CA-NS", LocalDate.parse("2025-03-31"))).isEqualTo(1500);
        assertThat(rate("CA-NS", LocalDate.parse("2025-04-01"))).isEqualTo(1400);
        assertThat(rate("EE", LocalDate.parse("2025-06-30"))).isEqualTo(2200);
        assertThat(rate("EE", LocalDate.parse("2025-07-01"))).isEqualTo(2400);
        assertThat(table.rateOn("DE", table.coveredFrom().minusDays(1))).isEmpty();
    }

    @Test
    void countriesWithoutVatGstHereAreNotCovered() {
        assertThat(table.covers("US")).isFalse();
        assertThat(table.rateOn("US", Q3_2026)).isEmpty();
    }

    @Test
    void anOverrideFileReplacesTheBundledTable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rates.json");
        Files.writeString(file, """
                {"version": "test-1", "coveredFrom": "2020-01-01",
                 "rates": [{"jurisdiction": "DE", "scheme": "EU_VAT", "rateBp": 1600, "effectiveFrom": "2020-07-01"}]}
                """, StandardCharsets.UTF_8);
        RateTable custom = RateTable.load(file);
        assertThat(custom.version()).isEqualTo("test-1");
        assertThat(custom.rateOn("DE", LocalDate.parse("2020-08-01")).map(TaxRate::rateBp))
                .isEqualTo(Optional.of(1600));
        assertThat(custom.covers("FR")).isFalse();
    }

    @Test
    void aMalformedTableIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path percent = dir.resolve("percent.json");
        Files.writeString(percent, """
                {"version": "x", "coveredFrom": "2020-01-01",
                 "rates": [{"jurisdiction": "DE", "scheme": "EU_VAT", "rateBp": 19.0, "effectiveFrom": "2020-01-01"}]}
                """);
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, """
                {"version": "x", "coveredFrom": "2020-01-01", "rates": [
                  {"jurisdiction": "DE", "scheme": "EU_VAT", "rateBp": 1900, "effectiveFrom": "2020-01-01"},
                  {"jurisdiction": "DE", "scheme": "EU_VAT", "rateBp": 1600, "effectiveFrom": "2020-01-01"}]}
                """);
        assertThatThrownBy(() -> RateTable.load(percent)).isInstanceOf(LicensingException.class)
                .hasMessageContaining("basis points");
        assertThatThrownBy(() -> RateTable.load(twice)).isInstanceOf(LicensingException.class)
                .hasMessageContaining("two rates for DE");
        assertThatThrownBy(() -> RateTable.load(dir.resolve("missing.json"))).isInstanceOf(LicensingException.class)
                .hasMessageContaining(RateTable.ENV_FILE);
    }

    private int rate(String jurisdiction, LocalDate day) {
        return table.rateOn(jurisdiction, day).orElseThrow().rateBp();
    }
}
