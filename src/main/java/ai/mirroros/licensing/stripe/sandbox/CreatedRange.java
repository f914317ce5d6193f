package ai.mirroros.licensing.stripe.sandbox;

/**
 * Stripe's {@code created} filter on list endpoints: either one Unix second ({@code created=1700000000}) or bounds
 * ({@code created[gte]=…&created[lt]=…}), all in whole seconds as objects carry them. Held as an inclusive range.
 */
record CreatedRange(long fromSecond, long toSecond) {
    static final CreatedRange ANY = new CreatedRange(Long.MIN_VALUE, Long.MAX_VALUE);

    static CreatedRange of(Params params) {
        if (!params.has("created")) {
            return ANY;
        }
        if (!params.isHash("created")) {
            long exact = params.timestamp("created").orElseThrow(() -> StripeApiError.missingParam("created"));
            return new CreatedRange(exact, exact);
        }
        Params bounds = params.child("created").allowOnly("gt", "gte", "lt", "lte");
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (bounds.has("gte")) {
            from = bound(bounds, "gte");
        }
        if (bounds.has("gt")) {
            from = Math.max(from, bound(bounds, "gt") + 1);
        }
        if (bounds.has("lte")) {
            to = bound(bounds, "lte");
        }
        if (bounds.has("lt")) {
            to = Math.min(to, bound(bounds, "lt") - 1);
        }
        return new CreatedRange(from, to);
    }

    private static long bound(Params bounds, String name) {
        return bounds.timestamp(name).orElseThrow(() -> StripeApiError.missingParam("created[" + name + "]"));
    }

    boolean contains(long second) {
        return second >= fromSecond && second <= toSecond;
    }

    boolean isAny() {
        return fromSecond == Long.MIN_VALUE && toSecond == Long.MAX_VALUE;
    }
}
