package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event kinds and orders Stripe produces, stored in the inbox and processed, checked on the ledger. */
class StripeEventScenariosTest extends DatabaseTestSupport {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Map<String, String> META = Map.of("vault_id", "enterprise-vault.sig",
            "product_type", "hosted_platform");

    private LicensingApp app;
    private InboxProcessor processor;

    @BeforeEach
    void setUp() {
        app = LicensingApp.over(db, Clock.fixed(AT, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                REGISTERED);
        processor = app.newInboxProcessor(IngestSettings.defaults());
    }

    private void deliver(String... events) {
        for (String event : events) {
            app.inbox().store(List.of(EventEnvelope.parse(event, IncomingEvent.Origin.WEBHOOK)));
        }
        processor.drain(batch -> { });
    }

    private InboxEvent event(String id) {
        return app.inbox().find(id).orElseThrow();
    }

    private Money partner(String vault, CurrencyUnit currency) {
        return app.ledger().balance(AccountRef.vaultPending(vault, currency)).negate();
    }

    private static StripeEventJson.Charge charge(String id, long amount, Map<String, String> metadata) {
        return new StripeEventJson.Charge("ch_" + id, "pi_" + id, amount, "usd", 0, metadata, AT, Optional.empty(),
                Optional.empty());
    }

    @Test
    void aSubscriptionChargeWithoutMetadataWaitsForItsInvoiceAndPostsOnce() {
        StripeEventJson.Charge bare = charge("sub", 4_900, Map.of());
        deliver(StripeEventJson.event("evt_sub_charge", "charge.succeeded", AT, bare.toJson()));
        assertThat(event("evt_sub_charge").status()).isEqualTo(EventStatus.PARKED);
        assertThat(event("evt_sub_charge").reason().orElseThrow()).contains("vault_id is missing");

        deliver(StripeEventJson.event("evt_invoice", "invoice.paid", AT,
                StripeEventJson.invoice("in_1", "sub_1", charge("sub", 4_900, META))));

        assertThat(event("evt_invoice").status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(event("evt_sub_charge").status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(event("evt_sub_charge").reason().orElseThrow()).contains("already posted");
        assertThat(app.payments().find("pi_sub")).isPresent();
        assertThat(partner("enterprise-vault.sig", USD).isPositive()).isTrue();
    }

    @Test
    void anUnknownProductTypeIsParkedWithTheAllowedList() {
        deliver(StripeEventJson.event("evt_odd", "charge.succeeded", AT, charge("odd", 1_000,
                Map.of("vault_id", "enterprise-vault.sig", "product_type", "t-shirt")).toJson()));

        assertThat(event("evt_odd").status()).isEqualTo(EventStatus.PARKED);
        assertThat(event("evt_odd").reason().orElseThrow()).contains("t-shirt", "agent_export");
    }

    @Test
    void aChargeInAnotherCurrencyIsConvertedAtItsBalanceTransactionsRate() {
        StripeEventJson.BalanceTransaction bt = new StripeEventJson.BalanceTransaction("txn_eur", 10_842, 344, "usd",
                Optional.of(new BigDecimal("1.0842")), AT, "ch_eur");
        StripeEventJson.Charge eur = new StripeEventJson.Charge("ch_eur", "pi_eur", 10_000, "eur", 0, META, AT,
                Optional.of("txn_eur"), Optional.of(bt));
        deliver(StripeEventJson.event("evt_eur", "charge.succeeded", AT, eur.toJson()));

        assertThat(event("evt_eur").status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(event("evt_eur").reason().orElseThrow()).contains("108.42 USD", "fee 3.44 USD (actual)");
        String stored = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT charge_currency || ' ' || charge_amount_minor || ' @ ' || exchange_rate FROM payment")
                .mapTo(String.class).one());
        assertThat(stored).isEqualTo("EUR 10000 @ 1.0842");

        deliver(StripeEventJson.event("evt_eur_refund", "charge.refunded", AT, eur.withAmountRefunded(10_000)
                .toJson()));
        assertThat(partner("enterprise-vault.sig", USD).isZero()).isTrue();
    }

    @Test
    void aChargeInAnotherCurrencyWithoutARateIsParkedNotGuessed() {
        StripeEventJson.Charge eur = new StripeEventJson.Charge("ch_norate", "pi_norate", 10_000, "eur", 0, META,
                AT, Optional.empty(), Optional.empty());
        deliver(StripeEventJson.event("evt_norate", "charge.succeeded", AT, eur.toJson()));

        assertThat(event("evt_norate").status()).isEqualTo(EventStatus.PARKED);
        assertThat(event("evt_norate").reason().orElseThrow()).contains("EUR", "exchange rate");
        assertThat(app.payments().find("pi_norate")).isEmpty();
    }

    @Test
    void aDisputeHoldsTheSharesAndALostDisputeHandsThemToStripeWithTheFee() {
        StripeEventJson.Charge paid = charge("dp", 100_000, META);
        deliver(StripeEventJson.event("evt_dp_pay", "charge.succeeded", AT, paid.toJson()));
        Money before = partner("enterprise-vault.sig", USD);

        deliver(StripeEventJson.event("evt_dp_open", "charge.dispute.created", AT,
                StripeEventJson.dispute("dp_1", paid, 100_000, "needs_response", AT)));
        assertThat(partner("enterprise-vault.sig", USD).isZero()).isTrue();
        assertThat(app.ledger().balance(AccountRef.disputesHeld(USD))).isEqualTo(Money.parse("-1000.00", USD));

        deliver(StripeEventJson.event("evt_dp_lost", "charge.dispute.closed", AT,
                StripeEventJson.dispute("dp_1", paid, 100_000, "lost", AT)));
        assertThat(app.ledger().balance(AccountRef.disputesHeld(USD)).isZero()).isTrue();
        assertThat(partner("enterprise-vault.sig", USD)).as("the partner bears the 15.00 dispute fee")
                .isEqualTo(Money.parse("-15.00", USD));
        assertThat(before.isPositive()).isTrue();
    }

    @Test
    void aWonDisputeGivesEverythingBackAndAClosedBeforeOpenedOrderEndsTheSame() {
        StripeEventJson.Charge paid = charge("won", 50_000, META);
        deliver(StripeEventJson.event("evt_won_pay", "charge.succeeded", AT, paid.toJson()));
        Money before = partner("enterprise-vault.sig", USD);

        deliver(StripeEventJson.event("evt_won_closed", "charge.dispute.closed", AT,
                StripeEventJson.dispute("dp_won", paid, 20_000, "won", AT)));
        deliver(StripeEventJson.event("evt_won_open", "charge.dispute.created", AT,
                StripeEventJson.dispute("dp_won", paid, 20_000, "needs_response", AT)));

        assertThat(partner("enterprise-vault.sig", USD)).isEqualTo(before);
        assertThat(app.ledger().balance(AccountRef.disputesHeld(USD)).isZero()).isTrue();
        assertThat(event("evt_won_open").reason().orElseThrow()).contains("already");
    }

    @Test
    void partialRefundsDeliveredOutOfOrderClawBackExactlyOnce() {
        StripeEventJson.Charge paid = charge("part", 122_845, Map.of("vault_id", "agency-fork.sig",
                "product_type", "template"));
        deliver(StripeEventJson.event("evt_part_pay", "payment_intent.succeeded", AT,
                StripeEventJson.paymentIntent(paid, false)));
        deliver(StripeEventJson.event("evt_part_full", "charge.refunded", AT, paid.withAmountRefunded(122_845)
                        .toJson()),
                StripeEventJson.event("evt_part_some", "charge.refunded", AT, paid.withAmountRefunded(30_000)
                        .toJson()));

        assertThat(partner("agency-fork.sig", USD).isZero()).isTrue();
        assertThat(app.ledger().balance(AccountRef.referrerPending("startup-vault.sig", USD)).isZero()).isTrue();
        assertThat(event("evt_part_some").reason().orElseThrow()).startsWith("no change");
    }
}
