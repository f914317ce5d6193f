package ai.mirroros.licensing.vault;

/** Who carries the payment processor's fee in a split. */
public enum FeeBearer {
    /** The fee comes off the gross and the net is split by shares (the seed's example). */
    SHARED,
    /** The partner gets its share of the gross; the platform absorbs the fee. */
    PLATFORM,
    /** The partner gets its share of the gross minus the whole fee. */
    PARTNER
}
