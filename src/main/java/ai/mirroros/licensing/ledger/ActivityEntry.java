package ai.mirroros.licensing.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One appended entry of the activity log, as stored: its place in the chain ({@code seq}, {@code prevHash},
 * {@code hash}) and what happened. Read back from the database or an export it may have been tampered with, so
 * nothing but presence is checked here; {@link ChainVerifier} judges it.
 *
 * @param payloadJson the payload as canonical JSON text ({@link CanonicalJson}), hashed exactly as stored
 * @param recordedAt when the log appended it (the log's clock), as opposed to when it happened
 */
public record ActivityEntry(
        long seq,
        Instant occurredAt,
        Instant recordedAt,
        String type,
        Optional<String> vaultId,
        Optional<String> sourceId,
        String payloadJson,
        String prevHash,
        String hash) {

    public ActivityEntry {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * The payload as a fresh JSON tree.
     *
     * @throws IllegalArgumentException when the stored text is not a JSON object (it was tampered with)
     */
    public ObjectNode payload() {
        return CanonicalJson.parseObject(payloadJson).toObjectNode();
    }
}
