package ai.mirroros.licensing.ledger;

/**
 * What the database holds is not a valid journal: an entry that does not balance, a line that does not match its
 * account, lines missing. Never expected; it means the tables were changed outside this package. Stop and
 * investigate rather than retry.
 */
public class LedgerCorruptionException extends IllegalStateException {
    public LedgerCorruptionException(String message) {
        super(message);
    }

    public LedgerCorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
