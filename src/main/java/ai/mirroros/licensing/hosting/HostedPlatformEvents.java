package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What Stripe's subscription webhooks change, applied inside the inbox processor's transaction: a
 * {@code customer.subscription.deleted} ends (churns) the platform it bills, whoever canceled it. Idempotent: an
 * event for a platform that has ended changes nothing.
 */
public final class HostedPlatformEvents {
    private final ActivityLog activityLog;

    public HostedPlatformEvents(ActivityLog activityLog) {
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
    }

    /** What applying an event did: {@code acted} false when there was nothing to do (the summary says why). */
    public record Result(boolean acted, String summary) {
    }

    /**
     * A subscription ended at {@code endedAt}. The platform is found by the subscription id, else by the
     * {@code hosted_platform_id} in the subscription's metadata (a fork that had not recorded its subscription when
     * the process stopped).
     */
    public Result subscriptionEnded(Handle handle, String subscriptionId, Optional<String> hostedPlatformId,
                                    Instant endedAt) {
        Optional<HostedPlatform> found = HostedPlatformStore.findBySubscriptionForUpdate(handle, subscriptionId)
                .or(() -> hostedPlatformId.flatMap(id -> HostedPlatformStore.findForUpdate(handle, id))
                        .filter(p -> p.stripe().subscriptionId().map(subscriptionId::equals).orElse(true)));
        if (found.isEmpty()) {
            return new Result(false, "subscription " + subscriptionId + " bills no hosted platform");
        }
        HostedPlatform platform = found.get();
        if (!HostedPlatformStore.markCanceled(handle, platform.hostedPlatformId(), subscriptionId, endedAt)) {
            return new Result(false, "hosted platform " + platform.hostedPlatformId() + " had already ended at "
                    + platform.canceledAt().map(Instant::toString).orElse("?"));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("hostedPlatformId", platform.hostedPlatformId());
        payload.put("client", platform.client());
        payload.put("subscription", subscriptionId);
        payload.put("previousStatus", platform.status().dbName());
        payload.put("monthlyPrice", platform.monthlyPrice().toDecimalString());
        payload.put("currency", platform.monthlyPrice().currency().code());
        activityLog.append(handle, List.of(ActivityRecord.of(endedAt, HostedPlatforms.ACTIVITY_CHURNED, payload)
                .forVault(platform.vaultId()).fromSource(subscriptionId)));
        return new Result(true, "hosted platform " + platform.hostedPlatformId() + " (" + platform.client()
                + ") ended: subscription " + subscriptionId + " canceled; churned");
    }
}
