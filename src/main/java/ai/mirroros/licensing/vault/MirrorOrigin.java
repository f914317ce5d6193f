package ai.mirroros.licensing.vault;

import java.util.List;
import java.util.Optional;

/**
 * Where a vault was mirrored from.
 *
 * @param parentVault   the vault this one was forked from, if any
 * @param forkDepth     0 for an original vault, parent's depth + 1 for a fork
 * @param referrerChain the vaults that referred this one, nearest referrer first
 */
public record MirrorOrigin(Optional<String> parentVault, int forkDepth, List<String> referrerChain) {
    public static final MirrorOrigin ORIGINAL = new MirrorOrigin(Optional.empty(), 0, List.of());

    public MirrorOrigin {
        referrerChain = List.copyOf(referrerChain);
    }
}
