package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Stripe Connect, as the payout engine uses it: connected accounts with onboarding requirements, transfers from
 * the platform's available balance, reversals back to it, and payouts from an account's balance to its bank.
 * The checks are Stripe's: a transfer needs an active {@code transfers} capability on the destination and enough
 * available funds; a reversal needs enough on the connected account; a payout needs payouts enabled and funds.
 */
final class Connect {
    /** What Stripe asks of a fresh Express account before it can receive transfers and payouts. */
    static final List<String> ONBOARDING_REQUIREMENTS = List.of("business_type", "external_account",
            "tos_acceptance.date", "tos_acceptance.ip");
    static final Set<String> ACCOUNT_TYPES = Set.of("express", "custom", "standard");
    /** Standard payouts arrive about two business days later. */
    static final Duration PAYOUT_ARRIVAL = Duration.ofDays(2);
    /** Requirement lists are short in practice; the cap keeps the control API honest. */
    static final int REQUIREMENTS_MAX = 50;
    private static final Map<String, String> CURRENCY_BY_COUNTRY = Map.ofEntries(Map.entry("US", "usd"),
            Map.entry("GB", "gbp"), Map.entry("CA", "cad"), Map.entry("AU", "aud"), Map.entry("DE", "eur"),
            Map.entry("FR", "eur"), Map.entry("NL", "eur"), Map.entry("IE", "eur"), Map.entry("ES", "eur"),
            Map.entry("IT", "eur"), Map.entry("AT", "eur"), Map.entry("BE", "eur"), Map.entry("FI", "eur"),
            Map.entry("PT", "eur"));

    /** What Stripe shows for an account the platform rejected (closed): {@code requirements.disabled_reason}. */
    static final String CLOSED_REASON = "rejected.other";

    /** @param closed the platform closed (rejected) it: capabilities inactive, no charges, transfers or payouts */
    private record Account(String id, String type, String country, Optional<String> email,
                           Map<String, String> metadata, String defaultCurrency, List<String> currentlyDue,
                           boolean payoutsEnabled, Set<String> capabilities, Optional<String> externalAccountId,
                           Instant created, boolean closed) {
        boolean transfersActive() {
            return !closed && capabilities.contains("transfers") && currentlyDue.isEmpty();
        }

        Optional<String> disabledReason() {
            if (closed) {
                return Optional.of(CLOSED_REASON);
            }
            return currentlyDue.isEmpty() ? Optional.empty() : Optional.of("requirements.past_due");
        }
    }

    private record Transfer(String id, long amountMinor, long amountReversedMinor, String currency,
                            String destination, String destinationPaymentId, Optional<String> transferGroup,
                            Optional<String> description, Map<String, String> metadata, String txnId,
                            Instant created, List<String> reversalIds) {
        Transfer reversedBy(long reversalMinor, String reversalId) {
            List<String> ids = new ArrayList<>(reversalIds);
            ids.add(reversalId);
            return new Transfer(id, amountMinor, amountReversedMinor + reversalMinor, currency, destination,
                    destinationPaymentId, transferGroup, description, metadata, txnId, created, List.copyOf(ids));
        }
    }

    private record Reversal(String id, String transferId, long amountMinor, String currency, String txnId,
                            Map<String, String> metadata, Instant created) {
    }

    /** @param automatic made by Stripe's payout schedule rather than by {@code POST /v1/payouts} */
    private record Payout(String id, String account, long amountMinor, String currency, String status,
                          String txnId, Optional<String> failureTxnId, Optional<String> failureCode,
                          String destination, Optional<String> description, Map<String, String> metadata,
                          Instant created, boolean automatic) {
        Payout settled(String newStatus, Optional<String> failureTxn, Optional<String> code) {
            return new Payout(id, account, amountMinor, currency, newStatus, txnId, failureTxn, code, destination,
                    description, metadata, created, automatic);
        }
    }

