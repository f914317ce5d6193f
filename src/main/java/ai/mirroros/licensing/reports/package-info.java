/**
 * Tax and revenue reports read from the books: the quarterly and annual revenue report per vault and platform-wide
 * ({@link ai.mirroros.licensing.reports.RevenueReports}) and Form 1099-K per US payee and calendar year
 * ({@link ai.mirroros.licensing.reports.Form1099KReports}), as CSV and PDF.
 *
 * <p>Every figure is a sum of journal lines ({@link ai.mirroros.licensing.reports.LedgerPeriod}): a report is a
 * view of the ledger, never a second set of books, so it ties to the ledger by construction, and the builders check
 * it against the payment table on the way out. Periods are half-open UTC intervals of the entries' economic time
 * ({@code occurred_at}). Output is reproducible: the same ledger gives the same bytes, except the one generated-at
 * line of a PDF (see {@link ai.mirroros.licensing.reports.ReportPdf}). Payee names, TINs and addresses come through
 * {@link ai.mirroros.licensing.reports.PayeeIdentities}, the adapter point to the encrypted tax-profile store.
 * Depends on {@code ledger}, {@code payout} and {@code money}; see docs/REPORTS.md.
 */
package ai.mirroros.licensing.reports;
