package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.PayoutSchedule.PayoutFrequency;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and writes the vault registry in the shape of the seed's {@code licensing/licensed-vaults.json}: one JSON
 * object keyed by vault id, each value a vault with camelCase fields. The mapping is explicit code, so the domain
 * records carry no Jackson annotations and the wire format changes only here.
 *
 * <h2>Values on the wire</h2>
 * <ul>
 *   <li>Amounts: decimal strings in the vault's {@code settlementCurrency}, {@code "49.00"}; exact JSON numbers are
 *       accepted too. More decimals than the currency has are an error, never rounded. An amount may name its
 *       currency, {@code "49.00 EUR"}; the validator then insists it is the settlement currency.</li>
 *   <li>Percentages: JSON numbers with at most two decimals, {@code 85} or {@code 2.9}.</li>
 *   <li>Names (license type, fee bearer, frequency, day of week, compliance states): lower case,
 *       {@code enterprise_partner}, {@code biweekly}, {@code friday}; read case-insensitively.</li>
 *   <li>Dates: {@code "2025-01-15"}.</li>
 *   <li>A field set to {@code null} counts as absent. Unknown fields are errors: a misspelt optional field would
 *       otherwise silently take its default.</li>
 * </ul>
 *
 * <h2>Required fields and defaults</h2>
 * Required: {@code licenseType}, {@code licensedSince}, {@code settlementCurrency}, {@code revenueSharing} with
 * {@code partnerShare} and {@code masterVaultShare}; inside an optional section that is present, the fields without a
 * default below (e.g. {@code volumeBonus.threshold}, {@code payoutSchedule.frequency}).
 * <ul>
 *   <li>{@code revenueSharing.referrerShare}: none, {@code []}; a single number means level 1 only.
 *       {@code maxReferralDepth}: the number of referrerShare levels. {@code volumeBonus}, {@code loyaltyBonus}:
 *       none; {@code volumeBonus.windowDays}: 30. {@code bonusCeiling}: 5. {@code feeBearer}: {@code shared}.
 *       {@code processingFee}: 2.9 % + 0.00; either part may be given alone.</li>
 *   <li>{@code mirrorOrigin}: an original vault, no parent, {@code forkDepth} 0, empty {@code referrerChain}.</li>
 *   <li>{@code monetizationConfig}: everything switched off ({@code false}).</li>
 *   <li>{@code pricingConfiguration}: all fees 0.00 and markup 0, i.e. nothing priced yet.</li>
 *   <li>{@code payoutSchedule} absent: monthly on day 1, minimum 0.00, no holding period, automatic payouts off.
 *       When present, {@code frequency} is required and so is the day it needs; minimum, holding period and
 *       automatic payouts take the same defaults.</li>
 *   <li>{@code compliance}: nothing on file, {@code pending} KYC, {@code missing} tax documentation, payout account
 *       not verified.</li>
 * </ul>
 *
 * <p>{@link #read} checks only the shape of each value. Use {@link VaultRegistryFile} to also apply the
 * {@link RegistryValidator}'s rules, which is what any import should do.
 */
public final class RegistryJson {
    /** The registry is a configuration file, not a database: a file this large is a mistake. */
    public static final int FILE_BYTES_MAX = 32 * 1024 * 1024;
    /** Far above any partner programme we expect; keeps one bad file from exhausting memory or the report. */
    public static final int VAULTS_MAX = 10_000;

    public static final Percentage DEFAULT_BONUS_CEILING = Percentage.ofPercent(5);
    public static final FeeBearer DEFAULT_FEE_BEARER = FeeBearer.SHARED;
    /** The seed's 2.9 %, with a fixed part of 0.00: reproduces 1228.45 → fee 35.63. */
    public static final Percentage DEFAULT_PROCESSING_FEE_PERCENTAGE = Percentage.ofBasisPoints(290);
    public static final MonetizationConfig DEFAULT_MONETIZATION =
            new MonetizationConfig(false, false, false, false, false);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a vault id twice must not silently win
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // 2.9 stays 2.9, never 2.8999…
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withArrayValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));
    /** Parser messages are one line in the report, cut here. */
    private static final int PARSER_MESSAGE_CHARS_MAX = 300;

    private RegistryJson() {
    }

    /**
     * Reads a registry, checking the shape of every value, in vault-id order.
     *
     * @throws RegistryValidationException listing every shape problem, or the parser's, with line and column
     */
    public static Map<String, LicensedVault> read(String json) {
        return requireNoProblems(decode(json));
    }

    /** As {@link #read(String)}, from a stream of at most {@value #FILE_BYTES_MAX} bytes (UTF-8, -16 or -32). */
    public static Map<String, LicensedVault> read(InputStream in) throws IOException {
        return requireNoProblems(decode(in));
    }

    /**
     * Writes vaults as a pretty-printed registry (two-space indent, {@code \n} line ends), keys in vault-id order,
     * every field present. {@code read(write(vaults))} gives back equal vaults.
     *
     * @throws IllegalArgumentException when two vaults share an id
     */
    public static String write(Collection<LicensedVault> vaults) {
        Map<String, LicensedVault> byId = new TreeMap<>();
        for (LicensedVault vault : vaults) {
            if (byId.put(vault.vaultId(), vault) != null) {
                throw new IllegalArgumentException("two vaults with id " + vault.vaultId());
            }
        }
        ObjectNode root = MAPPER.createObjectNode();
        byId.forEach((id, vault) -> root.set(id, VaultJsonWriter.vault(vault)));
        try {
            return PRETTY.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
    }

    /**
     * What the reader made of a file: the vaults decoded (with stand-ins for undecodable fields, see
     * {@link VaultJsonReader}), every id in the file, the field paths that failed per vault, and the shape problems.
     */
    record Decoded(Map<String, LicensedVault> vaults, Set<String> vaultIds, Map<String, Set<String>> failedFields,
                   List<RegistryProblem> problems) {
        static Decoded failed(String message) {
            return new Decoded(Map.of(), Set.of(), Map.of(), List.of(RegistryProblem.ofFile(message)));
        }
    }

    static Decoded decode(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(FILE_BYTES_MAX + 1);
        if (bytes.length > FILE_BYTES_MAX) {
            return Decoded.failed("larger than " + FILE_BYTES_MAX / (1024 * 1024) + " MiB; a registry is a "
                    + "configuration file, split it or check that this is the right file");
        }
        try {
            return decode(MAPPER.readTree(bytes));
        } catch (JacksonException e) {
            return Decoded.failed(malformed(e));
        } catch (IOException e) {
            return Decoded.failed("unreadable JSON: " + oneLine(e.getMessage()));
        }
    }

    static Decoded decode(String json) {
        if (json.length() > FILE_BYTES_MAX) {
            return Decoded.failed("larger than " + FILE_BYTES_MAX / (1024 * 1024) + " MiB");
        }
        try {
            return decode(MAPPER.readTree(json));
        } catch (JacksonException e) {
            return Decoded.failed(malformed(e));
        }
    }

    private static Decoded decode(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return Decoded.failed("the file is empty; expected a JSON object keyed by vault id");
        }
        if (!root.isObject()) {
            return Decoded.failed("expected a JSON object keyed by vault id, "
                    + "{\"enterprise-vault.sig\": {…}}; got " + VaultJsonReader.describe(root));
        }
        if (root.size() > VAULTS_MAX) {
            return Decoded.failed("holds " + root.size() + " vaults; at most " + VAULTS_MAX + " are accepted");
        }
        Map<String, LicensedVault> vaults = new TreeMap<>();
        Set<String> ids = new TreeSet<>();
        Map<String, Set<String>> failed = new HashMap<>();
        List<RegistryProblem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            ids.add(entry.getKey());
            VaultJsonReader.Result result = VaultJsonReader.read(entry.getKey(), entry.getValue());
            if (result.vault() != null) {
                vaults.put(entry.getKey(), result.vault());
            }
            failed.put(entry.getKey(), result.failedFields());
            problems.addAll(result.problems());
        }
        problems.sort(RegistryProblem.BY_VAULT);
        return new Decoded(Collections.unmodifiableMap(vaults), Collections.unmodifiableSet(ids), Map.copyOf(failed),
                List.copyOf(problems));
    }

    private static Map<String, LicensedVault> requireNoProblems(Decoded decoded) {
        if (!decoded.problems().isEmpty()) {
            throw new RegistryValidationException("registry", decoded.problems());
        }
        return decoded.vaults();
    }

    /** The parser's complaint on one line, with where it happened: {@code malformed JSON at line 3, column 7: …}. */
    private static String malformed(JacksonException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
        return "malformed JSON" + where + ": " + oneLine(e.getOriginalMessage());
    }

    private static String oneLine(String message) {
        String text = message == null ? "no details" : message
                .replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("\\s+", " ").trim();
        return text.length() <= PARSER_MESSAGE_CHARS_MAX ? text : text.substring(0, PARSER_MESSAGE_CHARS_MAX) + "…";
    }

    /** The lower-case name used on the wire: {@code enterprise_partner}, {@code biweekly}, {@code friday}. */
    static String wireName(Enum<?> value) {
        return value instanceof LicenseType type ? type.wireName() : value.name().toLowerCase(Locale.ROOT);
    }

    static FeeSchedule defaultProcessingFee(CurrencyUnit currency) {
        return new FeeSchedule(DEFAULT_PROCESSING_FEE_PERCENTAGE, Money.zero(currency));
    }

    static PricingConfiguration defaultPricing(CurrencyUnit currency) {
        Money zero = Money.zero(currency);
        return new PricingConfiguration(zero, zero, zero, Percentage.ZERO);
    }

    static PayoutSchedule defaultPayoutSchedule(CurrencyUnit currency) {
        return new PayoutSchedule(PayoutFrequency.MONTHLY, Optional.empty(), Optional.of(1), Money.zero(currency), 0,
                false);
    }
}
