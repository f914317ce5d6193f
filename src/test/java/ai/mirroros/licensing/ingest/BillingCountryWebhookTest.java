package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The customer's country for VAT/GST travels from a signed webhook's billing details (or metadata) to the sale. */
class BillingCountryWebhookTest extends DatabaseTestSupport {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");

    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private WebhookClient stripe;

    @BeforeEach
    void startServer() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                REGISTERED);
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        stripe = new WebhookClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
        ingestion.close();
    }

    @Test
    void theDecoderReadsTheBillingAddressOfTheChargeAndOfAnExpandedLatestCharge() {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("de", "enterprise-vault.sig", 11_900, now);
        EventAction.Pay byCharge = (EventAction.Pay) StripeEventDecoder.decode(StripeEventJson.event("evt_1",
                "charge.succeeded", now, withBilling(charge.toJson(), "DE", null)));
        ObjectNode intent = StripeEventJson.paymentIntent(charge, true);
        withBilling((ObjectNode) intent.get("latest_charge"), "CA", "ON");
        EventAction.Pay byIntent = (EventAction.Pay) StripeEventDecoder.decode(StripeEventJson.event("evt_2",
                "payment_intent.succeeded", now, intent));

        assertThat(byCharge.billing()).contains(new PaymentOrigin.BillingAddress(Optional.of("DE"), Optional.empty()));
        assertThat(byIntent.billing()).contains(new PaymentOrigin.BillingAddress(Optional.of("CA"), Optional.of("ON")));
        assertThat(((EventAction.Pay) StripeEventDecoder.decode(WebhookClient.chargeSucceeded("evt_3", charge, now)))
                .billing()).isEmpty();
    }

    @Test
    void signedWebhooksRecordTheBillingCountryTheMetadataCountryOrUnknown() throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge au = WebhookClient.charge("au", "enterprise-vault.sig", 11_000, now);
        StripeEventJson.Charge on = WebhookClient.charge("on", "enterprise-vault.sig", 11_300, now);
        StripeEventJson.Charge fr = new StripeEventJson.Charge("ch_fr", "pi_fr", 12_000, "usd", 0,
                Map.of("vault_id", "enterprise-vault.sig", "product_type", "agent_export", "customer_country", "FR"),
                now, Optional.empty(), Optional.empty());
        StripeEventJson.Charge nowhere = WebhookClient.charge("nowhere", "enterprise-vault.sig", 5_000, now);

        assertThat(stripe.post(StripeEventJson.event("evt_au", "charge.succeeded", now,
                withBilling(au.toJson(), "AU", null))).statusCode()).isEqualTo(200);
        ObjectNode intent = StripeEventJson.paymentIntent(on, true);
        withBilling((ObjectNode) intent.get("latest_charge"), "CA", "ON");
        assertThat(stripe.post(StripeEventJson.event("evt_on", "payment_intent.succeeded", now, intent))
                .statusCode()).isEqualTo(200);
        assertThat(stripe.post(WebhookClient.chargeSucceeded("evt_fr", fr, now)).statusCode()).isEqualTo(200);
        assertThat(stripe.post(WebhookClient.chargeSucceeded("evt_nowhere", nowhere, now)).statusCode())
                .isEqualTo(200);
        ingestion.processor().drain(batch -> { });

        List<String> recorded = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT source_id || ' ' || jurisdiction || ' ' || location_source || ' ' || treatment || ' '
                            || tax_minor FROM payment_tax ORDER BY source_id""").mapTo(String.class).list());
        assertThat(recorded).containsExactly(
                "pi_au AU billing_address taxed 1000",
                "pi_fr FR metadata taxed 2000",
                "pi_nowhere unknown unknown unknown_location 0",
                "pi_on CA-ON billing_address taxed 1300");
    }

    private static ObjectNode withBilling(ObjectNode charge, String country, String state) {
        ObjectNode address = charge.putObject("billing_details").putObject("address");
        address.put("country", country);
        if (state == null) {
            address.putNull("state");
        } else {
            address.put("state", state);
        }
        return charge;
    }
}