    private final SandboxState state;
    private final String platformBankAccount = Ids.randomId("ba");
    private final Map<String, Account> accounts = new HashMap<>();
    /** {@code business_type} given at creation, by account id (kept apart: few callers give it). */
    private final Map<String, String> businessTypes = new HashMap<>();
    static final Set<String> BUSINESS_TYPES = Set.of("individual", "company", "non_profit", "government_entity");
    private final Map<String, Transfer> transfers = new HashMap<>();
    /** Transfers in creation order, indexed by {@code transfer_group} and {@code destination}, for lists. */
    private final Timeline transferTimeline = new Timeline();
    private final Map<String, Reversal> reversals = new HashMap<>();
    private final Map<String, Payout> payouts = new HashMap<>();

    Connect(SandboxState state) {
        this.state = state;
    }

    ObjectNode createAccount(String type, String country, Optional<String> email, Map<String, String> metadata,
                             Set<String> capabilities) {
        return createAccount(type, country, email, Optional.empty(), metadata, capabilities);
    }

    /** As Stripe: a {@code business_type} given up front is one requirement less for onboarding. */
    ObjectNode createAccount(String type, String country, Optional<String> email, Optional<String> businessType,
                             Map<String, String> metadata, Set<String> capabilities) {
        if (businessType.isPresent() && !BUSINESS_TYPES.contains(businessType.get())) {
            throw StripeApiError.invalidParam("business_type", "parameter_invalid", "Invalid business_type: must "
                    + "be one of " + new TreeSet<>(BUSINESS_TYPES));
        }
        if (!ACCOUNT_TYPES.contains(type)) {
            throw StripeApiError.invalidParam("type", "parameter_invalid", "Invalid type: must be one of "
                    + new TreeSet<>(ACCOUNT_TYPES));
        }
        String upperCountry = country.toUpperCase(Locale.ROOT);
        if (upperCountry.length() != 2 || !upperCountry.chars().allMatch(Character::isLetter)) {
            throw StripeApiError.invalidParam("country", "parameter_invalid", "Invalid country: " + country);
        }
        synchronized (state) {
            Payments.requireRoom(accounts.size(), "accounts");
            List<String> due = businessType.isEmpty() ? ONBOARDING_REQUIREMENTS
                    : ONBOARDING_REQUIREMENTS.stream().filter(r -> !r.equals("business_type")).toList();
            Account account = new Account(state.ids.next("acct"), type, upperCountry, email, withoutEmpty(metadata),
                    CURRENCY_BY_COUNTRY.getOrDefault(upperCountry, "usd"), due, false,
                    Set.copyOf(capabilities), Optional.empty(), state.now(), false);
            accounts.put(account.id(), account);
            businessType.ifPresent(bt -> businessTypes.put(account.id(), bt));
            return accountJson(account);
        }
    }

    /** Updates email, metadata (an empty value unsets a key) and requested capabilities. */
    ObjectNode updateAccount(String id, Optional<String> email, Map<String, String> metadata,
                             Map<String, Boolean> capabilities) {
        synchronized (state) {
            Account account = account(id);
            Map<String, String> merged = new LinkedHashMap<>(account.metadata());
            metadata.forEach((key, value) -> {
                if (value.isEmpty()) {
                    merged.remove(key);
                } else {
                    merged.put(key, value);
                }
            });
            Set<String> requested = new TreeSet<>(account.capabilities());
            capabilities.forEach((name, on) -> {
                if (on) {
                    requested.add(name);
                } else {
                    requested.remove(name);
                }
            });
            Account updated = new Account(id, account.type(), account.country(), email.or(account::email),
                    Map.copyOf(merged), account.defaultCurrency(), account.currentlyDue(), account.payoutsEnabled(),
                    Set.copyOf(requested), account.externalAccountId(), account.created(), account.closed());
            accounts.put(id, updated);
            state.emit("account.updated", accountJson(updated), Optional.of(id));
            return accountJson(updated);
        }
    }

