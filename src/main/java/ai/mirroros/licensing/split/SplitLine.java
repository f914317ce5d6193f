package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import java.util.Objects;

/** One party's part of a split, with the provenance that explains it. */
public record SplitLine(Party party, Money amount, Provenance provenance) {
    public SplitLine {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(provenance, "provenance");
    }

    public String partyId() {
        return party.id();
    }
}
