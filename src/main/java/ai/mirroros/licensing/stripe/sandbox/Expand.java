package ai.mirroros.licensing.stripe.sandbox;

import java.util.List;
import java.util.Set;

/** {@code expand[]}: each endpoint names what it can expand; anything else is refused, as Stripe does. */
final class Expand {
    /** Far more expansions than any endpoint here offers; a longer list is a mistake. */
    static final int PATHS_MAX = 10;

    private final List<String> paths;

    private Expand(List<String> paths) {
        this.paths = paths;
    }

    static Expand of(Params params, String... allowed) {
        List<String> paths = params.strings("expand");
        if (paths.size() > PATHS_MAX) {
            throw StripeApiError.invalidParam("expand", "parameter_invalid", "You may expand at most " + PATHS_MAX
                    + " properties per request.");
        }
        Set<String> known = Set.of(allowed);
        for (String path : paths) {
            if (!known.contains(path)) {
                throw StripeApiError.invalidParam("expand", null, "This property cannot be expanded (" + path + ").");
            }
        }
        return new Expand(paths);
    }

    static Expand none() {
        return new Expand(List.of());
    }

    /** For a list endpoint: {@code data.balance_transaction} expands each item's {@code balance_transaction}. */
    Expand items() {
        return new Expand(paths.stream().filter(p -> p.startsWith("data.")).map(p -> p.substring(5)).toList());
    }

    boolean has(String path) {
        return paths.contains(path);
    }
}
