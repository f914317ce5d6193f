package ai.mirroros.licensing.split;

import java.util.Objects;

/**
 * Who receives one line of a split. Sealed so that every consumer (ledger postings, statements) handles each kind
 * in an exhaustive {@code switch}.
 */
public sealed interface Party permits Party.ProcessingFee, Party.Partner, Party.Referrer, Party.Master {

    /** The party's id: the processor's name or a vault id. */
    String id();

    /** The payment processor, paid the processing fee. */
    record ProcessingFee(String id) implements Party {
        public static final ProcessingFee STRIPE = new ProcessingFee("stripe");

        public ProcessingFee {
            Objects.requireNonNull(id, "id");
        }
    }

    /** The licensed vault the payment was made to. */
    record Partner(String id) implements Party {
        public Partner {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * A vault that referred the partner, {@code level} 1 being the nearest referrer.
     */
    record Referrer(int level, String id) implements Party {
        public Referrer {
            Objects.requireNonNull(id, "id");
            if (level < 1) {
                throw new IllegalArgumentException("referrer level starts at 1: " + level);
            }
        }
    }

    /** The platform's master vault: what is left after the partner, the fee and the referrers. */
    record Master(String id) implements Party {
        public static final Master PLATFORM = new Master("master-vault");

        public Master {
            Objects.requireNonNull(id, "id");
        }
    }
}