    /**
     * Sets what the account still owes Stripe (the sandbox's stand-in for onboarding). An empty list completes
     * onboarding: capabilities become active and a test bank account is attached. {@code payoutsEnabled}
     * defaults to "nothing is due".
     */
    ObjectNode setRequirements(String id, List<String> currentlyDue, Optional<Boolean> payoutsEnabled) {
        if (currentlyDue.size() > REQUIREMENTS_MAX) {
            throw StripeApiError.invalidParam("currently_due", "parameter_invalid", "At most " + REQUIREMENTS_MAX
                    + " requirements.");
        }
        synchronized (state) {
            Account account = account(id);
            if (account.closed()) {
                throw StripeApiError.refused(null, "account", "Account " + id + " is closed ("
                        + CLOSED_REASON + "); its requirements can no longer change.");
            }
            boolean payouts = payoutsEnabled.orElse(currentlyDue.isEmpty());
            Optional<String> bank = account.externalAccountId();
            if (bank.isEmpty() && (currentlyDue.isEmpty() || payouts)) {
                bank = Optional.of(state.ids.next("ba"));
            }
            Account updated = new Account(id, account.type(), account.country(), account.email(),
                    account.metadata(), account.defaultCurrency(), List.copyOf(currentlyDue), payouts,
                    account.capabilities(), bank, account.created(), false);
            accounts.put(id, updated);
            state.emit("account.updated", accountJson(updated), Optional.of(id));
            return accountJson(updated);
        }
    }

    /**
     * The platform closes the account, as Stripe's {@code POST /v1/accounts/{id}/reject} does: charges and payouts
     * are disabled, capabilities inactive, {@code requirements.disabled_reason} is {@value #CLOSED_REASON}, and
     * transfers to it fail. Its balance stays (a platform may still reverse transfers out of it).
     */
    ObjectNode closeAccount(String id) {
        synchronized (state) {
            Account account = account(id);
            if (account.closed()) {
                return accountJson(account);
            }
            Account closed = new Account(id, account.type(), account.country(), account.email(), account.metadata(),
                    account.defaultCurrency(), account.currentlyDue(), false, account.capabilities(),
                    account.externalAccountId(), account.created(), true);
            accounts.put(id, closed);
            state.emit("account.updated", accountJson(closed), Optional.of(id));
            return accountJson(closed);
        }
    }

    /** What account links need to know of an account: its type, and whether it is closed. */
    record AccountStatus(String id, String type, boolean closed) {
    }

    /** The account's status; an unknown id is refused as the {@code param} that named it. */
    AccountStatus status(String id, String param) {
        synchronized (state) {
            Account account = accounts.get(id);
            if (account == null) {
                throw StripeApiError.noSuchParamObject(param, "account", id);
            }
            return new AccountStatus(id, account.type(), account.closed());
        }
    }

    ObjectNode retrieveAccount(String id) {
        synchronized (state) {
            return accountJson(account(id));
        }
    }

    /** Refuses a {@code Stripe-Account} header naming an account the platform does not have. */
    void requireScope(Optional<String> stripeAccount) {
        if (stripeAccount.isEmpty()) {
            return;
        }
        synchronized (state) {
            if (!accounts.containsKey(stripeAccount.get())) {
                throw new StripeApiError(403, StripeApiError.INVALID_REQUEST, "account_invalid", "The provided key does "
                        + "not have access to account '" + stripeAccount.get() + "' (or that account does not "
                        + "exist).", null, false);
            }
        }
    }

    String defaultCurrency(Optional<String> stripeAccount) {
        synchronized (state) {
            return stripeAccount.map(id -> account(id).defaultCurrency()).orElse(state.settlementCurrency());
        }
    }

