package ai.mirroros.licensing.reports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a payee is for tax purposes: legal name, TIN, address and country, as decrypted from the tax-profile store.
 * {@code tin} is empty when the payee has not given one: a form then carries a blank TIN and a "TIN missing"
 * warning, never a made-up number. {@link #maskedTin()} is what previews, logs and the API show.
 */
public record PayeeIdentity(String legalName, Optional<String> tin, List<String> addressLines, String country) {
    public PayeeIdentity {
        Objects.requireNonNull(legalName, "legalName");
        Objects.requireNonNull(tin, "tin");
        addressLines = List.copyOf(addressLines);
        Objects.requireNonNull(country, "country");
        tin = tin.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** The TIN with all but its last four digits replaced, e.g. {@code ***-**-6789}; empty when there is none. */
    public Optional<String> maskedTin() {
        return tin.map(PayeeIdentity::mask);
    }

    /** Masks every digit but the last four, keeping separators: {@code 12-3456789} → {@code **-***6789}. */
    public static String mask(String tin) {
        int digits = (int) tin.chars().filter(Character::isDigit).count();
        StringBuilder out = new StringBuilder(tin.length());
        int seen = 0;
        for (char c : tin.toCharArray()) {
            if (Character.isDigit(c)) {
                seen++;
                out.append(seen > digits - 4 ? c : '*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        // Never the full TIN in a log line or an exception message.
        return "PayeeIdentity[" + legalName + ", tin=" + maskedTin().orElse("missing") + ", " + country + "]";
    }
}
