package ai.mirroros.licensing.revenue;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Work that must commit with the payments it is about (risk scoring): called once per batch, inside the posting
 * transaction, after the payment rows are written. Throwing rolls the whole batch back. Defined here so that
 * revenue does not depend on the packages observing it.
 */
@FunctionalInterface
public interface PostingObserver {
    PostingObserver NONE = (handle, payments) -> { };

    /** @param payments the payments this batch newly posted (not those found posted already), in source-id order */
    void posted(Handle handle, List<PaymentEvent> payments);
}
