package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.marketplace.Marketplace;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** What the marketplace commands share: the services over an open app, and dates. */
final class MarketplaceOptions {
    private MarketplaceOptions() {
    }

    static Marketplace marketplace(LicensingApp app) {
        return Marketplace.over(app.database(), app.vaults(), app.activityLog(), app.clock(), app.platformTerms());
    }

    static Optional<LocalDate> date(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new LicensingException("invalid_date", option + " must be a date like 2026-03-01, got '" + value
                    + "'");
        }
    }
}
