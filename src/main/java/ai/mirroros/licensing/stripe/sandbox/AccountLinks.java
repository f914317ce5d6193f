package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connect onboarding links ({@code POST /v1/account_links}): where Stripe's URL opens its hosted onboarding, the
 * sandbox's opens {@code /_sandbox/onboarding/<account>?link=<id>} on itself, and visiting it completes onboarding
 * at once (requirements cleared, payouts enabled, a test bank attached, {@code account.updated}). As at Stripe a
 * link is single-use and expires after {@link #LINK_TTL}; a used or expired link sends the visitor to its
 * {@code refresh_url}, where the platform is expected to create a fresh link.
 */
final class AccountLinks {
    /** Stripe's account links expire five minutes after creation. */
    static final Duration LINK_TTL = Duration.ofMinutes(5);
    /** Links are short-lived; the newest this many are remembered, older ones count as expired. */
    static final int LINKS_MAX = 10_000;
    /** Stripe's limit on a URL parameter's length. */
    static final int URL_CHARS_MAX = 5_000;
    static final Set<String> TYPES = Set.of("account_onboarding", "account_update");

    private record Link(String id, String account, Optional<String> refreshUrl, Optional<String> returnUrl,
                        Instant expiresAt, boolean used) {
        Link markUsed() {
            return new Link(id, account, refreshUrl, returnUrl, expiresAt, true);
        }
    }

    /** What a visit to the onboarding page comes to. */
    sealed interface Visit permits Completed, Stale {
    }

    /** Onboarding is complete; the visitor may continue to the link's {@code return_url}. */
    record Completed(String account, Optional<String> returnUrl) implements Visit {
    }

    /** The link was used, expired or is unknown: the visitor goes to its {@code refresh_url} when there is one. */
    record Stale(String account, Optional<String> refreshUrl) implements Visit {
    }

    private final SandboxState state;
    private final Connect connect;
    private final Map<String, Link> links = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Link> eldest) {
            return size() > LINKS_MAX;
        }
    };

    AccountLinks(SandboxState state, Connect connect) {
        this.state = state;
        this.connect = connect;
    }

    /** Stripe's {@code account_link} object; {@code origin} is the sandbox as the caller reached it. */
    ObjectNode create(String accountId, String type, Optional<String> refreshUrl, Optional<String> returnUrl,
                      String origin) {
        if (!TYPES.contains(type)) {
            throw StripeApiError.invalidParam("type", "parameter_invalid", "Invalid type: must be one of "
                    + List.of("account_onboarding", "account_update") + ".");
        }
        refreshUrl.ifPresent(url -> requireUrl(url, "refresh_url"));
        returnUrl.ifPresent(url -> requireUrl(url, "return_url"));
        Connect.AccountStatus account = connect.status(accountId, "account");
        if (type.equals("account_update") && !account.type().equals("custom")) {
            throw StripeApiError.invalidParam("type", "parameter_invalid", "account_update links are only for "
                    + "accounts whose requirements the platform collects (custom); " + accountId + " is "
                    + account.type() + ".");
        }
        if (account.closed()) {
            throw StripeApiError.invalidParam("account", "parameter_invalid", "Account " + accountId
                    + " is closed (" + Connect.CLOSED_REASON + "); it cannot be onboarded.");
        }
        synchronized (state) {
            Instant created = state.now();
            Link link = new Link(state.ids.next("alu"), accountId, refreshUrl, returnUrl, created.plus(LINK_TTL),
                    false);
            links.put(link.id(), link);
            ObjectNode node = SandboxJson.NODES.objectNode();
            node.put("object", "account_link");
            node.put("created", created.getEpochSecond());
            node.put("expires_at", link.expiresAt().getEpochSecond());
            node.put("url", origin + "/_sandbox/onboarding/" + accountId + "?link=" + link.id());
            return node;
        }
    }

    /**
     * A visit to {@code /_sandbox/onboarding/<account>}: with a valid link (or none, for curl and demos) it
     * completes onboarding; a used, expired or unknown link completes nothing.
     */
    Visit visit(String accountId, Optional<String> linkId) {
        connect.status(accountId, "account");
        Optional<String> returnUrl = Optional.empty();
        synchronized (state) {
            if (linkId.isPresent()) {
                Link link = links.get(linkId.get());
                if (link == null || !link.account().equals(accountId) || link.used()
                        || !state.now().isBefore(link.expiresAt())) {
                    return new Stale(accountId, Optional.ofNullable(link).flatMap(Link::refreshUrl));
                }
                links.put(link.id(), link.markUsed());
                returnUrl = link.returnUrl();
            }
            connect.setRequirements(accountId, List.of(), Optional.of(true));
        }
        return new Completed(accountId, returnUrl);
    }

    private static void requireUrl(String url, String param) {
        boolean valid = url.length() <= URL_CHARS_MAX;
        try {
            URI uri = new URI(url);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            valid &= (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            valid = false;
        }
        if (!valid) {
            throw StripeApiError.invalidParam(param, "url_invalid", "Not a valid URL");
        }
    }
}
