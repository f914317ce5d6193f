package ai.mirroros.licensing.hosting;

import java.util.Locale;

/** Where a hosted platform is in its life. */
public enum HostedPlatformStatus {
    /** Recorded; its Stripe objects are not all created yet (a fork in progress, or one to resume). */
    PENDING,
    /** Its subscription is running and billing monthly. */
    ACTIVE,
    /** Its subscription ended ({@code customer.subscription.deleted}): churned. */
    CANCELED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HostedPlatformStatus fromDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
