package ai.mirroros.licensing.stripe.sandbox;

import java.util.Map;
import java.util.TreeSet;

/**
 * Stripe's payout {@code failure_code}s (the bank's reasons for returning a payout) with a {@code failure_message}
 * for each, in the sense Stripe gives them. Only these codes are accepted, so a test cannot simulate a failure
 * Stripe would never report.
 */
final class PayoutFailures {
    /** What {@code settlePayout(…, failed)} uses when the test does not say why. */
    static final String DEFAULT_CODE = "account_closed";

    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("account_closed", "The bank account has been closed."),
            Map.entry("account_frozen", "The bank account has been frozen."),
            Map.entry("bank_account_restricted", "The bank account restricts the type or number of payouts it "
                    + "accepts."),
            Map.entry("bank_ownership_changed", "The bank's branch changed ownership; the account details on file "
                    + "are no longer valid."),
            Map.entry("could_not_process", "The bank could not process this payout."),
            Map.entry("debit_not_authorized", "Debits are not authorised on this bank account."),
            Map.entry("declined", "The bank declined this payout."),
            Map.entry("incorrect_account_holder_address", "The bank reports that the account holder's address is "
                    + "incorrect."),
            Map.entry("incorrect_account_holder_name", "The bank reports that the account holder's name is "
                    + "incorrect."),
            Map.entry("incorrect_account_holder_tax_id", "The bank reports that the account holder's tax ID is "
                    + "incorrect."),
            Map.entry("insufficient_funds", "The Stripe balance could not cover the payout."),
            Map.entry("invalid_account_number", "The routing number looks right but the account number is "
                    + "invalid."),
            Map.entry("invalid_currency", "The bank cannot accept payouts in this currency."),
            Map.entry("no_account", "No bank account could be found with the details on file."),
            Map.entry("unsupported_card", "The bank no longer supports payouts to this card."));

    private PayoutFailures() {
    }

    static void require(String code) {
        if (!MESSAGES.containsKey(code)) {
            throw StripeApiError.invalidParam("failure_code", "parameter_invalid", "Unknown payout failure_code '"
                    + code + "': one of " + new TreeSet<>(MESSAGES.keySet()) + ".");
        }
    }

    static String message(String code) {
        return MESSAGES.getOrDefault(code, "The bank returned the payout (" + code + ").");
    }
}