    ObjectNode createTransfer(long amountMinor, String currency, String destination, Optional<String> group,
                              Optional<String> description, Map<String, String> metadata, Expand expand) {
        synchronized (state) {
            Payments.requireRoom(transfers.size(), "transfers");
            state.requireTxnRoom();
            Account account = accounts.get(destination);
            if (account == null) {
                throw StripeApiError.noSuchParamObject("destination", "destination", destination);
            }
            if (!account.transfersActive()) {
                // A closed (rejected) account has no active capability left, so Stripe's answer is the same as for
                // an account that never finished onboarding; requirements.disabled_reason tells them apart.
                // Checked like a parameter: not saved under the key, so the same transfer can go once onboarded.
                throw new StripeApiError(400, StripeApiError.INVALID_REQUEST, "insufficient_capabilities_for_transfer",
                        "Your destination account needs to have at least one of the following capabilities "
                                + "enabled: transfers, crypto_transfers, legacy_payments", "destination", false);
            }
            long available = state.balances.available(Balances.PLATFORM, currency);
            if (available < amountMinor) {
                throw StripeApiError.refused("balance_insufficient", null, "You have insufficient available funds "
                        + "in your Stripe account (" + available + " " + currency + " available, " + amountMinor
                        + " needed). Try adding funds directly to your available balance by creating charges.");
            }
            String id = state.ids.next("tr");
            Txn txn = state.post(Balances.PLATFORM, "transfer", "transfer", -amountMinor, 0, currency,
                    Optional.empty(), id, false);
            String paymentId = state.ids.next("py");
            state.post(destination, "payment", "charge", amountMinor, 0, currency, Optional.empty(), paymentId,
                    false);
            Transfer transfer = new Transfer(id, amountMinor, 0, currency, destination, paymentId, group,
                    description, withoutEmpty(metadata), txn.id(), txn.bt().created(), List.of());
            transfers.put(id, transfer);
            Map<String, String> keys = new HashMap<>(Map.of(DESTINATION, destination));
            group.ifPresent(g -> keys.put(TRANSFER_GROUP, g));
            transferTimeline.append(id, transfer.created().getEpochSecond(), keys);
            state.emit("transfer.created", transferJson(transfer, Expand.none()), Optional.empty());
            return transferJson(transfer, expand);
        }
    }

    ObjectNode retrieveTransfer(String id, Expand expand) {
        synchronized (state) {
            return transferJson(transfer(id), expand);
        }
    }

    /**
     * {@code GET /v1/transfers}: newest first, by {@code transfer_group} and/or {@code destination} and
     * {@code created}, with cursors — through the timeline's indexes, so a page stays cheap at 100,000 transfers.
     */
    ObjectNode listTransfers(Params params, Optional<String> group, Optional<String> destination, Expand expand) {
        Optional<Timeline.Key> key = group.map(g -> new Timeline.Key(TRANSFER_GROUP, g))
                .or(() -> destination.map(d -> new Timeline.Key(DESTINATION, d)));
        // The group index narrows first; a destination given too is checked on those candidates.
        Predicate<String> alsoMatches = id -> group.isEmpty() || destination.isEmpty()
                || destination.get().equals(transfers.get(id).destination());
        Timeline.Query query = Timeline.Query.of(params, key, alsoMatches);
        synchronized (state) {
            Timeline.Page page = transferTimeline.page(query);
            return SandboxJson.list(page.ids().stream().map(id -> transferJson(transfers.get(id), expand)).toList(),
                    page.hasMore(), "/v1/transfers");
        }
    }

