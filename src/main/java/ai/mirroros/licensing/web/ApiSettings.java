package ai.mirroros.licensing.web;

import ai.mirroros.licensing.sensitive.DataKeyRing;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits of the partner API, and the data keys its admin reports open tax profiles with.
 *
 * @param requestsPerSecond sustained requests a second per API key
 * @param burst             requests a key may make at once before the rate applies (a dashboard load is ~15)
 * @param dataKeys          the keys that open sealed tax profiles (payee names and TINs in the 1099-K summary);
 *                          empty: the summary says the identities are unknown rather than guessing
 */
public record ApiSettings(int requestsPerSecond, int burst, Optional<DataKeyRing> dataKeys) {
    public static final ApiSettings DEFAULT = new ApiSettings(20, 100);

    public ApiSettings {
        if (requestsPerSecond < 1 || burst < 1) {
            throw new ai.mirroros.licensing.LicensingException("invalid_rate_limit",
                    "the API rate limit needs at least 1 request a second and a burst of at least 1");
        }
        Objects.requireNonNull(dataKeys, "dataKeys");
    }

    public ApiSettings(int requestsPerSecond, int burst) {
        this(requestsPerSecond, burst, Optional.empty());
    }

    public ApiSettings withDataKeys(DataKeyRing keys) {
        return new ApiSettings(requestsPerSecond, burst, Optional.of(keys));
    }
}
