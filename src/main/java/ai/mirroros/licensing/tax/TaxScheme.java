package ai.mirroros.licensing.tax;

/** The tax a rate belongs to; Canadian provincial PST/QST are deliberately absent (see docs/TAX.md). */
public enum TaxScheme {
    EU_VAT, UK_VAT, AU_GST, CA_GST, CA_HST
}