    /** Reverses {@code amount} (default: all that is left) of a transfer, back to the platform's balance. */
    ObjectNode reverse(String transferId, OptionalLong amount, Map<String, String> metadata, Expand expand) {
        synchronized (state) {
            Transfer transfer = transfer(transferId);
            long remaining = transfer.amountMinor() - transfer.amountReversedMinor();
            if (remaining == 0) {
                throw StripeApiError.refused(null, "amount", "Transfer " + transferId
                        + " has already been fully reversed.");
            }
            long reversalMinor = amount.orElse(remaining);
            if (reversalMinor > remaining) {
                throw StripeApiError.refused("amount_too_large", "amount", "Reversal amount (" + reversalMinor
                        + ") is greater than the amount left on the transfer (" + remaining + ").");
            }
            long available = state.balances.available(transfer.destination(), transfer.currency());
            if (available < reversalMinor) {
                throw StripeApiError.refused("balance_insufficient", "amount", "The destination account has "
                        + available + " " + transfer.currency() + " available, not enough to cover a reversal of "
                        + reversalMinor + ".");
            }
            String id = state.ids.next("trr");
            state.post(transfer.destination(), "payment_refund", "refund", -reversalMinor, 0, transfer.currency(),
                    Optional.empty(), id, false);
            Txn txn = state.post(Balances.PLATFORM, "transfer_refund", "transfer_reversal", reversalMinor, 0,
                    transfer.currency(), Optional.empty(), id, false);
            Reversal reversal = new Reversal(id, transferId, reversalMinor, transfer.currency(), txn.id(),
                    withoutEmpty(metadata), txn.bt().created());
            reversals.put(id, reversal);
            Transfer updated = transfer.reversedBy(reversalMinor, id);
            transfers.put(transferId, updated);
            state.emit("transfer.reversed", transferJson(updated, Expand.none()), Optional.empty());
            return reversalJson(reversal, expand);
        }
    }

    static final String TRANSFER_GROUP = "transfer_group";
    static final String DESTINATION = "destination";

    /** A payout from the balance of {@code stripeAccount} (the platform's when empty) to its bank account. */
    ObjectNode createPayout(Optional<String> stripeAccount, long amountMinor, Optional<String> currencyParam,
                            Optional<String> description, Map<String, String> metadata, Expand expand) {
        synchronized (state) {
            Payments.requireRoom(payouts.size(), "payouts");
            state.requireTxnRoom();
            String owner = stripeAccount.orElse(Balances.PLATFORM);
            String currency = currencyParam.map(c -> state.rates.require(c, "currency"))
                    .orElseGet(() -> defaultCurrency(stripeAccount));
            String bank = platformBankAccount;
            if (stripeAccount.isPresent()) {
                Account account = account(stripeAccount.get());
                if (!account.payoutsEnabled() || account.externalAccountId().isEmpty()) {
                    throw new StripeApiError(400, StripeApiError.INVALID_REQUEST, "payouts_not_allowed", "Payouts are "
                            + "not enabled for this account (" + account.disabledReason().orElse("no bank account")
                            + "); requirements due: " + account.currentlyDue(), null, false);
                }
                bank = account.externalAccountId().get();
            }
            long available = state.balances.available(owner, currency);
            if (available < amountMinor) {
                throw StripeApiError.refused("balance_insufficient", "amount", "You have insufficient funds in your "
                        + "Stripe account for this payout (" + available + " " + currency + " available, "
                        + amountMinor + " needed).");
            }
            String id = state.ids.next("po");
            Txn txn = state.post(owner, "payout", "payout", -amountMinor, 0, currency, Optional.empty(), id, false);
            Payout payout = new Payout(id, owner, amountMinor, currency, "pending", txn.id(), Optional.empty(),
                    Optional.empty(), bank, description, withoutEmpty(metadata), txn.bt().created(), false);
            payouts.put(id, payout);
            state.emit("payout.created", payoutJson(payout, Expand.none()), stripeAccount);
            return payoutJson(payout, expand);
        }
    }

    ObjectNode retrievePayout(Optional<String> stripeAccount, String id, Expand expand) {
        synchronized (state) {
            Payout payout = payouts.get(id);
            if (payout == null || !payout.account().equals(stripeAccount.orElse(Balances.PLATFORM))) {
                throw StripeApiError.notFound("payout", id);
            }
            return payoutJson(payout, expand);
        }
    }

