package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.MirrorOrigin;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * A vault signing up with a referral code: it gets the referrer chain [code owner] + the owner's own chain, cut at
 * its {@code maxReferralDepth}, as a new registry version effective at the sign-up time, with a
 * {@code referral_signup} row and an activity-log entry, in one transaction. The chain stays for the vault's lifetime:
 * nothing here ever removes it.
 */
public final class ReferralSignups {
    public static final String ACTIVITY_SIGNED_UP = "referral.signed_up";

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;

    public ReferralSignups(Database database, VaultRegistry vaults, ActivityLog activityLog) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
    }

    /**
     * What a sign-up did.
     *
     * @param referrerChain the chain the vault got, nearest referrer first
     * @param fullChain     the chain before it was cut at the vault's maxReferralDepth
     * @param version       the registry version that carries the chain
     */
    public record Signup(String vaultId, String code, String referrerVaultId, List<String> referrerChain,
                         List<String> fullChain, int maxReferralDepth, Instant signedUpAt, int version) {
        public Signup {
            referrerChain = List.copyOf(referrerChain);
            fullChain = List.copyOf(fullChain);
        }
    }

    /** The sign-up of {@code vaultId} with {@code code} at {@code at}; refusals are one-line errors, nothing written. */
    public Signup signUp(String vaultId, String code, Instant at) {
        Instant signedUpAt = ReferralCodes.storedPrecision(at);
        try {
            return database.jdbi().inTransaction(handle -> signUp(handle, vaultId, code, signedUpAt));
        } catch (RuntimeException e) {
            if (database.dialect().isUniqueViolation(e)) {
                // Another sign-up of the same vault committed between our check and our insert.
                throw alreadySignedUp(vaultId);
            }
            throw e;
        }
    }

    private Signup signUp(Handle handle, String vaultId, String input, Instant at) {
        ReferralCode code = ReferralCodes.require(handle, input, database.dialect().forUpdate());
        if (!code.active()) {
            throw new LicensingException("referral_code_revoked", "referral code " + code.code() + " was revoked at "
                    + code.revokedAt().get() + "; ask " + code.vaultId() + " for a new one");
        }
        if (code.createdAt().isAfter(at)) {
            throw new LicensingException("referral_code_not_yet_created", "referral code " + code.code()
                    + " was created at " + code.createdAt() + ", after the sign-up time " + at);
        }
        String ownerId = code.vaultId();
        if (ownerId.equals(vaultId)) {
            throw new LicensingException("self_referral", "vault '" + vaultId + "' cannot sign up with its own "
                    + "referral code " + code.code());
        }
        VaultVersion referred = latestInForce(handle, vaultId, at);
        existingSignup(handle, vaultId).ifPresent(s -> {
            throw new LicensingException("already_referred", "vault '" + vaultId + "' already signed up with code "
                    + s.code() + " of " + s.referrer() + " at " + s.at() + "; a vault is referred once, for life");
        });
        List<String> existing = referred.vault().mirrorOrigin().referrerChain();
        if (!existing.isEmpty()) {
            throw new LicensingException("already_referred", "vault '" + vaultId + "' already has the referrer chain "
                    + existing + " from its registry configuration; a vault is referred once, for life");
        }
        LicensedVault owner = vaults.find(handle, ownerId, at).orElseThrow(() -> new UnknownVaultException(
                "vault '" + ownerId + "', owner of code " + code.code() + ", is not registered at " + at)).vault();
        if (!owner.monetizationConfig().referralProgram()) {
            throw new LicensingException("referral_programme_off", "vault '" + ownerId + "', owner of code "
                    + code.code() + ", has its referral programme off; its codes accept no sign-ups");
        }
        requireNoCycle(handle, vaultId, ownerId);

        List<String> fullChain = new ArrayList<>();
        fullChain.add(ownerId);
        fullChain.addAll(owner.mirrorOrigin().referrerChain());
        int depth = Math.max(0, referred.vault().revenueSharing().maxReferralDepth());
        List<String> chain = List.copyOf(fullChain.subList(0, Math.min(depth, fullChain.size())));

        handle.createUpdate("""
                        INSERT INTO referral_signup (vault_id, code, referrer_vault_id, signed_up_at)
                        VALUES (:vaultId, :code, :referrer, :at)""")
                .bind("vaultId", vaultId).bind("code", code.code()).bind("referrer", ownerId)
                .bind("at", ReferralCodes.utc(at)).execute();
        LicensedVault before = referred.vault();
        MirrorOrigin origin = new MirrorOrigin(before.mirrorOrigin().parentVault(), before.mirrorOrigin().forkDepth(),
                chain);
        LicensedVault after = new LicensedVault(before.vaultId(), before.licenseType(), before.licensedSince(),
                before.settlementCurrency(), before.revenueSharing(), origin, before.monetizationConfig(),
                before.pricingConfiguration(), before.payoutSchedule(), before.compliance());
        int version = vaults.importVaults(handle, List.of(after), at).getFirst().version();

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", code.code());
        payload.put("referrer", ownerId);
        payload.put("referrerChain", chain);
        payload.put("maxReferralDepth", depth);
        payload.put("vaultVersion", version);
        activityLog.append(handle, List.of(ActivityRecord.of(at, ACTIVITY_SIGNED_UP, payload).forVault(vaultId)
                .fromSource(code.code())));
        return new Signup(vaultId, code.code(), ownerId, chain, fullChain, depth, at, version);
    }

    /**
     * The vault's newest version, which must be the one in force at the sign-up: a version taking effect later would
     * replace the chain from then on.
     */
    private VaultVersion latestInForce(Handle handle, String vaultId, Instant at) {
        List<VaultVersion> history = vaults.histories(handle, List.of(vaultId)).getOrDefault(vaultId, List.of());
        VaultVersion latest = history.stream().max(Comparator.comparingInt(VaultVersion::version))
                .orElseThrow(() -> new UnknownVaultException("unknown vault '" + vaultId
                        + "'; import it first with: licensing vaults import FILE"));
        if (latest.effectiveFrom().isAfter(at)) {
            throw new LicensingException("signup_before_latest_version", "vault '" + vaultId + "' has a "
                    + "configuration taking effect at " + latest.effectiveFrom() + ", after the sign-up time " + at
                    + "; sign up at or after " + latest.effectiveFrom());
        }
        return latest;
    }

    /**
     * Following each vault's nearest referrer from the code owner must not lead back to the vault signing up. The
     * owner's stored chain may have been cut at its own depth, so the walk goes vault by vault, not by the chain.
     */
    private void requireNoCycle(Handle handle, String vaultId, String ownerId) {
        List<String> path = new ArrayList<>(List.of(vaultId, ownerId));
        Set<String> seen = new HashSet<>(path);
        String current = ownerId;
        while (true) {
            Optional<String> next = vaults.histories(handle, List.of(current)).getOrDefault(current, List.of())
                    .stream().max(Comparator.comparingInt(VaultVersion::version))
                    .flatMap(v -> v.vault().mirrorOrigin().referrerChain().stream().findFirst());
            if (next.isEmpty()) {
                return;
            }
            path.add(next.get());
            if (next.get().equals(vaultId)) {
                throw new LicensingException("referral_cycle", "signing '" + vaultId + "' up with a code of '"
                        + ownerId + "' would make a referral cycle: " + String.join(" → ", path));
            }
            if (!seen.add(next.get())) {
                return; // a cycle not involving this vault: the registry validator reports it
            }
            current = next.get();
        }
    }

    private record ExistingSignup(String code, String referrer, Instant at) {
    }

    private static Optional<ExistingSignup> existingSignup(Handle handle, String vaultId) {
        return handle.createQuery("""
                        SELECT code, referrer_vault_id, signed_up_at FROM referral_signup WHERE vault_id = :vaultId""")
                .bind("vaultId", vaultId)
                .map((rs, ctx) -> new ExistingSignup(rs.getString("code"), rs.getString("referrer_vault_id"),
                        rs.getObject("signed_up_at", OffsetDateTime.class).toInstant()))
                .findOne();
    }

    private static LicensingException alreadySignedUp(String vaultId) {
        return new LicensingException("already_referred", "vault '" + vaultId + "' has just been signed up by "
                + "another request; a vault is referred once, for life");
    }
}
