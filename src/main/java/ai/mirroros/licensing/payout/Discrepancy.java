package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One difference between the ledger and Stripe that {@link Reconciliation} found: what it is, the payout and
 * transfers it concerns, the amounts on each side, and one line a person can act on.
 */
public sealed interface Discrepancy {

    /** A short stable name for tables and JSON, e.g. {@code amount_mismatch}. */
    String kind();

    /** The payout concerned; empty for a transfer without a payout id and for per-currency totals. */
    Optional<String> payoutId();

    /** The Stripe transfers concerned, if any. */
    List<String> transferIds();

    /** The amounts compared, by role ({@code ledger}, {@code stripe}…), in their own currencies. */
    Map<String, Money> amounts();

    /** One line for a person: what differs, by how much, and what it usually means. */
    String describe();

    /**
     * Sorting rank: the lower, the more urgent. A double payment is money gone twice and comes first; money paid
     * without a record comes next, then records without money, then details.
     */
    default int urgency() {
        return switch (this) {
            case DuplicateTransfers d -> 0;
            case TransferWithoutPaidPayout t -> 1;
            case TransferMissing m -> 2;
            case CurrencyMismatch c -> 3;
            case AmountMismatch a -> 4;
            case ReversedMismatch r -> 5;
            case DestinationMismatch d -> 6;
            case TransferIdMismatch t -> 7;
            case LedgerTransfersMismatch l -> 8;
            case CurrencyTotalMismatch c -> 9;
        };
    }

