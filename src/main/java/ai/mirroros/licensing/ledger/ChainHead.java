package ai.mirroros.licensing.ledger;

import java.util.Objects;

/**
 * The end of the activity chain: the seq and hash of the last appended entry ({@code 0} and {@link #GENESIS_HASH}
 * for an empty chain). Stored in {@code activity_chain_head}; publishing it somewhere else (a receipt, a signed
 * message) lets anyone holding an export prove that no entries were cut off its end.
 */
public record ChainHead(long lastSeq, String lastHash) {
    /** The prevHash of entry 1: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public static final ChainHead EMPTY = new ChainHead(0, GENESIS_HASH);

    public ChainHead {
        Objects.requireNonNull(lastHash, "lastHash");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative: " + lastSeq);
        }
    }
}
