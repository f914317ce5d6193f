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
        long value = Math.abs((long) basisPoints);
        StringBuilder text = new StringBuilder(8);
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
        return text.append('%').toString();
    }

    /** 101390, USD → "1013.90 USD"; 5, BHD → "0.005 BHD"; 1500, JPY → "1500 JPY". */
    static String amount(long amountMinor, CurrencyUnit currency) {
        long perMajor = currency.minorPerMajor();
        // Division and remainder keep their sign, so negate them separately: safe even for Long.MIN_VALUE.
        long major = amountMinor / perMajor;
        long minor = amountMinor % perMajor;
        StringBuilder text = new StringBuilder(24);
        if (amountMinor < 0) {
            text.append('-');
            major = -major;
            minor = -minor;
        }
        text.append(major);
        if (currency.minorDigits() > 0) {
            text.append('.');
            String digits = Long.toString(minor);
            for (int pad = digits.length(); pad < currency.minorDigits(); pad++) {
                text.append('0');
            }
            text.append(digits);
        }
        return text.append(' ').append(currency.code()).toString();
    }
}
