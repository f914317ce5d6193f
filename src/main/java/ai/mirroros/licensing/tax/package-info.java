/**
 * VAT and GST on marketplace sales: the configured rate tables, the rule that takes the included tax out of a
 * tax-inclusive price, what each sale recorded when it was posted, and the quarterly report per jurisdiction.
 *
 * <p>This is a liability report for the platform: it does not change the split. Rates come from
 * {@code tax/vat-gst-rates.json} (or {@code LICENSING_TAX_RATES_FILE}); each posted sale keeps the rate it was taxed
 * at, so a later change of the table never rewrites a filed quarter. See docs/TAX.md.
 */
package ai.mirroros.licensing.tax;
