package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.CurrencyUnit;

/**
 * Formats rates and amounts for provenance notes with integer arithmetic only: notes are built on every split, and
 * the split's hot path avoids {@code BigDecimal}. Output matches {@code Percentage.toString()} and
 * {@code Money.toString()}.
 */
final class Notes {
    private Notes() {
    }

    /** 8500 → "85%", 290 → "2.9%", 5 → "0.05%". */
    static String percent(int basisPoints) {
        return appendPercent(new StringBuilder(8), basisPoints).toString();
    }

    /** 101390, USD → "1013.90 USD"; 5, BHD → "0.005 BHD"; 1500, JPY → "1500 JPY". */
    static String amount(long amountMinor, CurrencyUnit currency) {
        return appendAmount(new StringBuilder(24), amountMinor, currency).toString();
    }

    /** Appends in place, so that a note is built in one buffer without intermediate strings. */
    static StringBuilder appendPercent(StringBuilder text, int basisPoints) {
        long value = Math.abs((long) basisPoints);
        if (basisPoints < 0) {
            text.append('-');
        }
        text.append(value / 100);
        long hundredths = value % 100;
        if (hundredths != 0) {
            text.append('.');
            if (hundredths < 10) {
                text.append('0').append(hundredths);
            } else if (hundredths % 10 == 0) {
                text.append(hundredths / 10);
            } else {
                text.append(hundredths);
            }
        }
        return text.append('%');
    }

    static StringBuilder appendAmount(StringBuilder text, long amountMinor, CurrencyUnit currency) {
        long perMajor = currency.minorPerMajor();
        if (amountMinor < 0) {
            text.append('-');
        }
        // Work on the magnitude as an unsigned long: -Long.MIN_VALUE only exists as an unsigned value.
        long magnitude = amountMinor < 0 ? -amountMinor : amountMinor;
        long major = Long.divideUnsigned(magnitude, perMajor);
        long minor = Long.remainderUnsigned(magnitude, perMajor);
        text.append(Long.toUnsignedString(major));
        if (currency.minorDigits() > 0) {
            text.append('.');
            for (long place = perMajor / 10; place > 1 && minor < place; place /= 10) {
                text.append('0');
            }
            text.append(minor);
        }
        return text.append(' ').append(currency.code());
    }
}
