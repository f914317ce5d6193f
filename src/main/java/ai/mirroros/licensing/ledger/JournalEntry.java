package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One balanced journal entry: what happened ({@code kind}, {@code description}), when ({@code occurredAt}), the
 * idempotency key it is posted under ({@code sourceId}), and its lines, debit positive and credit negative. The
 * lines of every currency sum to zero; an entry that does not balance cannot be constructed.
 *
 * <p>Instants are kept to the microsecond, the precision both databases store, so an entry read back equals the
 * entry posted.
 *
 * @param sourceId the idempotency key: a Stripe event id, a CLI {@code --source-id}, {@code release:<entryId>}
 * @param kind what kind of event this is, lower-case: {@code payment}, {@code release}, {@code adjustment}…
 * @param availableAt when the pending payables this entry creates mature; empty when it creates none
 */
public record JournalEntry(String sourceId, String kind, Instant occurredAt, Optional<Instant> availableAt,
        String description, List<JournalLine> lines) {

    public static final String KIND_PAYMENT = "payment";
    public static final String KIND_RELEASE = "release";
    public static final String KIND_ADJUSTMENT = "adjustment";

    /** Matches the {@code source_id} column; Stripe ids are well under 100 characters. */
    public static final int MAX_SOURCE_ID_LENGTH = 255;
    /** Matches the {@code description} column; a description is a sentence, not a document. */
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    /**
     * A payment has five lines plus one per extra referrer; a hundred leaves room for long referral chains while
     * keeping one entry's insert small and bounded.
     */
    public static final int MAX_LINES = 100;

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public JournalEntry {
        requireText(sourceId, "sourceId", MAX_SOURCE_ID_LENGTH);
        if (sourceId.isBlank() || !sourceId.strip().equals(sourceId)) {
            throw new JournalEntryException("sourceId '" + sourceId + "' is blank or has surrounding spaces");
        }
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new JournalEntryException("kind '" + kind + "' of entry '" + sourceId
                    + "' must be lower-case letters, digits and '_' (at most 32), e.g. payment");
        }
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        availableAt = Objects.requireNonNull(availableAt, "availableAt").map(t -> t.truncatedTo(ChronoUnit.MICROS));
        requireText(description, "description", MAX_DESCRIPTION_LENGTH);
        Objects.requireNonNull(lines, "lines");
        lines = List.copyOf(lines);
        if (lines.size() < 2 || lines.size() > MAX_LINES) {
            throw new JournalEntryException("entry '" + sourceId + "' has " + lines.size() + " lines; a journal "
                    + "entry needs between 2 and " + MAX_LINES);
        }
        requireBalanced(sourceId, lines);
    }

    /** Starts an entry; add lines with {@link Builder#debit} and {@link Builder#credit}, then {@link Builder#build}. */
    public static Builder builder(String sourceId, String kind, Instant occurredAt) {
        return new Builder(sourceId, kind, occurredAt);
    }

    /** The currencies this entry moves, in order of first appearance. */
    public List<CurrencyUnit> currencies() {
        return lines.stream().map(line -> line.amount().currency()).distinct().toList();
    }

    /** The sum of the debit lines in one currency (equal to the sum of the credits); zero for other currencies. */
    public Money debitTotal(CurrencyUnit currency) {
        Money total = Money.zero(currency);
        for (JournalLine line : lines) {
            if (line.isDebit() && line.amount().currency().equals(currency)) {
                total = total.plus(line.amount());
            }
        }
        return total;
    }

    private static void requireText(String value, String field, int maxLength) {
        Objects.requireNonNull(value, field);
        if (value.length() > maxLength) {
            throw new JournalEntryException(field + " is " + value.length() + " characters; at most " + maxLength);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new JournalEntryException(field + " contains control characters");
        }
    }

    private static void requireBalanced(String sourceId, List<JournalLine> lines) {
        Map<CurrencyUnit, long[]> debitsAndCredits = new LinkedHashMap<>();
        for (JournalLine line : lines) {
            long[] sums = debitsAndCredits.computeIfAbsent(line.amount().currency(), c -> new long[2]);
            long amount = line.amount().amountMinor();
            try {
                if (amount > 0) {
                    sums[0] = Math.addExact(sums[0], amount);
                } else {
                    sums[1] = Math.subtractExact(sums[1], amount);
                }
            } catch (ArithmeticException e) {
                throw new JournalEntryException("entry '" + sourceId + "' overflows in " + line.amount().currency());
            }
        }
        debitsAndCredits.forEach((currency, sums) -> {
            if (sums[0] != sums[1]) {
                throw new JournalEntryException("entry '" + sourceId + "' does not balance in " + currency
                        + ": debits " + Money.ofMinor(sums[0], currency).toDecimalString() + ", credits "
                        + Money.ofMinor(sums[1], currency).toDecimalString());
            }
        });
    }

    /** Collects lines for one entry. Zero amounts are left out, so a rounded-away commission adds no line. */
    public static final class Builder {
        private final String sourceId;
        private final String kind;
        private final Instant occurredAt;
        private Optional<Instant> availableAt = Optional.empty();
        private String description = "";
        private final List<JournalLine> lines = new ArrayList<>();

        private Builder(String sourceId, String kind, Instant occurredAt) {
            this.sourceId = sourceId;
            this.kind = kind;
            this.occurredAt = occurredAt;
        }

        /** When the pending payables of this entry mature (end of the holding period). */
        public Builder availableAt(Instant instant) {
            this.availableAt = Optional.of(Objects.requireNonNull(instant, "availableAt"));
            return this;
        }

        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /** Debits {@code amount} (zero or positive) to the account. */
        public Builder debit(AccountRef account, Money amount) {
            if (!amount.isZero()) {
                lines.add(JournalLine.debit(account, amount));
            }
            return this;
        }

        /** Credits {@code amount} (zero or positive) to the account. */
        public Builder credit(AccountRef account, Money amount) {
            if (!amount.isZero()) {
                lines.add(JournalLine.credit(account, amount));
            }
            return this;
        }

        /** Adds a signed line as is. */
        public Builder line(JournalLine line) {
            lines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** The entry; throws {@link JournalEntryException} when it does not balance or is otherwise invalid. */
        public JournalEntry build() {
            return new JournalEntry(sourceId, kind, occurredAt, availableAt, description, lines);
        }
    }
}
