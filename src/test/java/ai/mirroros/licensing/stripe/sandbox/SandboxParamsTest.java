package ai.mirroros.licensing.stripe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stripe's form encoding, as stripe-java and curl write it, parsed into one tree. */
class SandboxParamsTest {
    @Test
    void nestedHashesAndBothListStylesParse() {
        Params params = Params.fromForm("expand[]=balance_transaction",
                "amount=100&metadata[vault_id]=enterprise-vault.sig&metadata[note]=a%20b+c"
                        + "&capabilities[transfers][requested]=true&expand[1]=destination");

        assertThat(params.requiredAmount("amount")).isEqualTo(100);
        assertThat(params.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("vault_id", "enterprise-vault.sig",
                "note", "a b c"));
        assertThat(params.child("capabilities").child("transfers").bool("requested")).contains(true);
        assertThat(params.strings("expand")).containsExactly("balance_transaction", "destination");
    }

    @Test
    void stripeJavasIndexedListsAndEmptyListsParse() {
        assertThat(Params.fromForm(null, "expand[0]=a&expand[1]=b").strings("expand")).containsExactly("a", "b");
        assertThat(Params.fromForm(null, "expand=").strings("expand")).isEmpty();
    }

    @Test
    void theSameParametersInAnotherOrderAreTheSameRequest() {
        assertThat(Params.fromForm(null, "amount=1&metadata[a]=1&metadata[b]=2").tree())
                .isEqualTo(Params.fromForm(null, "metadata[b]=2&amount=1&metadata[a]=1").tree());
        assertThat(Params.fromForm(null, "amount=1").tree()).isNotEqualTo(Params.fromForm(null, "amount=2").tree());
    }

    @Test
    void aJsonBodyBecomesTheSameTree() throws Exception {
        Params params = Params.fromJson(new ObjectMapper().readTree(
                "{\"amountMinor\": 1000, \"invoice\": true, \"metadata\": {\"k\": \"v\"}, \"list\": [\"a\"],"
                        + " \"gone\": null}"));

        assertThat(params.requiredAmount("amountMinor")).isEqualTo(1_000);
        assertThat(params.bool("invoice")).contains(true);
        assertThat(params.metadata()).containsEntry("k", "v");
        assertThat(params.strings("list")).isEqualTo(List.of("a"));
        assertThat(params.has("gone")).isFalse();
    }

    @Test
    void badAmountsNameTheParameter() {
        assertThatThrownBy(() -> Params.fromForm(null, "amount=12.5").requiredAmount("amount"))
                .isInstanceOfSatisfying(StripeApiError.class, e -> {
                    assertThat(e.code()).contains("parameter_invalid_integer");
                    assertThat(e.param()).contains("amount");
                });
        assertThatThrownBy(() -> Params.fromForm(null, "amount=0").requiredAmount("amount"))
                .hasMessageContaining("greater than or equal to 1");
        assertThatThrownBy(() -> Params.fromForm(null, "amount=100000000").requiredAmount("amount"))
                .isInstanceOfSatisfying(StripeApiError.class, e -> assertThat(e.code()).contains("amount_too_large"));
        assertThatThrownBy(() -> Params.fromForm(null, "").requiredAmount("amount"))
                .isInstanceOfSatisfying(StripeApiError.class, e -> {
                    assertThat(e.code()).contains("parameter_missing");
                    assertThat(e.getMessage()).isEqualTo("Missing required param: amount.");
                });
    }

    @Test
    void unknownParametersAndMalformedNamesAreRefused() {
        assertThatThrownBy(() -> Params.fromForm(null, "amount=1&amuont=2").allowOnly("amount"))
                .isInstanceOfSatisfying(StripeApiError.class, e -> {
                    assertThat(e.code()).contains("parameter_unknown");
                    assertThat(e.getMessage()).isEqualTo("Received unknown parameter: amuont");
                });
        assertThatThrownBy(() -> Params.fromForm(null, "metadata[a=1")).isInstanceOf(StripeApiError.class);
        assertThatThrownBy(() -> Params.fromForm(null, "a=1&a[b]=2")).hasMessageContaining("Conflicting");
        assertThatThrownBy(() -> Params.fromForm(null, "expand[2]=x")).hasMessageContaining("contiguous");
        assertThatThrownBy(() -> Params.fromForm(null, "a[b][c][d][e][f]=1")).hasMessageContaining("Malformed");
    }

    @Test
    void limitsAreStripes() {
        StringBuilder manyKeys = new StringBuilder();
        for (int i = 0; i <= Params.METADATA_KEYS_MAX; i++) {
            manyKeys.append("&metadata[k").append(i).append("]=v");
        }
        assertThatThrownBy(() -> Params.fromForm(null, manyKeys.substring(1)).metadata())
                .hasMessageContaining("limit of 50 keys");
        assertThatThrownBy(() -> Params.fromForm(null, "metadata[" + "k".repeat(41) + "]=v").metadata())
                .hasMessageContaining("1 to 40 characters");
        assertThatThrownBy(() -> Params.fromForm(null, "a=1&".repeat(Params.PAIRS_MAX + 1)))
                .hasMessageContaining("Too many parameters");
        assertThat(Params.fromForm(null, "limit=100").limit()).isEqualTo(100);
        assertThatThrownBy(() -> Params.fromForm(null, "limit=101").limit()).hasMessageContaining("between 1 and 100");
    }
}
