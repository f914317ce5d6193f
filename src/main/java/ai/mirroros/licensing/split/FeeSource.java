package ai.mirroros.licensing.split;

/** Where the processing fee of a split came from. */
public enum FeeSource {
    /** Stripe reported the fee it actually charged. */
    ACTUAL,
    /** Estimated from the vault's fee schedule because the actual fee was not known yet. */
    SCHEDULE
}
