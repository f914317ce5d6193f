package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.ComplianceStatus.TaxDocumentation;
import ai.mirroros.licensing.vault.PayoutSchedule.PayoutFrequency;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes one vault's JSON object into a {@link LicensedVault}, field by field, recording every problem instead of
 * stopping at the first. A field that cannot be decoded gets a stand-in value and its path is remembered in
 * {@link Result#failedFields()}, so that {@link RegistryValidator} skips the rules that would read it: the report
 * then names the real problem once, not its echoes. A vault with any problem never leaves the package.
 *
 * <p>Only the shape of the values is checked here (types, known names, decimals, currencies); ranges, sums and
 * references between vaults are the validator's.
 */
final class VaultJsonReader {
    /** Bounds what a number on the wire may look like before BigDecimal turns it into a billion-digit string. */
    private static final int DECIMAL_DIGITS_MAX = 20;
    /** An amount longer than this is not money; refusing it early keeps BigDecimal parsing cheap. */
    private static final int AMOUNT_CHARS_MAX = 40;
    private static final Pattern AMOUNT =
            Pattern.compile("\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(?:\\s+([A-Za-z]{3}))?\\s*");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Za-z]{3}");
    /** Unknown field names that look like this are shown as they are in a path; others are quoted. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_]{1,60}");

    /** The vault (with stand-ins where decoding failed), the paths that failed, and the problems found. */
    record Result(LicensedVault vault, Set<String> failedFields, List<RegistryProblem> problems) {
    }

    private final String vaultId;
    private final List<RegistryProblem> problems = new ArrayList<>();
    private final Set<String> failedFields = new LinkedHashSet<>();
    /** Null while unknown: amounts are then not read at all, to avoid reporting decimals against a guessed currency. */
    private CurrencyUnit currency;

    private VaultJsonReader(String vaultId) {
        this.vaultId = vaultId;
    }

    /** Decodes the vault, or returns only problems when the value is not an object at all. */
    static Result read(String vaultId, JsonNode node) {
        VaultJsonReader reader = new VaultJsonReader(vaultId);
        if (!node.isObject()) {
            reader.fail("", "must be a JSON object with licenseType, revenueSharing, …; got " + describe(node));
            return new Result(null, Set.of(""), reader.problems);
        }
        LicensedVault vault = reader.vault(new Obj(node, ""));
        return new Result(vault, Set.copyOf(reader.failedFields), List.copyOf(reader.problems));
    }

    private LicensedVault vault(Obj o) {
        LicenseType licenseType = enumField(o, "licenseType", LicenseType.class, null, LicenseType.STARTUP_PARTNER);
        LocalDate licensedSince = date(o, "licensedSince");
        currency = settlementCurrency(o);
        RevenueSharing revenueSharing = section(o, "revenueSharing", true)
                .map(this::revenueSharing).orElseGet(this::revenueSharingStandIn);
        MirrorOrigin mirrorOrigin = section(o, "mirrorOrigin", false)
                .map(this::mirrorOrigin).orElse(MirrorOrigin.ORIGINAL);
        MonetizationConfig monetization = section(o, "monetizationConfig", false)
                .map(this::monetization).orElse(RegistryJson.DEFAULT_MONETIZATION);
        PricingConfiguration pricing = section(o, "pricingConfiguration", false)
                .map(this::pricing).orElseGet(() -> RegistryJson.defaultPricing(currencyOrStandIn()));
        PayoutSchedule payout = section(o, "payoutSchedule", false)
                .map(this::payoutSchedule).orElseGet(() -> RegistryJson.defaultPayoutSchedule(currencyOrStandIn()));
        ComplianceStatus compliance = section(o, "compliance", false)
                .map(this::compliance).orElse(ComplianceStatus.NOTHING_ON_FILE);
        rejectUnknownFields(o);
        return new LicensedVault(vaultId, licenseType, licensedSince, currencyOrStandIn(), revenueSharing,
                mirrorOrigin, monetization, pricing, payout, compliance);
    }

    private RevenueSharing revenueSharing(Obj o) {
        Percentage partnerShare = percentage(o, "partnerShare", null);
        Percentage masterVaultShare = percentage(o, "masterVaultShare", null);
        List<Percentage> referrerShare = referrerShare(o);
        int maxReferralDepth = integer(o, "maxReferralDepth", referrerShare.size());
        Optional<VolumeBonus> volumeBonus = section(o, "volumeBonus", false).map(this::volumeBonus);
        Optional<LoyaltyBonus> loyaltyBonus = section(o, "loyaltyBonus", false).map(this::loyaltyBonus);
        Percentage bonusCeiling = percentage(o, "bonusCeiling", RegistryJson.DEFAULT_BONUS_CEILING);
        FeeBearer feeBearer = enumField(o, "feeBearer", FeeBearer.class, RegistryJson.DEFAULT_FEE_BEARER,
                RegistryJson.DEFAULT_FEE_BEARER);
        FeeSchedule processingFee = section(o, "processingFee", false).map(this::feeSchedule)
                .orElseGet(() -> RegistryJson.defaultProcessingFee(currencyOrStandIn()));
        rejectUnknownFields(o);
        return new RevenueSharing(partnerShare, masterVaultShare, referrerShare, maxReferralDepth, volumeBonus,
                loyaltyBonus, bonusCeiling, feeBearer, processingFee);
    }

    /** Stands in for a missing revenueSharing section; its whole path is already marked failed. */
    private RevenueSharing revenueSharingStandIn() {
        return new RevenueSharing(Percentage.ZERO, Percentage.ZERO, List.of(), 0, Optional.empty(), Optional.empty(),
                Percentage.ZERO, FeeBearer.SHARED, RegistryJson.defaultProcessingFee(currencyOrStandIn()));
    }

    /** A list of rates, index 0 = level 1; a single number means level 1 only. */
    private List<Percentage> referrerShare(Obj o) {
        JsonNode node = o.get("referrerShare");
        if (node == null) {
            return List.of();
        }
        if (node.isNumber()) {
            return List.of(percentageValue(node, o.path("referrerShare")));
        }
        if (!node.isArray()) {
            fail(o.path("referrerShare"), "expected a list of rates per level such as [5, 2], or one number; got "
                    + describe(node));
            return List.of();
        }
        List<Percentage> rates = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            rates.add(percentageValue(node.get(i), o.path("referrerShare") + "[" + i + "]"));
        }
        return rates;
    }

    private VolumeBonus volumeBonus(Obj o) {
        Money threshold = money(o, "threshold", null);
        Percentage bonus = percentage(o, "bonusPercentage", null);
        int windowDays = integer(o, "windowDays", VolumeBonus.DEFAULT_WINDOW_DAYS);
        rejectUnknownFields(o);
        return new VolumeBonus(threshold, bonus, windowDays);
    }

    private LoyaltyBonus loyaltyBonus(Obj o) {
        int monthsRequired = integer(o, "monthsRequired", null);
        Percentage bonus = percentage(o, "bonusPercentage", null);
        rejectUnknownFields(o);
        return new LoyaltyBonus(monthsRequired, bonus);
    }

    private FeeSchedule feeSchedule(Obj o) {
        Percentage rate = percentage(o, "percentage", RegistryJson.DEFAULT_PROCESSING_FEE_PERCENTAGE);
        Money fixed = money(o, "fixed", Money.zero(currencyOrStandIn()));
        rejectUnknownFields(o);
        return new FeeSchedule(rate, fixed);
    }

    private MirrorOrigin mirrorOrigin(Obj o) {
        Optional<String> parent = optionalText(o, "parentVault");
        int forkDepth = integer(o, "forkDepth", 0);
        List<String> chain = textList(o, "referrerChain");
        rejectUnknownFields(o);
        return new MirrorOrigin(parent, forkDepth, chain);
    }

    private MonetizationConfig monetization(Obj o) {
        MonetizationConfig config = new MonetizationConfig(bool(o, "enableAgentTemplateResale"),
                bool(o, "enableHostedMirrorPlatforms"), bool(o, "enableCustomExportFees"),
                bool(o, "stripeIntegration"), bool(o, "referralProgram"));
        rejectUnknownFields(o);
        return config;
    }

    private PricingConfiguration pricing(Obj o) {
        Money zero = Money.zero(currencyOrStandIn());
        PricingConfiguration pricing = new PricingConfiguration(money(o, "agentExportFee", zero),
                money(o, "agentLoopExportFee", zero), money(o, "platformForkFee", zero),
                percentage(o, "agentTemplateMarkup", Percentage.ZERO));
        rejectUnknownFields(o);
        return pricing;
    }

    /** Inside a present section the frequency is required; a missing day is left empty for the validator to name. */
    private PayoutSchedule payoutSchedule(Obj o) {
        PayoutFrequency frequency = enumField(o, "frequency", PayoutFrequency.class, null, PayoutFrequency.MONTHLY);
        Optional<DayOfWeek> dayOfWeek = o.get("dayOfWeek") == null ? Optional.empty()
                : Optional.of(enumField(o, "dayOfWeek", DayOfWeek.class, null, DayOfWeek.MONDAY));
        Optional<Integer> dayOfMonth = o.get("dayOfMonth") == null ? Optional.empty()
                : Optional.of(integer(o, "dayOfMonth", null));
        Money minimum = money(o, "minimumAmount", Money.zero(currencyOrStandIn()));
        int holdingPeriodDays = integer(o, "holdingPeriodDays", 0);
        boolean auto = bool(o, "autoPayoutEnabled");
        rejectUnknownFields(o);
        return new PayoutSchedule(frequency, dayOfWeek, dayOfMonth, minimum, holdingPeriodDays, auto);
    }

    private ComplianceStatus compliance(Obj o) {
        ComplianceStatus status = new ComplianceStatus(
                enumField(o, "kycStatus", KycStatus.class, KycStatus.PENDING, KycStatus.PENDING),
                enumField(o, "taxDocumentation", TaxDocumentation.class, TaxDocumentation.MISSING,
                        TaxDocumentation.MISSING),
                bool(o, "payoutAccountVerified"));
        rejectUnknownFields(o);
        return status;
    }

    // ---- field readers: each returns the value, the default when absent, or a stand-in after recording a problem

    private Optional<Obj> section(Obj o, String name, boolean required) {
        JsonNode node = o.get(name);
        if (node == null) {
            if (required) {
                fail(o.path(name), "is required");
            }
            return Optional.empty();
        }
        if (!node.isObject()) {
            fail(o.path(name), "expected an object {…}; got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(new Obj(node, o.path(name)));
    }

    private <E extends Enum<E>> E enumField(Obj o, String name, Class<E> type, E defaultValue, E standIn) {
        JsonNode node = o.get(name);
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(RegistryJson::wireName).toList();
        if (node == null) {
            if (defaultValue != null) {
                return defaultValue;
            }
            fail(o.path(name), "is required; expected one of " + String.join(", ", allowed));
            return standIn;
        }
        String wanted = node.isTextual() ? node.textValue().trim().toLowerCase(Locale.ROOT) : null;
        for (E constant : type.getEnumConstants()) {
            if (RegistryJson.wireName(constant).equals(wanted)) {
                return constant;
            }
        }
        String got = node.isTextual() ? RegistryProblem.quote(node.textValue()) : describe(node);
        fail(o.path(name), "unknown " + name + " " + got + "; expected one of " + String.join(", ", allowed));
        return standIn;
    }

    private LocalDate date(Obj o, String name) {
        JsonNode node = o.get(name);
        LocalDate standIn = LocalDate.EPOCH;
        if (node == null) {
            fail(o.path(name), "is required; expected a date such as \"2025-01-15\"");
            return standIn;
        }
        if (node.isTextual()) {
            try {
                return LocalDate.parse(node.textValue().trim());
            } catch (DateTimeParseException e) {
                // reported below with the value quoted
            }
        }
        fail(o.path(name), "expected a date YYYY-MM-DD such as \"2025-01-15\"; got "
                + (node.isTextual() ? RegistryProblem.quote(node.textValue()) : describe(node)));
        return standIn;
    }

    private CurrencyUnit settlementCurrency(Obj o) {
        JsonNode node = o.get("settlementCurrency");
        if (node == null) {
            fail("settlementCurrency", "is required; expected an ISO-4217 code such as \"USD\"");
            return null;
        }
        if (!node.isTextual() || !CURRENCY_CODE.matcher(node.textValue().trim()).matches()) {
            fail("settlementCurrency", "expected an ISO-4217 code such as \"USD\"; got "
                    + (node.isTextual() ? RegistryProblem.quote(node.textValue()) : describe(node)));
            return null;
        }
        try {
            return CurrencyUnit.of(node.textValue());
        } catch (LicensingException e) {
            fail("settlementCurrency", e.getMessage());
            return null;
        }
    }

    private Percentage percentage(Obj o, String name, Percentage defaultValue) {
        JsonNode node = o.get(name);
        if (node == null) {
            if (defaultValue == null) {
                fail(o.path(name), "is required; expected a percentage such as 85 or 2.9");
                return Percentage.ZERO;
            }
            return defaultValue;
        }
        return percentageValue(node, o.path(name));
    }

    private Percentage percentageValue(JsonNode node, String path) {
        if (!node.isNumber()) {
            fail(path, "expected a percentage as a number such as 85 or 2.9; got " + describe(node));
            return Percentage.ZERO;
        }
        Optional<BigDecimal> value = boundedDecimal(node, path);
        if (value.isEmpty()) {
            return Percentage.ZERO;
        }
        try {
            return Percentage.fromDecimal(value.get());
        } catch (LicensingException e) {
            fail(path, e.getMessage());
            return Percentage.ZERO;
        }
    }

    private int integer(Obj o, String name, Integer defaultValue) {
        JsonNode node = o.get(name);
        if (node == null) {
            if (defaultValue == null) {
                fail(o.path(name), "is required; expected a whole number");
                return 0;
            }
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            fail(o.path(name), "expected a whole number; got " + describe(node));
            return 0;
        }
        return node.intValue();
    }

    private boolean bool(Obj o, String name) {
        JsonNode node = o.get(name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            fail(o.path(name), "expected true or false; got " + describe(node));
            return false;
        }
        return node.booleanValue();
    }

    /**
     * An amount in the settlement currency: a decimal string ({@code "49.00"}), optionally naming its currency
     * ({@code "49.00 EUR"}, which the validator then compares with the settlement currency), or an exact JSON number.
     */
    private Money money(Obj o, String name, Money defaultValue) {
        JsonNode node = o.get(name);
        String path = o.path(name);
        if (node == null) {
            if (defaultValue == null) {
                fail(path, "is required; expected an amount such as \"49.00\"");
            }
            return defaultValue != null ? defaultValue : Money.zero(currencyOrStandIn());
        }
        if (currency == null) {
            failedFields.add(path); // unreadable without a currency; settlementCurrency's problem says why
            return Money.zero(currencyOrStandIn());
        }
        String amount;
        CurrencyUnit unit = currency;
        if (node.isNumber()) {
            Optional<BigDecimal> value = boundedDecimal(node, path);
            if (value.isEmpty()) {
                return Money.zero(currency);
            }
            amount = value.get().toPlainString();
        } else if (node.isTextual() && node.textValue().length() <= AMOUNT_CHARS_MAX
                && AMOUNT.matcher(node.textValue()).matches()) {
            Matcher m = AMOUNT.matcher(node.textValue());
            m.matches();
            amount = m.group(1);
            if (m.group(2) != null) {
                try {
                    unit = CurrencyUnit.of(m.group(2));
                } catch (LicensingException e) {
                    fail(path, e.getMessage());
                    return Money.zero(currency);
                }
            }
        } else {
            fail(path, "expected an amount such as \"49.00\"; got "
                    + (node.isTextual() ? RegistryProblem.quote(node.textValue()) : describe(node)));
            return Money.zero(currency);
        }
        try {
            return Money.parse(amount, unit);
        } catch (LicensingException e) {
            fail(path, e.getMessage());
            return Money.zero(currency);
        }
    }

    private Optional<String> optionalText(Obj o, String name) {
        JsonNode node = o.get(name);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            fail(o.path(name), "expected a vault id in quotes or null; got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    private List<String> textList(Obj o, String name) {
        JsonNode node = o.get(name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            fail(o.path(name), "expected a list of vault ids such as [\"startup-vault.sig\"]; got "
                    + describe(node));
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                ids.add(item.textValue());
            } else {
                fail(o.path(name) + "[" + i + "]", "expected a vault id in quotes; got " + describe(item));
            }
        }
        return ids;
    }

    /** A JSON number as BigDecimal, refused when its magnitude or decimals are absurd (e.g. {@code 1e-999999999}). */
    private Optional<BigDecimal> boundedDecimal(JsonNode node, String path) {
        BigDecimal value = node.decimalValue();
        if (value.scale() > DECIMAL_DIGITS_MAX || value.precision() - value.scale() > DECIMAL_DIGITS_MAX) {
            fail(path, "number is out of range");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private void rejectUnknownFields(Obj o) {
        o.node.fieldNames().forEachRemaining(name -> {
            if (!o.asked.contains(name)) {
                String shown = FIELD_NAME.matcher(name).matches() ? name : RegistryProblem.quote(name);
                fail(o.path(shown), "unknown field; expected one of " + String.join(", ", o.asked));
            }
        });
    }

    private CurrencyUnit currencyOrStandIn() {
        return currency != null ? currency : CurrencyUnit.USD;
    }

    private void fail(String path, String message) {
        failedFields.add(path);
        problems.add(new RegistryProblem(vaultId, path, message));
    }

    /** What a JSON value is, for messages, without echoing a possibly huge value. */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the text " + RegistryProblem.quote(node.textValue());
            case NUMBER -> "the number " + abbreviate(node.asText());
            case BOOLEAN -> String.valueOf(node.booleanValue());
            case NULL -> "null";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 30 ? text : text.substring(0, 30) + "…";
    }

    /**
     * A JSON object being read, with the path of its fields and the names asked for so far; any other name is an
     * unknown field. A field set to {@code null} counts as absent: optional fields take their default.
     */
    private static final class Obj {
        private final JsonNode node;
        private final String path;
        private final Set<String> asked = new LinkedHashSet<>();

        Obj(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        JsonNode get(String name) {
            asked.add(name);
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        String path(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }
}
