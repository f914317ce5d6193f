package ai.mirroros.licensing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import org.junit.jupiter.api.Test;

class AccountRefTest {

    @Test
    void keyIsTypeOwnerAndCurrency() {
        assertThat(AccountRef.vaultPending("enterprise-vault.sig", CurrencyUnit.USD).key())
                .isEqualTo("vault_pending:enterprise-vault.sig:USD");
        assertThat(AccountRef.platformRevenue(CurrencyUnit.EUR).key()).isEqualTo("platform_revenue::EUR");
    }

    @Test
    void keyParsesBackEvenWhenTheOwnerContainsColons() {
        AccountRef ref = AccountRef.referrerAvailable("urn:ref:7", CurrencyUnit.JPY);
        assertThat(AccountRef.parseKey(ref.key())).isEqualTo(ref);
        assertThat(AccountRef.parseKey("stripe_clearing::USD")).isEqualTo(AccountRef.stripeClearing(CurrencyUnit.USD));
    }

    @Test
    void ownerIsRequiredExactlyForPerOwnerAccounts() {
        assertThatThrownBy(() -> AccountRef.vaultPending("", CurrencyUnit.USD)).hasMessageContaining("vault_pending");
        assertThatThrownBy(() -> AccountRef.of(AccountType.PLATFORM_REVENUE, "v1", CurrencyUnit.USD))
                .hasMessageContaining("platform account");
        assertThatThrownBy(() -> AccountRef.parseKey("vault_pending:v1")).hasMessageContaining("<type>:<owner>");
    }

    @Test
    void pendingAccountsReleaseToTheirAvailableCounterpart() {
        assertThat(AccountRef.vaultPending("v1", CurrencyUnit.USD).releasedTo())
                .contains(AccountRef.vaultAvailable("v1", CurrencyUnit.USD));
        assertThat(AccountRef.referrerPending("r1", CurrencyUnit.USD).releasedTo())
                .contains(AccountRef.referrerAvailable("r1", CurrencyUnit.USD));
        assertThat(AccountRef.platformRevenue(CurrencyUnit.USD).releasedTo()).isEmpty();
    }

    @Test
    void normalBalanceShowsLiabilitiesAndRevenueAsPositive() {
        Money credit = Money.parse("-85.00", CurrencyUnit.USD);
        assertThat(new AccountBalance(AccountRef.vaultAvailable("v1", CurrencyUnit.USD), credit).normalBalance())
                .isEqualTo(Money.parse("85.00", CurrencyUnit.USD));
        assertThat(AccountType.PLATFORM_REVENUE.normalSide()).isEqualTo(AccountType.NormalSide.CREDIT);
        assertThat(AccountType.STRIPE_CLEARING.normalSide()).isEqualTo(AccountType.NormalSide.DEBIT);
        assertThat(AccountType.PROCESSING_FEES.normalSide()).isEqualTo(AccountType.NormalSide.DEBIT);
    }
}
