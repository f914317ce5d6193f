package ai.mirroros.licensing.web;

/**
 * Limits of the partner API.
 *
 * @param requestsPerSecond sustained requests a second per API key
 * @param burst             requests a key may make at once before the rate applies (a dashboard load is ~15)
 */
public record ApiSettings(int requestsPerSecond, int burst) {
    public static final ApiSettings DEFAULT = new ApiSettings(20, 100);

    public ApiSettings {
        if (requestsPerSecond < 1 || burst < 1) {
            throw new ai.mirroros.licensing.LicensingException("invalid_rate_limit",
                    "the API rate limit needs at least 1 request a second and a burst of at least 1");
        }
    }
}
