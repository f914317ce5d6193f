package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.LicensingException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator asks for when forking a hosted platform for a client.
 *
 * @param tier    the plan by name; with {@code monthly}, both must agree ({@link MonthlyPlan#choose})
 * @param monthly the monthly price as a decimal of the vault's settlement currency, e.g. {@code 2500}
 * @param domain  where the platform is served, a host name such as {@code analytics.client.example}
 * @param operator who asked, for the activity log
 */
public record ForkRequest(String vaultId, String client, Optional<HostedTier> tier, Optional<String> monthly,
                          Optional<String> domain, Branding branding, String operator) {
    /** The {@code client} column's width. */
    static final int CLIENT_LENGTH_MAX = 200;
    /** RFC 1035's limit on a host name, the {@code domain} column's width. */
    static final int DOMAIN_LENGTH_MAX = 253;
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String INVALID = "invalid_fork";

    public ForkRequest {
        Objects.requireNonNull(vaultId, "vaultId");
        client = Objects.requireNonNull(client, "client").strip();
        Objects.requireNonNull(tier, "tier");
        monthly = Objects.requireNonNull(monthly, "monthly").map(String::strip);
        domain = Objects.requireNonNull(domain, "domain").map(d -> d.strip().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty());
        Objects.requireNonNull(branding, "branding");
        Objects.requireNonNull(operator, "operator");
        if (client.isEmpty() || client.length() > CLIENT_LENGTH_MAX) {
            throw new LicensingException(INVALID, "--client must name the client in 1 to " + CLIENT_LENGTH_MAX
                    + " characters");
        }
        if (domain.isPresent() && !HOST.matcher(domain.get()).matches()) {
            throw new LicensingException(INVALID, "--domain must be a host name such as platform.client.example, got '"
                    + domain.get() + "'");
        }
        if (operator.isBlank()) {
            throw new LicensingException(INVALID, "--by must name who is forking the platform");
        }
    }
}
