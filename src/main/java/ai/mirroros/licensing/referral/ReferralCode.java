package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.platform.PlatformTerms;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A referral code a vault hands out.
 *
 * @param code      the code, e.g. {@code K7QM-4XTP} ({@link CodeFormat})
 * @param vaultId   the vault that owns it: a vault signing up with it is referred by this vault
 * @param label     what the owner uses it for (a campaign, a partner), if given
 * @param revokedAt when it stopped accepting sign-ups and visits, if it did
 */
public record ReferralCode(String code, String vaultId, Optional<String> label, Instant createdAt,
                           Optional<Instant> revokedAt) {
    public ReferralCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }

    /** The public link that counts a visit and sends the visitor to sign up: {@code <shareLinkBase>/r/<code>}. */
    public URI shareLink(PlatformTerms terms) {
        String base = terms.shareLinkBase().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/r/" + code);
    }
}