    /** The bank's answer to a pending payout: {@code paid}, or {@code failed} (the money returns to the balance). */
    ObjectNode settlePayout(String id, String outcome, Optional<String> failureCode) {
        if (!outcome.equals("paid") && !outcome.equals("failed")) {
            throw StripeApiError.invalidParam("status", "parameter_invalid", "status must be paid or failed, got '"
                    + outcome + "'.");
        }
        failureCode.ifPresent(PayoutFailures::require);
        synchronized (state) {
            state.requireTxnRoom();
            Payout payout = payouts.get(id);
            if (payout == null) {
                throw StripeApiError.notFound("payout", id);
            }
            if (!payout.status().equals("pending")) {
                throw StripeApiError.refused(null, "status", "Payout " + id + " is already " + payout.status() + ".");
            }
            Optional<String> failureTxn = Optional.empty();
            Optional<String> code = Optional.empty();
            if (outcome.equals("failed")) {
                failureTxn = Optional.of(state.post(payout.account(), "payout_failure", "payout_reversal",
                        payout.amountMinor(), 0, payout.currency(), Optional.empty(), id, false).id());
                code = Optional.of(failureCode.orElse(PayoutFailures.DEFAULT_CODE));
            }
            Payout settled = payout.settled(outcome, failureTxn, code);
            payouts.put(id, settled);
            Optional<String> connected = payout.account().equals(Balances.PLATFORM)
                    ? Optional.empty() : Optional.of(payout.account());
            state.emit("payout." + outcome, payoutJson(settled, Expand.none()), connected);
            return payoutJson(settled, Expand.none());
        }
    }

    /**
     * The bank returns an automatic payout of {@code amountMinor} from a connected account: Stripe's payout schedule
     * sent it ({@code payout.created}), the bank refused it ({@code payout.failed}, with {@code failure_code}) and
     * the money is back on the account's balance. Both events carry the connected account as {@code account}.
     */
    ObjectNode failBankPayout(String accountId, long amountMinor, String currencyParam, String failureCode) {
        PayoutFailures.require(failureCode);
        synchronized (state) {
            Payments.requireRoom(payouts.size(), "payouts");
            state.requireTxnRoom();
            Account account = account(accountId);
            String currency = state.rates.require(currencyParam, "currency");
            long available = state.balances.available(accountId, currency);
            if (available < amountMinor) {
                throw StripeApiError.refused("balance_insufficient", "amountMinor", "Account " + accountId + " has "
                        + available + " " + currency + " available; a payout of " + amountMinor
                        + " could not have been sent.");
            }
            String id = state.ids.next("po");
            Txn txn = state.post(accountId, "payout", "payout", -amountMinor, 0, currency, Optional.empty(), id, false);
            Payout sent = new Payout(id, accountId, amountMinor, currency, "pending", txn.id(), Optional.empty(),
                    Optional.empty(), account.externalAccountId().orElseGet(() -> state.ids.next("ba")),
                    Optional.empty(), Map.of(), txn.bt().created(), true);
            payouts.put(id, sent);
            state.emit("payout.created", payoutJson(sent, Expand.none()), Optional.of(accountId));
            Txn returned = state.post(accountId, "payout_failure", "payout_reversal", amountMinor, 0, currency,
                    Optional.empty(), id, false);
            Payout failed = sent.settled("failed", Optional.of(returned.id()), Optional.of(failureCode));
            payouts.put(id, failed);
            state.emit("payout.failed", payoutJson(failed, Expand.none()), Optional.of(accountId));
            return payoutJson(failed, Expand.none());
        }
    }

