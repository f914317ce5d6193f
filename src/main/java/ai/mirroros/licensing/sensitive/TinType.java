package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.LicensingException;
import java.util.Locale;

/** The kind of taxpayer identification number: US SSN, EIN or ITIN (nine digits each), or a foreign tax id. */
public enum TinType {
    SSN, EIN, ITIN, FOREIGN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is a US TIN (the payee files a W-9 and gets a 1099-K) rather than a foreign one. */
    public boolean us() {
        return this != FOREIGN;
    }

    public static TinType parse(String text) {
        for (TinType type : values()) {
            if (type.wireName().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new LicensingException("invalid_tin_type", "TIN type '" + text + "' is not one of ssn, ein, itin, "
                + "foreign");
    }
}
