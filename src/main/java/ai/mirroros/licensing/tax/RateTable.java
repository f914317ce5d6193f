package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.LicensingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configured VAT/GST rates, versioned and dated: the bundled {@code tax/vat-gst-rates.json}, or the file named by
 * {@code LICENSING_TAX_RATES_FILE}. A rate applies from its {@code effectiveFrom} date until the jurisdiction's next
 * line; a jurisdiction absent from the table is outside the VAT/GST scope (the US, for example).
 */
public final class RateTable {
    public static final String RESOURCE = "tax/vat-gst-rates.json";
    public static final String ENV_FILE = "LICENSING_TAX_RATES_FILE";
    /** A table is a few hundred lines at most; a bound keeps a wrong file from filling memory. */
    private static final long FILE_BYTES_MAX = 1_000_000;

    private final String version;
    private final LocalDate coveredFrom;
    private final Map<String, List<TaxRate>> byJurisdiction;

    private RateTable(String version, LocalDate coveredFrom, List<TaxRate> rates) {
        this.version = Objects.requireNonNull(version, "version");
        this.coveredFrom = Objects.requireNonNull(coveredFrom, "coveredFrom");
        Map<String, List<TaxRate>> grouped = new TreeMap<>();
        for (TaxRate rate : rates) {
            grouped.computeIfAbsent(rate.jurisdiction(), j -> new ArrayList<>()).add(rate);
        }
        grouped.replaceAll((j, list) -> {
            List<TaxRate> sorted = list.stream().sorted(Comparator.comparing(TaxRate::effectiveFrom)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).effectiveFrom().equals(sorted.get(i - 1).effectiveFrom())) {
                    throw invalid("two rates for " + j + " from " + sorted.get(i).effectiveFrom());
                }
            }
            return sorted;
        });
        this.byJurisdiction = Map.copyOf(grouped);
    }

    /** The table shipped with this build. */
    public static RateTable bundled() {
        try (InputStream in = RateTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file named by {@code LICENSING_TAX_RATES_FILE} when set, otherwise the bundled table. */
    public static RateTable configured() {
        String file = System.getenv(ENV_FILE);
        return file == null || file.isBlank() ? bundled() : load(Path.of(file.strip()));
    }

    public static RateTable load(Path file) {
        try {
            if (Files.size(file) > FILE_BYTES_MAX) {
                throw invalid(file + " is larger than " + FILE_BYTES_MAX + " bytes");
            }
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LicensingException("tax_rates_unreadable", "cannot read the tax rate file " + file + ": "
                    + e.getMessage() + " (check " + ENV_FILE + ")");
        }
    }

    static RateTable parse(byte[] json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw invalid("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.path("rates").isArray()) {
            throw invalid("expected an object with \"version\", \"coveredFrom\" and a \"rates\" array");
        }
        List<TaxRate> rates = new ArrayList<>();
        for (JsonNode line : root.path("rates")) {
            try {
                rates.add(new TaxRate(text(line, "jurisdiction"), TaxScheme.valueOf(text(line, "scheme")),
                        line.path("rateBp").isInt() ? line.path("rateBp").intValue() : -1,
                        LocalDate.parse(text(line, "effectiveFrom"))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw invalid("rate line " + line + ": " + e.getMessage());
            }
        }
        return new RateTable(text(root, "version"), LocalDate.parse(text(root, "coveredFrom")), rates);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid("\"" + field + "\" is missing in " + node);
        }
        return value.asText().strip();
    }

    private static LicensingException invalid(String why) {
        return new LicensingException("invalid_tax_rates", "tax rate table: " + why);
    }

    public String version() {
        return version;
    }

    /** The first day the table claims to know every rate of; earlier sales are recorded as having no rate. */
    public LocalDate coveredFrom() {
        return coveredFrom;
    }

    /** Whether the jurisdiction ({@code DE}, {@code CA-ON}) or country ({@code CA}) has any VAT/GST line at all. */
    public boolean covers(String jurisdiction) {
        return byJurisdiction.containsKey(jurisdiction)
                || byJurisdiction.keySet().stream().anyMatch(j -> j.startsWith(jurisdiction + "-"));
    }

    /** The rate in force in {@code jurisdiction} on {@code day}, when the table has one. */
    public Optional<TaxRate> rateOn(String jurisdiction, LocalDate day) {
        TaxRate found = null;
        for (TaxRate rate : byJurisdiction.getOrDefault(jurisdiction, List.of())) {
            if (!rate.effectiveFrom().isAfter(day)) {
                found = rate;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every jurisdiction with at least one line, sorted. */
    public List<String> jurisdictions() {
        return byJurisdiction.keySet().stream().sorted().toList();
    }
}