    /**
     * {@code GET /v1/balance_transactions} of the platform or the {@code Stripe-Account}: newest first, by
     * {@code type}, {@code source}, {@code currency} and {@code created}, with cursors.
     */
    ObjectNode listBalanceTransactions(Optional<String> stripeAccount, Params params) {
        Optional<String> type = params.string("type");
        Optional<String> source = params.string("source");
        Optional<String> currency = params.string("currency").map(c -> c.toLowerCase(Locale.ROOT));
        Optional<Timeline.Key> key = source.map(v -> new Timeline.Key("source", v))
                .or(() -> type.map(v -> new Timeline.Key("type", v)))
                .or(() -> currency.map(v -> new Timeline.Key("currency", v)));
        Predicate<String> alsoMatches = id -> {
            Txn txn = state.txn(id).orElseThrow();
            return type.map(txn.type()::equals).orElse(true) && source.map(txn.bt().sourceId()::equals).orElse(true)
                    && currency.map(txn.bt().currency()::equals).orElse(true);
        };
        SandboxState.TxnPage page = state.txnPage(stripeAccount.orElse(Balances.PLATFORM),
                Timeline.Query.of(params, key, alsoMatches));
        return SandboxJson.list(page.txns().stream().map(Txn::toJson).toList(), page.hasMore(),
                "/v1/balance_transactions");
    }

    ObjectNode balance(Optional<String> stripeAccount) {
        synchronized (state) {
            return SandboxJson.balance(state.balances.snapshot(stripeAccount.orElse(Balances.PLATFORM)),
                    defaultCurrency(stripeAccount));
        }
    }

    ObjectNode balanceTransaction(Optional<String> stripeAccount, String id) {
        Optional<Txn> txn = state.txn(id);
        if (txn.isEmpty() || !txn.get().account().equals(stripeAccount.orElse(Balances.PLATFORM))) {
            throw StripeApiError.notFound("balance transaction", id);
        }
        return txn.get().toJson();
    }

    private Account account(String id) {
        Account account = accounts.get(id);
        if (account == null) {
            throw StripeApiError.notFound("account", id);
        }
        return account;
    }

    private Transfer transfer(String id) {
        Transfer transfer = transfers.get(id);
        if (transfer == null) {
            throw StripeApiError.notFound("transfer", id);
        }
        return transfer;
    }

