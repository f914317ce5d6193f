package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.vault.LicensedVault;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --vault} for commands a partner runs on its own vault: optional when exactly one vault is registered (the
 * seed's {@code licensing create-agent-template --name … --price 875} names none), and then the command says which
 * it used; otherwise an error listing the choices.
 *
 * @param implicit true when {@code --vault} was not given and the only registered vault was taken
 */
record VaultChoice(LicensedVault vault, boolean implicit) {
    /** Ids listed in the error before "and N more": enough to recognise one's own, short enough for one line. */
    static final int IDS_SHOWN_MAX = 10;

    static VaultChoice of(LicensingApp app, String vaultOption, Instant at) {
        if (vaultOption != null && !vaultOption.isBlank()) {
            return new VaultChoice(app.vaults().require(vaultOption.strip(), at), false);
        }
        List<LicensedVault> all = app.vaults().all(at);
        if (all.isEmpty()) {
            throw new LicensingException("no_vaults", "no vaults are registered at " + at
                    + "; import some with: licensing vaults import FILE");
        }
        if (all.size() > 1) {
            String ids = all.stream().limit(IDS_SHOWN_MAX).map(LicensedVault::vaultId)
                    .collect(Collectors.joining(", "));
            String more = all.size() > IDS_SHOWN_MAX ? " and " + (all.size() - IDS_SHOWN_MAX) + " more" : "";
            throw new LicensingException("vault_required", "--vault is required: " + all.size()
                    + " vaults are registered (" + ids + more + "); pass --vault ID or set LICENSING_VAULT");
        }
        return new VaultChoice(all.getFirst(), true);
    }

    /** Appended to a line naming the vault, so the user sees which one was taken. */
    String note() {
        return implicit ? " (no --vault given: the only registered vault)" : "";
    }
}
