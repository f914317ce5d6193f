package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.LicensingException;

/**
 * A journal entry could not be formed: it does not balance, a line's currency differs from its account's, too few
 * or too many lines, a malformed source id or kind. Nothing was posted.
 */
public class JournalEntryException extends LicensingException {
    public JournalEntryException(String message) {
        super("invalid_journal_entry", message);
    }
}
