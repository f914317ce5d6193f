package ai.mirroros.licensing.live;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.live.LiveEvent.Kind;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveEventsTest {
    private static final ObjectMapper JSON = LicensingApp.newObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final String SPLIT_WITH_REFERRERS = """
            {"currency":"USD","grossAmount":"1000.00","lines":[
              {"party":"processing_fee","partyId":"stripe","amount":"29.30"},
              {"party":"partner","partyId":"agency-fork.sig","amount":"825.09"},
              {"party":"referrer","partyId":"startup-vault.sig","level":1,"amount":"48.54"},
              {"party":"referrer","partyId":"individual-vault.sig","level":2,"amount":"19.41"},
              {"party":"master","partyId":"master-vault","amount":"77.66"}]}""";

    private static LiveEvents.Row row(long seq, String type, String vault, String source, String payload) {
        return new LiveEvents.Row(seq, AT, type, Optional.ofNullable(vault), Optional.ofNullable(source),
                Optional.ofNullable(payload));
    }

    private static List<LiveEvent> of(LiveEvents.Row row) {
        return LiveEvents.of(row, payment -> Map.of("pi_1", List.of("startup-vault.sig")).getOrDefault(payment,
                List.of()), JSON);
    }

    @Test
    void aPaymentIsItsVaultsAndACommissionForEachReferrerWithoutThePaymentId() {
        List<LiveEvent> events = of(row(7, "payment.split", "agency-fork.sig", "pi_1", SPLIT_WITH_REFERRERS));

        assertThat(events).containsExactly(
                new LiveEvent("agency-fork.sig", 7, Kind.PAYMENT, "payment.split", Optional.of("pi_1"), AT, false),
                new LiveEvent("startup-vault.sig", 7, Kind.PAYMENT, "payment.split", Optional.empty(), AT, true),
                new LiveEvent("individual-vault.sig", 7, Kind.PAYMENT, "payment.split", Optional.empty(), AT, true));
    }

    @Test
    void refundsAndDisputesReachTheReferrersOfThePaymentTheyAdjust() {
        String payload = "{\"payment\":\"pi_1\",\"refunded\":\"10.00\"}";

        assertThat(of(row(8, "payment.refunded", "agency-fork.sig", "re_1", payload)))
                .extracting(LiveEvent::vaultId, LiveEvent::kind, LiveEvent::referral)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("agency-fork.sig", Kind.REFUND, false),
                        org.assertj.core.groups.Tuple.tuple("startup-vault.sig", Kind.REFUND, true));
        assertThat(of(row(9, "payment.dispute_opened", "agency-fork.sig", "dp_1", payload)))
                .extracting(LiveEvent::kind).containsOnly(Kind.DISPUTE);
        assertThat(of(row(10, "payment.dispute_closed", "agency-fork.sig", "dp_1", payload)))
                .extracting(LiveEvent::kind).containsOnly(Kind.DISPUTE);
    }

    @Test
    void payoutsPaidFailedAndReversedArePayoutEventsOfThePayee() {
        for (String type : List.of("payout.paid", "payout.failed", "payout.reversed")) {
            assertThat(of(row(11, type, "enterprise-vault.sig", "tr_1", null))).singleElement()
                    .satisfies(e -> {
                        assertThat(e.kind()).isEqualTo(Kind.PAYOUT);
                        assertThat(e.type()).isEqualTo(type);
                        assertThat(e.sourceId()).contains("tr_1");
                        assertThat(e.referral()).isFalse();
                    });
        }
    }

    @Test
    void everythingElseIsNotALiveEvent() {
        for (String type : List.of("api_key.created", "tier.changed", "vault.registered", "payee.kyc_updated",
                "template.created")) {
            assertThat(of(row(12, type, "enterprise-vault.sig", "x", "{}"))).as(type).isEmpty();
        }
        assertThat(LiveEvents.readsPayload("payout.paid")).isFalse();
        assertThat(LiveEvents.readsPayload("payment.split")).isTrue();
    }

    @Test
    void anUnreadablePayloadStillGivesTheVaultItsEvent() {
        assertThat(of(row(13, "payment.split", "agency-fork.sig", "pi_2", "{not json")))
                .extracting(LiveEvent::vaultId).containsExactly("agency-fork.sig");
        assertThat(of(row(14, "payment.refunded", "agency-fork.sig", "re_2", null)))
                .extracting(LiveEvent::vaultId).containsExactly("agency-fork.sig");
    }
}
