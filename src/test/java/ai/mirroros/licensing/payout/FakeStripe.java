package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.Money;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory Stripe for payout properties: it keeps transfers (with their group and cumulative reversal) and the
 * answer saved under each idempotency key, as Stripe does, and answers each transfer request as a script says. The
 * script only decides what happens on the way (the request is lost, the response is lost, the process dies) and
 * what Stripe decides for a key it has not seen; a key it has seen gets the saved answer again, whatever the script
 * says, because that is what Stripe does. Deterministic when called in a deterministic order.
 */
final class FakeStripe implements TransferGateway {

    /** What happens to one transfer request. */
    enum Answer {
        /** Stripe makes the transfer (or replays the key's saved answer). */
        OK,
        /** The request never reached Stripe: a timeout or reset. Nothing saved, nothing made. */
        TRANSIENT,
        /** Stripe handled the request (made the transfer, or replayed), but the response was lost on the way back. */
        LOST_RESPONSE,
        /** Stripe refuses for good: the connected account cannot receive transfers. Saved under the key. */
        REFUSED_DESTINATION,
        /** Stripe refuses for good for another reason (a bad request). Saved under the key. */
        DECLINED,
        /** The platform balance is too small. Saved under the key, as Stripe does with a 400. */
        INSUFFICIENT_FUNDS,
        /** The process dies after claiming the payout, before the request leaves. */
        CRASH_BEFORE_REQUEST,
        /** Stripe makes the transfer, then the process dies before it records the answer. */
        CRASH_AFTER_TRANSFER
    }

    /** The process died (simulated): thrown out of {@link #transfer}, it aborts the run like a kill would. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    /** A transfer at Stripe. {@code reversedMinor} is its cumulative {@code amount_reversed}. */
    static final class Transfer {
        final String id;
        final String group;
        final Money amount;
        final String destination;
        long reversedMinor;

        Transfer(String id, String group, Money amount, String destination) {
            this.id = id;
            this.group = group;
            this.amount = amount;
            this.destination = destination;
        }

        FoundTransfer found() {
            return new FoundTransfer(id, amount, destination, Money.ofMinor(reversedMinor, amount.currency()));
        }

        @Override
        public String toString() {
            return id + " " + amount + " to " + destination + " (group " + group + ", reversed " + reversedMinor + ")";
        }
    }

    /** What Stripe saved under an idempotency key: the request's parameters and its answer. */
    private record Saved(String group, Money amount, String destination, Attempt answer) {
    }

    private static final Duration RETRY_AFTER = Duration.ofHours(1);

    private final List<Transfer> transfers = new ArrayList<>();
    private final Map<String, Saved> byKey = new HashMap<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private boolean lookupsDown;

    /** The answers for the next requests, in order; once used up, every request gets {@link Answer#OK}. */
    synchronized void script(List<Answer> answers, boolean lookupsDown) {
        script.clear();
        script.addAll(answers);
        this.lookupsDown = lookupsDown;
    }

    synchronized List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    /** Requests Stripe would have refused as misuse (a key reused with other parameters). */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every request, as "key answer", for failure messages. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** Raises the transfer's cumulative reversal to {@code cumulativeMinor} (never lowers it); returns it. */
    synchronized long reverse(Transfer transfer, long cumulativeMinor) {
        transfer.reversedMinor = Math.max(transfer.reversedMinor, Math.min(cumulativeMinor,
                transfer.amount.amountMinor()));
        return transfer.reversedMinor;
    }

    @Override
    public synchronized Attempt transfer(Payout payout) {
        Answer answer = script.isEmpty() ? Answer.OK : script.poll();
        requests.add(payout.idempotencyKey() + " " + answer);
        switch (answer) {
            case TRANSIENT -> {
                return new Attempt.Transient("timeout before the request reached Stripe", Optional.of(RETRY_AFTER));
            }
            case CRASH_BEFORE_REQUEST -> throw new SimulatedCrash("killed before requesting " + payout.payoutId());
            default -> { }
        }
        Attempt decided = stripeDecides(payout, answer);
        return switch (answer) {
            case LOST_RESPONSE -> new Attempt.Transient("connection reset while reading the response",
                    Optional.of(RETRY_AFTER));
            case CRASH_AFTER_TRANSFER -> throw new SimulatedCrash("killed after requesting " + payout.payoutId()
                    + " (" + decided + ")");
            default -> decided;
        };
    }

    /** What Stripe answers for a request that reached it: the saved answer for a known key, else a new one. */
    private Attempt stripeDecides(Payout payout, Answer answer) {
        Saved saved = byKey.get(payout.idempotencyKey());
        if (saved != null) {
            if (!saved.group().equals(payout.payoutId()) || !saved.amount().equals(payout.amount())
                    || !saved.destination().equals(payout.stripeAccount())) {
                violations.add("key " + payout.idempotencyKey() + " reused with other parameters: " + saved
                        + " then " + payout.amount() + " to " + payout.stripeAccount());
                return new Attempt.Transient("idempotency_error: keys are for use with the same parameters",
                        Optional.empty());
            }
            return saved.answer();
        }
        Attempt decided = switch (answer) {
            case REFUSED_DESTINATION -> new Attempt.Refused("account_closed",
                    "the destination account is closed", true);
            case DECLINED -> new Attempt.Refused("parameter_invalid_integer", "invalid transfer request", false);
            case INSUFFICIENT_FUNDS -> new Attempt.InsufficientFunds("balance_insufficient: the platform balance "
                    + "cannot cover " + payout.amount());
            default -> {
                Transfer made = new Transfer("tr_" + (transfers.size() + 1), payout.payoutId(), payout.amount(),
                        payout.stripeAccount());
                transfers.add(made);
                yield new Attempt.Made(made.found());
            }
        };
        byKey.put(payout.idempotencyKey(), new Saved(payout.payoutId(), payout.amount(), payout.stripeAccount(),
                decided));
        return decided;
    }

    @Override
    public synchronized List<FoundTransfer> findByGroup(String payoutId) throws Unavailable {
        if (lookupsDown) {
            throw new Unavailable("Stripe unreachable (simulated)", new java.io.IOException("connection refused"));
        }
        return transfers.stream().filter(t -> t.group.equals(payoutId)).map(Transfer::found).toList();
    }
}
