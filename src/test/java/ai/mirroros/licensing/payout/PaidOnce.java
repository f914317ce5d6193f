package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.PayableVaults.Vault;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.param.TransferListParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The end state every crash test demands, read from both sides: Stripe has exactly one transfer per payout and none
 * without one, every payee has one payout for the due date, the ledger shows each vault's credit paid out (or, for a
 * refused destination, available again) with nothing left in transit, and {@code licensing reconcile}'s comparison
 * finds no difference.
 */
final class PaidOnce {
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    private PaidOnce() {
    }

    /** Every vault in {@code seeded} paid its credit once, except those in {@code refused}, paid nothing. */
    static void assertEveryPayoutPaidOnce(LicensingApp app, StripeSandbox stripe, Map<String, Vault> seeded,
                                          Set<String> refused) throws Exception {
        List<Transfer> transfers = transfers(stripe);
        Map<String, List<Transfer>> byGroup = transfers.stream()
                .collect(Collectors.groupingBy(t -> Optional.ofNullable(t.getTransferGroup()).orElse("(none)"),
                        TreeMap::new, Collectors.toList()));
        Map<String, Integer> doubles = new TreeMap<>();
        byGroup.forEach((group, ofGroup) -> {
            if (ofGroup.size() != 1) {
                doubles.put(group, ofGroup.size());
            }
        });
        assertThat(doubles).as("transfer groups with more than one transfer: PAID TWICE").isEmpty();

        List<Payout> payouts = app.database().jdbi().withHandle(h -> PayoutStore.list(h, Optional.empty(),
                Optional.empty(), PayoutStore.LIST_LIMIT_MAX));
        Map<String, Long> perPayee = payouts.stream().collect(Collectors.groupingBy(Payout::payeeId,
                TreeMap::new, Collectors.counting()));
        assertThat(perPayee).as("payouts per payee").containsOnlyKeys(seeded.keySet())
                .allSatisfy((payee, n) -> assertThat(n).as(payee).isEqualTo(1L));

        List<String> wrong = new ArrayList<>();
        for (Payout payout : payouts) {
            Vault vault = seeded.get(payout.payeeId());
            if (!payout.amount().equals(vault.total())) {
                wrong.add(payout.payoutId() + ": amount " + payout.amount() + ", credited " + vault.total());
            }
            List<Transfer> ofPayout = byGroup.getOrDefault(payout.payoutId(), List.of());
            if (refused.contains(payout.payeeId())) {
                if (payout.status() != PayoutStatus.FAILED || !ofPayout.isEmpty()) {
                    wrong.add(payout.payoutId() + ": " + payout.status() + " with " + ofPayout.size()
                            + " transfer(s), expected failed without one");
                }
                continue;
            }
            if (payout.status() != PayoutStatus.PAID || ofPayout.size() != 1) {
                wrong.add(payout.payoutId() + ": " + payout.status() + " with " + ofPayout.size()
                        + " transfer(s), expected paid with one (last error: " + payout.lastError().orElse("-")
                        + ")");
                continue;
            }
            Transfer transfer = ofPayout.getFirst();
            if (!payout.transferId().equals(Optional.of(transfer.getId()))
                    || transfer.getAmount() != payout.amount().amountMinor()
                    || !transfer.getDestination().equals(vault.account())
                    || !payout.payoutId().equals(transfer.getMetadata().get("payout_id"))) {
                wrong.add(payout.payoutId() + ": recorded " + payout.transferId() + " " + payout.amount()
                        + " to " + vault.account() + ", Stripe has " + transfer.getId() + " " + transfer.getAmount()
                        + " to " + transfer.getDestination());
            }
        }
        assertThat(wrong).as("payouts that do not match Stripe").isEmpty();
        assertThat(transfers).as("transfers: one per paid payout, none other")
                .hasSize(seeded.size() - refused.size());

        assertLedger(app, seeded, refused, transfers);

        Reconciliation.Report report = new Reconciler(app.database(),
                new StripeTransferSource(com.stripe.StripeClient.builder().setApiKey(PayoutProcess.API_KEY)
                        .setApiBase(stripe.baseUrl()).build()))
                .reconcile(Reconciliation.Window.everything(), n -> { });
        assertThat(report.differences()).as(report.summary()).isEmpty();
        assertThat(report.payouts()).isEqualTo(seeded.size());
        assertThat(report.transfers()).isEqualTo(seeded.size() - refused.size());
    }

    private static void assertLedger(LicensingApp app, Map<String, Vault> seeded, Set<String> refused,
                                     List<Transfer> transfers) {
        Map<AccountRef, Money> balances = new HashMap<>();
        for (AccountBalance b : app.ledger().balances(Optional.empty(), Optional.empty())) {
            balances.put(b.account(), b.balance());
        }
        List<String> wrong = new ArrayList<>();
        for (Vault vault : seeded.values()) {
            String id = vault.vaultId();
            boolean paid = !refused.contains(id);
            Money zero = Money.zero(USD);
            expect(wrong, balances, AccountRef.vaultPaidOut(id, USD), paid ? vault.own() : zero);
            expect(wrong, balances, AccountRef.referrerPaidOut(id, USD), paid ? vault.commissions() : zero);
            expect(wrong, balances, AccountRef.vaultAvailable(id, USD), paid ? zero : vault.own());
            expect(wrong, balances, AccountRef.referrerAvailable(id, USD), paid ? zero : vault.commissions());
            expect(wrong, balances, AccountRef.vaultInTransit(id, USD), zero);
            expect(wrong, balances, AccountRef.referrerInTransit(id, USD), zero);
        }
        assertThat(wrong).as("vault balances (owed, credit positive) that are off").isEmpty();
        Money transferred = Money.ofMinor(transfers.stream().mapToLong(Transfer::getAmount).sum(), USD);
        assertThat(balances.getOrDefault(AccountRef.connectTransfers(USD), Money.zero(USD)))
                .as("connect_transfers = what Stripe's transfers add up to").isEqualTo(transferred);
    }

    private static void expect(List<String> wrong, Map<AccountRef, Money> balances, AccountRef account,
                               Money owed) {
        Money actual = balances.getOrDefault(account, Money.zero(USD)).negate();
        if (!actual.equals(owed)) {
            wrong.add(account.key() + " = " + actual.toDecimalString() + ", expected " + owed.toDecimalString());
        }
    }

    /** Every transfer the sandbox has made, newest first. */
    static List<Transfer> transfers(StripeSandbox stripe) throws StripeException {
        List<Transfer> all = new ArrayList<>();
        for (Transfer t : client(stripe).v1().transfers().list(TransferListParams.builder().setLimit(100L).build())
                .autoPagingIterable()) {
            all.add(t);
        }
        return all;
    }

    static StripeClient client(StripeSandbox stripe) {
        return StripeClient.builder().setApiKey(PayoutProcess.API_KEY).setApiBase(stripe.baseUrl()).build();
    }
}
