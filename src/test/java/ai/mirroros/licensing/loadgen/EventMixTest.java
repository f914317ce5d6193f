package ai.mirroros.licensing.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.loadgen.EventMix.Delivery;
import ai.mirroros.licensing.loadgen.EventMix.VaultProfile;
import ai.mirroros.licensing.stripe.WebhookSignature;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Event;
import com.stripe.net.ApiResource;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event stream is realistic, deterministic per seed, and refers only to what it sent before. */
class EventMixTest {
    private static final Map<String, LicensedVault> VAULTS =
            VaultRegistryFile.load(Path.of("examples/licensed-vaults.json"));
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 20_000;

    private static EventMix mix(long seed) {
        return EventMix.of(seed, START, Duration.ofMillis(1), VAULTS.values());
    }

    private static List<Delivery> take(EventMix mix, int n) {
        List<Delivery> deliveries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            deliveries.add(mix.next());
        }
        return deliveries;
    }

    private static JsonNode json(Delivery delivery) {
        try {
            return JSON.readTree(delivery.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode object(Delivery delivery) {
        return json(delivery).get("data").get("object");
    }

    @Test
    void theSameSeedGivesTheSameDeliveriesByteForByte() {
        List<Delivery> first = take(mix(7), 3_000);
        List<Delivery> second = take(mix(7), 3_000);
        List<Delivery> other = take(mix(8), 3_000);

        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).eventId()).isEqualTo(first.get(i).eventId());
            assertThat(second.get(i).type()).isEqualTo(first.get(i).type());
            assertThat(second.get(i).body()).isEqualTo(first.get(i).body());
        }
        assertThat(other.stream().map(Delivery::eventId)).doesNotContainAnyElementsOf(
                first.stream().map(Delivery::eventId).toList());
    }

    /** The payment intent an event is about, for the two kinds that start a payment. */
    private static String paymentIntentOf(Delivery d) {
        return switch (d.type()) {
            case "payment_intent.succeeded" -> object(d).get("id").asText();
            case "invoice.paid" -> object(d).at("/payments/data/0/payment/payment_intent").asText();
            case "charge.succeeded" -> object(d).get("payment_intent").asText();
            default -> null;
        };
    }

    /** The metadata the checkout put on a payment: on the payment intent and its charge, or on the subscription. */
    private static JsonNode checkoutMetadata(Delivery d) {
        return d.type().equals("invoice.paid") ? object(d).at("/parent/subscription_details/metadata")
                : object(d).get("metadata");
    }

    @Test
    void everyPaymentArrivesAsTwoAdjacentEventsOfTheSamePaymentIntent() {
        List<Delivery> deliveries = take(mix(1), EVENTS).stream().filter(d -> !d.redelivery()).toList();
        int oneOffs = 0;
        int chargeFirst = 0;
        int invoiceFirst = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (d.type().equals("payment_intent.succeeded")) {
                Delivery next = deliveries.get(i + 1);
                assertThat(next.type()).isEqualTo("charge.succeeded");
                assertThat(paymentIntentOf(next)).isEqualTo(paymentIntentOf(d));
                assertThat(object(next).get("metadata")).as("the charge has the checkout's metadata")
                        .isEqualTo(object(d).get("metadata"));
                oneOffs++;
                i++;
            } else if (d.type().equals("invoice.paid") || d.type().equals("charge.succeeded")) {
                Delivery next = deliveries.get(i + 1);
                assertThat(Set.of(d.type(), next.type())).as("a renewal: the invoice and its charge, either order")
                        .containsExactlyInAnyOrder("invoice.paid", "charge.succeeded");
                assertThat(paymentIntentOf(next)).isEqualTo(paymentIntentOf(d));
                Delivery charge = d.type().equals("charge.succeeded") ? d : next;
                assertThat(object(charge).get("metadata").isEmpty()).as("Stripe's invoice charge has no metadata")
                        .isTrue();
                if (d == charge) {
                    chargeFirst++;
                } else {
                    invoiceFirst++;
                }
                i++;
            }
        }
        assertThat(oneOffs).isGreaterThan(EVENTS * 4 / 10);
        assertThat(chargeFirst).isPositive();
        assertThat(invoiceFirst).isPositive();
    }

    @Test
    void redeliveriesRepeatAnEarlierEventByteForByte() {
        Map<String, byte[]> firstSeen = new HashMap<>();
        int redeliveries = 0;
        for (Delivery d : take(mix(2), EVENTS)) {
            if (d.redelivery()) {
                assertThat(firstSeen).containsKey(d.eventId());
                assertThat(d.body()).isEqualTo(firstSeen.get(d.eventId()));
                redeliveries++;
            } else {
                assertThat(firstSeen.put(d.eventId(), d.body())).as("a new event has a new id").isNull();
            }
        }
        // 30 per 1,000 draws, a draw being one or two deliveries: about 1.6 % of deliveries.
        assertThat(redeliveries).isBetween(EVENTS / 100, EVENTS * 3 / 100);
    }

    @Test
    void refundsAreCumulativeOnEarlierChargesAndSomeAreFull() {
        Map<String, Long> refunded = new HashMap<>();
        Map<String, Long> amounts = new HashMap<>();
        int partial = 0;
        int full = 0;
        for (Delivery d : take(mix(3), EVENTS)) {
            JsonNode o = object(d);
            if (d.redelivery()) {
                continue;
            }
            if (d.type().equals("charge.succeeded")) {
                amounts.put(o.get("id").asText(), o.get("amount").asLong());
                refunded.put(o.get("id").asText(), 0L);
            } else if (d.type().equals("charge.refunded")) {
                String charge = o.get("id").asText();
                assertThat(amounts).as("refunds name an earlier charge").containsKey(charge);
                long now = o.get("amount_refunded").asLong();
                assertThat(now).isGreaterThan(refunded.get(charge)).isLessThanOrEqualTo(amounts.get(charge));
                assertThat(o.get("refunded").asBoolean()).isEqualTo(now == amounts.get(charge));
                refunded.put(charge, now);
                if (now == amounts.get(charge)) {
                    full++;
                } else {
                    partial++;
                }
            }
        }
        assertThat(partial).isPositive();
        assertThat(full).isPositive();
    }

    @Test
    void disputesNameAnEarlierChargeOnceAndCoverWhatWasNotRefunded() {
        Map<String, JsonNode> charges = new HashMap<>();
        Set<String> disputed = new HashSet<>();
        for (Delivery d : take(mix(4), EVENTS)) {
            JsonNode o = object(d);
            if (d.redelivery()) {
                continue;
            }
            switch (d.type()) {
                case "charge.succeeded", "charge.refunded" -> {
                    assertThat(disputed).as("a disputed charge is not refunded").doesNotContain(o.get("id").asText());
                    charges.put(o.get("id").asText(), o);
                }
                case "charge.dispute.created" -> {
                    JsonNode charge = charges.get(o.get("charge").asText());
                    assertThat(charge).as("disputes name an earlier charge").isNotNull();
                    assertThat(disputed.add(o.get("charge").asText())).isTrue();
                    assertThat(o.get("amount").asLong()).isPositive()
                            .isEqualTo(charge.get("amount").asLong() - charge.get("amount_refunded").asLong());
                    assertThat(o.get("payment_intent").asText()).isEqualTo(charge.get("payment_intent").asText());
                }
                default -> { }
            }
        }
        assertThat(disputed).isNotEmpty();
    }

    @Test
    void chargesCarryTheirBalanceTransactionWithFeeAndExchangeRate() {
        List<Delivery> deliveries = take(mix(5), EVENTS);
        Map<String, String> vaultOfPayment = new HashMap<>();
        for (Delivery d : deliveries) {
            if (d.type().equals("payment_intent.succeeded") || d.type().equals("invoice.paid")) {
                vaultOfPayment.put(paymentIntentOf(d), checkoutMetadata(d).get("vault_id").asText());
            }
        }
        Set<String> currencies = new HashSet<>();
        for (Delivery d : deliveries) {
            if (!d.type().equals("charge.succeeded")) {
                continue;
            }
            JsonNode charge = object(d);
            JsonNode bt = charge.get("balance_transaction");
            assertThat(bt.isObject()).as("balance transaction embedded: no Stripe API call needed").isTrue();
            assertThat(bt.get("source").asText()).isEqualTo(charge.get("id").asText());
            String vault = vaultOfPayment.get(paymentIntentOf(d));
            String settlement = VAULTS.get(vault).settlementCurrency().code().toLowerCase();
            String currency = charge.get("currency").asText();
            currencies.add(currency);
            assertThat(bt.get("currency").asText()).isEqualTo(settlement);
            long amount = charge.get("amount").asLong();
            long settled = bt.get("amount").asLong();
            if (currency.equals(settlement)) {
                assertThat(bt.get("exchange_rate").isNull()).isTrue();
                assertThat(settled).isEqualTo(amount);
            } else {
                assertThat(settlement).as("only USD vaults see other currencies").isEqualTo("usd");
                assertThat(charge.get("metadata").get("product_type").asText())
                        .as("renewals are charged in the settlement currency").isNotEqualTo("hosted_platform");
                BigDecimal rate = bt.get("exchange_rate").decimalValue();
                assertThat(settled).isEqualTo(rate.multiply(BigDecimal.valueOf(amount))
                        .setScale(0, RoundingMode.HALF_UP).longValueExact());
            }
            long fee = BigDecimal.valueOf(settled).multiply(new BigDecimal("0.029"))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact() + 30;
            assertThat(bt.get("fee").asLong()).isEqualTo(fee);
            assertThat(bt.get("net").asLong()).isEqualTo(settled - fee);
            if (vault.equals("premium-enterprise-vault.sig")) {
                assertThat(currency).isEqualTo("eur");
            }
        }
        assertThat(currencies).containsExactlyInAnyOrder("usd", "eur", "gbp");
    }

    @Test
    void metadataFollowsTheIntegrationContractAndTheVaultsMonetization() {
        Set<String> productTypes = new HashSet<>();
        Set<String> vaults = new HashSet<>();
        long referralCodes = 0;
        for (Delivery d : take(mix(6), EVENTS)) {
            if (!d.type().equals("payment_intent.succeeded") && !d.type().equals("invoice.paid")) {
                continue;
            }
            JsonNode meta = checkoutMetadata(d);
            LicensedVault vault = VAULTS.get(meta.get("vault_id").asText());
            assertThat(vault).isNotNull();
            vaults.add(vault.vaultId());
            String product = meta.get("product_type").asText();
            productTypes.add(product);
            assertThat(product.equals("hosted_platform")).as("subscriptions are hosted platforms")
                    .isEqualTo(d.type().equals("invoice.paid"));
            var config = vault.monetizationConfig();
            switch (product) {
                case "template" -> assertThat(config.enableAgentTemplateResale()).isTrue();
                case "hosted_platform" -> assertThat(config.enableHostedMirrorPlatforms()).isTrue();
                case "agent_export", "loop_export", "platform_fork" ->
                        assertThat(config.enableCustomExportFees()).isTrue();
                default -> throw new AssertionError("unexpected product_type " + product);
            }
            assertThat(meta.has("template_id")).isEqualTo(product.equals("template"));
            assertThat(meta.has("hosted_platform_id")).isEqualTo(product.equals("hosted_platform"));
            if (meta.has("referral_code")) {
                assertThat(config.referralProgram()).isTrue();
                referralCodes++;
            }
            long amount = d.type().equals("invoice.paid") ? object(d).get("amount_paid").asLong()
                    : object(d).get("amount").asLong();
            assertThat(amount).isBetween(5_00L, 2_000_00L);
        }
        assertThat(productTypes).containsExactlyInAnyOrder("template", "hosted_platform", "agent_export",
                "loop_export", "platform_fork");
        assertThat(vaults).isEqualTo(VAULTS.keySet());
        assertThat(referralCodes).isPositive();
    }

    @Test
    void everyEventTypeParsesAsATypedStripeObject() {
        Map<String, Integer> parsed = new HashMap<>();
        for (Delivery d : take(mix(9), 5_000)) {
            Event event = ApiResource.GSON.fromJson(new String(d.body(), java.nio.charset.StandardCharsets.UTF_8),
                    Event.class);
            assertThat(event.getId()).isEqualTo(d.eventId());
            assertThat(event.getType()).isEqualTo(d.type());
            assertThat(event.getApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
            assertThat(event.getDataObjectDeserializer().getObject()).as(d.type()).isPresent();
            parsed.merge(d.type(), 1, Integer::sum);
        }
        assertThat(parsed).containsOnlyKeys("payment_intent.succeeded", "charge.succeeded", "invoice.paid",
                "charge.refunded", "charge.dispute.created");
    }

    @Test
    void deliveriesSignedWithTheSecretVerify() throws Exception {
        WebhookSignature verifier = new WebhookSignature(List.of("whsec_a"), WebhookSignature.DEFAULT_TOLERANCE);
        Instant now = Instant.now();
        for (Delivery d : take(mix(10), 200)) {
            verifier.verify(WebhookSignature.sign("whsec_a", now, d.body()), d.body(), now);
        }
    }

    @Test
    void countsByTypeAddUpToTheDeliveriesHandedOut() {
        EventMix mix = mix(11);
        List<Delivery> deliveries = take(mix, 1_000);

        assertThat(mix.countsByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
        assertThat(mix.redeliveries()).isEqualTo(deliveries.stream().filter(Delivery::redelivery).count());
    }

    @Test
    void createdTimesAdvanceWithTheSpacing() {
        EventMix mix = EventMix.of(1, START, Duration.ofSeconds(1), VAULTS.values());
        List<Delivery> deliveries = take(mix, 10);

        assertThat(json(deliveries.getFirst()).get("created").asLong()).isEqualTo(START.getEpochSecond());
        assertThat(deliveries.stream().filter(d -> !d.redelivery()).mapToLong(d -> json(d).get("created").asLong()))
                .allMatch(t -> t >= START.getEpochSecond() && t < START.getEpochSecond() + 10);
    }

    @Test
    void aRegistryWithNothingToSellIsRefused() {
        assertThatThrownBy(() -> new EventMix(1, START, Duration.ZERO,
                List.of(new VaultProfile("x.sig", "USD", false, true, false, false))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("templates or exports");
    }
}