    /** A transfer at Stripe as the differences show it. */
    record TransferRef(String transferId, Money amount, String destination) {
        public TransferRef {
            Objects.requireNonNull(transferId, "transferId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** MORE THAN ONE transfer at Stripe for one payout: the payee was paid more than once. */
    record DuplicateTransfers(String payout, List<TransferRef> transfers) implements Discrepancy {
        public DuplicateTransfers {
            transfers = List.copyOf(transfers);
            if (transfers.size() < 2) {
                throw new IllegalArgumentException("a duplicate needs at least two transfers");
            }
        }

        @Override
        public String kind() {
            return "duplicate_transfers";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return transfers.stream().map(TransferRef::transferId).toList();
        }

        @Override
        public Map<String, Money> amounts() {
            Map<String, Money> amounts = new LinkedHashMap<>();
            transfers.forEach(t -> amounts.put(t.transferId(), t.amount()));
            return amounts;
        }

        @Override
        public String describe() {
            StringBuilder line = new StringBuilder("DOUBLE PAYMENT: payout " + payout + " has " + transfers.size()
                    + " transfers at Stripe (");
            for (int i = 0; i < transfers.size(); i++) {
                TransferRef t = transfers.get(i);
                line.append(i == 0 ? "" : ", ").append(t.transferId()).append(' ').append(show(t.amount()))
                        .append(" to ").append(t.destination());
            }
            return line.append("); reverse all but one").toString();
        }
    }

    /**
     * A transfer at Stripe that no payout marked paid in the ledger accounts for. {@code payout} is empty when the
     * transfer carries no payout id; {@code payoutStatus} is empty when no payout has that id.
     */
    record TransferWithoutPaidPayout(TransferRef transfer, Optional<String> payout, Optional<String> payoutStatus)
            implements Discrepancy {
        public TransferWithoutPaidPayout {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(payout, "payout");
            Objects.requireNonNull(payoutStatus, "payoutStatus");
        }

        @Override
        public String kind() {
            return "transfer_without_paid_payout";
        }

        @Override
        public Optional<String> payoutId() {
            return payout;
        }

        @Override
        public List<String> transferIds() {
            return List.of(transfer.transferId());
        }

        @Override
        public Map<String, Money> amounts() {
            return Map.of("stripe", transfer.amount());
        }

        @Override
        public String describe() {
            String head = "transfer " + transfer.transferId() + " (" + show(transfer.amount()) + " to "
                    + transfer.destination() + ")";
            if (payout.isEmpty()) {
                return head + " carries no payout id (transfer_group or metadata[payout_id]): it was not made by "
                        + "a payout run";
            }
            if (payoutStatus.isEmpty()) {
                return head + " is for payout " + payout.get() + ", which the ledger does not have";
            }
            String status = payoutStatus.get();
            String meaning = switch (status) {
                case "planned", "submitting", "retrying" -> "a crash or timeout left it there; the next payout run "
                        + "records it (same idempotency key)";
                case "failed" -> "the ledger gave up on it and released the money, which may be paid again: "
                        + "reverse the transfer or have the payout recorded as paid";
                default -> "it is not marked paid";
            };
            return head + " is for payout " + payout.get() + ", still " + status + " in the ledger: " + meaning;
        }
    }

    /** A payout paid in the ledger whose transfer Stripe does not have. */
    record TransferMissing(String payout, Money amount, Optional<String> ledgerTransferId) implements Discrepancy {
        public TransferMissing {
            Objects.requireNonNull(payout, "payout");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(ledgerTransferId, "ledgerTransferId");
        }

        @Override
        public String kind() {
            return "transfer_missing";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return ledgerTransferId.stream().toList();
        }

        @Override
        public Map<String, Money> amounts() {
            return Map.of("ledger", amount);
        }

        @Override
        public String describe() {
            return "payout " + payout + " is paid in the ledger (" + show(amount)
                    + ledgerTransferId.map(id -> ", transfer " + id).orElse("") + ") but Stripe has no transfer "
                    + "for it: the payee was not paid";
        }
    }

    /** The transfer's amount differs from the payout's (same currency). */
    record AmountMismatch(String payout, String transferId, Money ledger, Money stripe) implements Discrepancy {
        public AmountMismatch {
            ledger.requireSameCurrency(stripe);
        }

        @Override
        public String kind() {
            return "amount_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return List.of(transferId);
        }

        @Override
        public Map<String, Money> amounts() {
            return pair(ledger, stripe);
        }

        @Override
        public String describe() {
            return "payout " + payout + " is " + show(ledger) + " in the ledger but transfer " + transferId + " is "
                    + show(stripe) + " (off by " + show(stripe.minus(ledger)) + ")";
        }
    }

    /** The transfer is in another currency than the payout. */
    record CurrencyMismatch(String payout, String transferId, Money ledger, Money stripe) implements Discrepancy {
        @Override
        public String kind() {
            return "currency_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return List.of(transferId);
        }

        @Override
        public Map<String, Money> amounts() {
            return pair(ledger, stripe);
        }

        @Override
        public String describe() {
            return "payout " + payout + " is in " + ledger.currency() + " (" + show(ledger) + ") but transfer "
                    + transferId + " is in " + stripe.currency() + " (" + show(stripe) + ")";
        }
    }

    /** The transfer went to another connected account than the payout's. */
    record DestinationMismatch(String payout, String transferId, String ledgerAccount, String stripeDestination)
            implements Discrepancy {
        @Override
        public String kind() {
            return "destination_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return List.of(transferId);
        }

        @Override
        public Map<String, Money> amounts() {
            return Map.of();
        }

        @Override
        public String describe() {
            return "payout " + payout + " was for " + ledgerAccount + " but transfer " + transferId + " went to "
                    + stripeDestination;
        }
    }

    /** Stripe reversed a different amount of the transfer than the ledger recorded. */
    record ReversedMismatch(String payout, String transferId, Money ledger, Money stripe) implements Discrepancy {
        public ReversedMismatch {
            ledger.requireSameCurrency(stripe);
        }

        @Override
        public String kind() {
            return "reversed_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return List.of(transferId);
        }

        @Override
        public Map<String, Money> amounts() {
            return pair(ledger, stripe);
        }

        @Override
        public String describe() {
            return "payout " + payout + " has " + show(ledger) + " reversed in the ledger but Stripe reversed "
                    + show(stripe) + " of transfer " + transferId + " (a transfer.reversed event not processed?)";
        }
    }

    /** The payout row names another transfer than the one Stripe has for the payout. */
    record TransferIdMismatch(String payout, String ledgerTransferId, String stripeTransferId)
            implements Discrepancy {
        @Override
        public String kind() {
            return "transfer_id_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return List.of(ledgerTransferId, stripeTransferId);
        }

        @Override
        public Map<String, Money> amounts() {
            return Map.of();
        }

        @Override
        public String describe() {
            return "payout " + payout + " records transfer " + ledgerTransferId + " but Stripe's transfer for it is "
                    + stripeTransferId;
        }
    }

    /**
     * The journal's {@code connect_transfers} movements for a payout (its {@code payout:P:paid} and
     * {@code payout:P:reversed:N} entries) do not add up to what the payout row says was transferred.
     *
     * @param expected amount − reversed for a paid payout, zero otherwise
     */
    record LedgerTransfersMismatch(String payout, String status, Money expected, Money journal)
            implements Discrepancy {
        public LedgerTransfersMismatch {
            expected.requireSameCurrency(journal);
        }

        @Override
        public String kind() {
            return "ledger_transfers_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.of(payout);
        }

        @Override
        public List<String> transferIds() {
            return List.of();
        }

        @Override
        public Map<String, Money> amounts() {
            Map<String, Money> amounts = new LinkedHashMap<>();
            amounts.put("expected", expected);
            amounts.put("journal", journal);
            return amounts;
        }

        @Override
        public String describe() {
            return "payout " + payout + " (" + status + ") moved " + show(journal) + " on connect_transfers in the "
                    + "journal; expected " + show(expected) + (status.equals(Reconciliation.PAID)
                    ? " (amount − reversed)" : " (not paid)");
        }
    }

    /**
     * Per currency over the window: the net of Stripe's transfer balance transactions (transfers out, reversals
     * back) differs from the journal's {@code connect_transfers} movements.
     */
    record CurrencyTotalMismatch(CurrencyUnit currency, Money stripe, Money journal) implements Discrepancy {
        public CurrencyTotalMismatch {
            stripe.requireSameCurrency(journal);
        }

        @Override
        public String kind() {
            return "currency_total_mismatch";
        }

        @Override
        public Optional<String> payoutId() {
            return Optional.empty();
        }

        @Override
        public List<String> transferIds() {
            return List.of();
        }

        @Override
        public Map<String, Money> amounts() {
            Map<String, Money> amounts = new LinkedHashMap<>();
            amounts.put("stripe", stripe);
            amounts.put("journal", journal);
            return amounts;
        }

        @Override
        public String describe() {
            return currency + " total: Stripe's transfer balance transactions net " + show(stripe)
                    + " out, the journal's connect_transfers " + show(journal) + " (journal − Stripe: "
                    + show(journal.minus(stripe)) + ")";
        }
    }

    private static Map<String, Money> pair(Money ledger, Money stripe) {
        Map<String, Money> amounts = new LinkedHashMap<>();
        amounts.put("ledger", ledger);
        amounts.put("stripe", stripe);
        return amounts;
    }

    /** {@code USD 12,345.67}: the currency, then the amount with thousands separators and all its decimals. */
    static String show(Money money) {
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMinimumFractionDigits(money.currency().minorDigits());
        format.setMaximumFractionDigits(money.currency().minorDigits());
        return money.currency().code() + " " + format.format(BigDecimal.valueOf(money.amountMinor(),
                money.currency().minorDigits()));
    }
}
