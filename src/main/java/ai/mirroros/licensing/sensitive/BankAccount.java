package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.LicensingException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a payee's money goes outside Stripe (for the records and the 1099-K's payee file): a US account with ABA
 * routing number, or an IBAN (with an optional BIC). In clear only in memory; {@link #toString()} masks it.
 *
 * @param scheme        {@code US_ACH} or {@code IBAN}
 * @param accountNumber the US account number, or the IBAN (upper case, no spaces)
 * @param routingNumber the nine-digit ABA routing number (US), or the BIC if known (IBAN)
 */
public record BankAccount(Scheme scheme, String accountNumber, Optional<String> routingNumber) {
    private static final Pattern ROUTING = Pattern.compile("[0-9]{9}");
    private static final Pattern US_ACCOUNT = Pattern.compile("[0-9]{4,17}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern BIC = Pattern.compile("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?");

    /** How the account is identified. */
    public enum Scheme { US_ACH, IBAN }

    public BankAccount {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(accountNumber, "accountNumber");
        Objects.requireNonNull(routingNumber, "routingNumber");
        switch (scheme) {
            case US_ACH -> {
                if (!US_ACCOUNT.matcher(accountNumber).matches()) {
                    throw invalid("a US account number has 4 to 17 digits");
                }
                if (routingNumber.isEmpty() || !ROUTING.matcher(routingNumber.get()).matches()) {
                    throw invalid("a US account needs its nine-digit ABA routing number");
                }
            }
            case IBAN -> {
                if (!IBAN.matcher(accountNumber).matches()) {
                    throw invalid("an IBAN is a country code, two check digits and 11 to 30 letters or digits");
                }
                if (routingNumber.isPresent() && !BIC.matcher(routingNumber.get()).matches()) {
                    throw invalid("a BIC has 8 or 11 letters and digits");
                }
            }
        }
    }

    /** A US account: routing number and account number, dashes and spaces ignored. */
    public static BankAccount us(String routingNumber, String accountNumber) {
        return new BankAccount(Scheme.US_ACH, digits(accountNumber), Optional.of(digits(routingNumber)));
    }

    /** An IBAN account, spaces ignored, with the BIC if known. */
    public static BankAccount iban(String iban, Optional<String> bic) {
        return new BankAccount(Scheme.IBAN, upper(iban), bic.map(BankAccount::upper).filter(b -> !b.isEmpty()));
    }

    /** {@code ACH routing *****0021 account ****6789} or {@code IBAN DE******************3000}. */
    public String masked() {
        return switch (scheme) {
            case US_ACH -> "ACH routing " + Masking.lastFour(routingNumber.orElseThrow()) + " account "
                    + Masking.lastFour(accountNumber);
            case IBAN -> "IBAN " + accountNumber.substring(0, 2) + Masking.lastFour(accountNumber.substring(2));
        };
    }

    @Override
    public String toString() {
        return "BankAccount[" + masked() + "]";
    }

    private static String digits(String text) {
        return (text == null ? "" : text).strip().replace("-", "").replace(" ", "");
    }

    private static String upper(String text) {
        return (text == null ? "" : text).strip().replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static LicensingException invalid(String message) {
        return new LicensingException("invalid_bank_account", message);
    }
}
