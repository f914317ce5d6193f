package ai.mirroros.licensing.risk;

import ai.mirroros.licensing.LicensingException;
import java.util.Map;

/**
 * How risk scoring is configured.
 *
 * @param holdThreshold a payment scoring at or above this (0..100) holds its vault's payouts; 100 holds only the
 *                      worst, 0 would hold every vault (refused: use 1..100)
 */
public record RiskSettings(int holdThreshold) {
    public static final String THRESHOLD_ENV = "LICENSING_RISK_HOLD_THRESHOLD";

    public RiskSettings {
        if (holdThreshold < 1 || holdThreshold > RiskScore.MAX) {
            throw new LicensingException("invalid_risk_threshold", "risk hold threshold must be 1 to 100, got "
                    + holdThreshold);
        }
    }

    public static RiskSettings defaults() {
        return new RiskSettings(RiskRules.DEFAULT_HOLD_THRESHOLD);
    }

    /** From {@value #THRESHOLD_ENV} when set, else the default; a value that is not 1..100 fails fast. */
    public static RiskSettings fromEnvironment(Map<String, String> env) {
        String value = env.get(THRESHOLD_ENV);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return new RiskSettings(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new LicensingException("invalid_risk_threshold", THRESHOLD_ENV
                    + " must be a whole number 1 to 100, got '" + value + "'");
        }
    }
}