    private ObjectNode accountJson(Account account) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", account.id());
        node.put("object", "account");
        SandboxJson.putOptional(node, "business_type", Optional.ofNullable(businessTypes.get(account.id())));
        ObjectNode capabilities = node.putObject("capabilities");
        boolean enabled = account.currentlyDue().isEmpty() && !account.closed();
        String capabilityStatus = enabled ? "active" : "inactive";
        account.capabilities().stream().sorted().forEach(name -> capabilities.put(name, capabilityStatus));
        node.put("charges_enabled", enabled);
        node.put("country", account.country());
        node.put("created", account.created().getEpochSecond());
        node.put("default_currency", account.defaultCurrency());
        node.put("details_submitted", account.currentlyDue().isEmpty());
        SandboxJson.putOptional(node, "email", account.email());
        List<ObjectNode> banks = account.externalAccountId().map(id -> List.of(bankAccountJson(account, id)))
                .orElse(List.of());
        node.set("external_accounts", SandboxJson.list(banks, false,
                "/v1/accounts/" + account.id() + "/external_accounts"));
        SandboxJson.putMetadata(node, account.metadata());
        node.put("payouts_enabled", account.payoutsEnabled());
        ObjectNode requirements = node.putObject("requirements");
        requirements.putArray("alternatives");
        requirements.putNull("current_deadline");
        ArrayNode due = requirements.putArray("currently_due");
        account.currentlyDue().forEach(due::add);
        SandboxJson.putOptional(requirements, "disabled_reason", account.disabledReason());
        requirements.putArray("errors");
        ArrayNode eventually = requirements.putArray("eventually_due");
        account.currentlyDue().forEach(eventually::add);
        ArrayNode pastDue = requirements.putArray("past_due");
        account.currentlyDue().forEach(pastDue::add);
        requirements.putArray("pending_verification");
        node.put("type", account.type());
        return node;
    }

    private static ObjectNode bankAccountJson(Account account, String id) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", id);
        node.put("object", "bank_account");
        node.put("account", account.id());
        node.put("account_holder_type", "individual");
        node.put("bank_name", "STRIPE TEST BANK");
        node.put("country", account.country());
        node.put("currency", account.defaultCurrency());
        node.put("default_for_currency", true);
        node.put("last4", "6789");
        node.put("routing_number", "110000000");
        node.put("status", "new");
        return node;
    }

    private ObjectNode transferJson(Transfer transfer, Expand expand) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", transfer.id());
        node.put("object", "transfer");
        node.put("amount", transfer.amountMinor());
        node.put("amount_reversed", transfer.amountReversedMinor());
        putTxn(node, transfer.txnId(), expand);
        node.put("created", transfer.created().getEpochSecond());
        node.put("currency", transfer.currency());
        SandboxJson.putOptional(node, "description", transfer.description());
        node.put("destination", transfer.destination());
        node.put("destination_payment", transfer.destinationPaymentId());
        node.put("livemode", false);
        SandboxJson.putMetadata(node, transfer.metadata());
        List<ObjectNode> reversalNodes = transfer.reversalIds().reversed().stream()
                .map(id -> reversalJson(reversals.get(id), Expand.none())).toList();
        ObjectNode reversalList = SandboxJson.list(reversalNodes, false,
                "/v1/transfers/" + transfer.id() + "/reversals");
        reversalList.put("total_count", reversalNodes.size());
        node.set("reversals", reversalList);
        node.put("reversed", transfer.amountReversedMinor() == transfer.amountMinor());
        node.putNull("source_transaction");
        node.put("source_type", "card");
        SandboxJson.putOptional(node, "transfer_group", transfer.transferGroup());
        return node;
    }

    private ObjectNode reversalJson(Reversal reversal, Expand expand) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", reversal.id());
        node.put("object", "transfer_reversal");
        node.put("amount", reversal.amountMinor());
        putTxn(node, reversal.txnId(), expand);
        node.put("created", reversal.created().getEpochSecond());
        node.put("currency", reversal.currency());
        node.putNull("destination_payment_refund");
        SandboxJson.putMetadata(node, reversal.metadata());
        node.putNull("source_refund");
        node.put("transfer", reversal.transferId());
        return node;
    }

    private ObjectNode payoutJson(Payout payout, Expand expand) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", payout.id());
        node.put("object", "payout");
        node.put("amount", payout.amountMinor());
        node.put("arrival_date", payout.created().plus(PAYOUT_ARRIVAL).getEpochSecond());
        node.put("automatic", payout.automatic());
        putTxn(node, payout.txnId(), expand);
        node.put("created", payout.created().getEpochSecond());
        node.put("currency", payout.currency());
        SandboxJson.putOptional(node, "description", payout.description());
        node.put("destination", payout.destination());
        SandboxJson.putOptional(node, "failure_balance_transaction", payout.failureTxnId());
        SandboxJson.putOptional(node, "failure_code", payout.failureCode());
        SandboxJson.putOptional(node, "failure_message", payout.failureCode().map(PayoutFailures::message));
        node.put("livemode", false);
        SandboxJson.putMetadata(node, payout.metadata());
        node.put("method", "standard");
        node.put("source_type", "card");
        node.putNull("statement_descriptor");
        node.put("status", payout.status());
        node.put("type", "bank_account");
        return node;
    }

    private void putTxn(ObjectNode node, String txnId, Expand expand) {
        Optional<Txn> txn = expand.has("balance_transaction") ? state.txn(txnId) : Optional.empty();
        if (txn.isPresent()) {
            node.set("balance_transaction", txn.get().toJson());
        } else {
            node.put("balance_transaction", txnId);
        }
    }

    private static Map<String, String> withoutEmpty(Map<String, String> metadata) {
        Map<String, String> kept = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!value.isEmpty()) {
                kept.put(key, value);
            }
        });
        return Map.copyOf(kept);
    }
}
