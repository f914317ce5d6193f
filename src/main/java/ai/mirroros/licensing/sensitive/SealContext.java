package ai.mirroros.licensing.sensitive;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a sealed value lives: its table, column and row. It is the associated data of the encryption, so a value
 * copied to another row or column, or another table, does not open there.
 */
public record SealContext(String table, String column, String rowId) {
    public SealContext {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(rowId, "rowId");
    }

    /** The associated data: version and key id of the stored form, then the place, NUL-separated (ids hold no NUL). */
    byte[] associatedData(String version, String keyId) {
        return String.join("\u0000", version, keyId, table, column, rowId).getBytes(StandardCharsets.UTF_8);
    }

    /** How error messages name the place, e.g. {@code payee_tax_profile.tin_sealed of vault.sig}. */
    String describe() {
        return table + "." + column + " of " + rowId;
    }
}
