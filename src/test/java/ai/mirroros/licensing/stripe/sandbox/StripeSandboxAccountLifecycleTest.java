package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.testing.ManualClock;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.fund;
import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.onboardedAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.model.Event;
import com.stripe.model.Payout;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.PayoutCreateParams;
import com.stripe.param.TransferCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connected account's life as the payout engine meets it: onboarding by link, closing, a bank refusing a payout. */
class StripeSandboxAccountLifecycleTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REFRESH = "https://platform.example/connect/refresh";
    private static final String RETURN = "https://platform.example/connect/return";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private StripeSandbox sandbox;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withClock(clock));
        stripe = client(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private AccountLink onboardingLink(String account) throws StripeException {
        return stripe.v1().accountLinks().create(AccountLinkCreateParams.builder().setAccount(account)
                .setRefreshUrl(REFRESH).setReturnUrl(RETURN)
                .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING).build());
    }

    private static HttpResponse<String> visit(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static TransferCreateParams transfer(long amountMinor, String destination) {
        return TransferCreateParams.builder().setAmount(amountMinor).setCurrency("usd").setDestination(destination)
                .setTransferGroup("payout-1").build();
    }

    @Test
    void anAccountLinkPointsAtTheSandboxAndVisitingItCompletesOnboarding() throws Exception {
        String account = sandbox.createExpressAccount("US", Map.of("vault_id", "v1"));

        AccountLink link = onboardingLink(account);

        assertThat(link.getObject()).isEqualTo("account_link");
        assertThat(link.getUrl()).startsWith(sandbox.baseUrl() + "/_sandbox/onboarding/" + account + "?link=alu_");
        assertThat(link.getCreated()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(link.getExpiresAt() - link.getCreated()).isEqualTo(300);
        assertThat(stripe.v1().accounts().retrieve(account).getPayoutsEnabled()).isFalse();

        HttpResponse<String> page = visit(link.getUrl());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.body()).contains("Onboarding complete", account, "href=\"" + RETURN + "\"");
        Account onboarded = stripe.v1().accounts().retrieve(account);
        assertThat(onboarded.getRequirements().getCurrentlyDue()).isEmpty();
        assertThat(onboarded.getPayoutsEnabled()).isTrue();
        assertThat(onboarded.getCapabilities().getTransfers()).isEqualTo("active");
        assertThat(sandbox.events().getLast().type()).isEqualTo("account.updated");
        assertThat(sandbox.events().getLast().account()).contains(account);
    }

    @Test
    void aUsedOrExpiredLinkSendsTheVisitorToTheRefreshUrl() throws Exception {
        String account = sandbox.createExpressAccount("US", Map.of());
        AccountLink used = onboardingLink(account);
        visit(used.getUrl());
        AccountLink expired = onboardingLink(account);
        clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> again = visit(used.getUrl());
        HttpResponse<String> late = visit(expired.getUrl());
        HttpResponse<String> forged = visit(sandbox.baseUrl() + "/_sandbox/onboarding/" + account + "?link=alu_x");

        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location")).contains(REFRESH);
        assertThat(late.statusCode()).isEqualTo(302);
        assertThat(forged.statusCode()).isEqualTo(410);
        assertThat(forged.body()).contains("Link expired");
        assertThat(visit(sandbox.baseUrl() + "/_sandbox/onboarding/acct_nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void anAccountLinkNeedsAnExistingAccountAndAKnownType() {
        assertThatThrownBy(() -> onboardingLink("acct_nobody"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("account");
                    assertThat(e.getMessage()).contains("No such account: 'acct_nobody'");
                });
        String account = sandbox.createExpressAccount("US", Map.of());
        assertThatThrownBy(() -> stripe.v1().accountLinks().create(AccountLinkCreateParams.builder()
                .setAccount(account).setReturnUrl("not a url")
                .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("return_url"));
        assertThatThrownBy(() -> stripe.v1().accountLinks().create(AccountLinkCreateParams.builder()
                .setAccount(account).setType(AccountLinkCreateParams.Type.ACCOUNT_UPDATE).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getMessage()).contains("account_update links are only for"));
    }

    @Test
    void aClosedAccountCanNoLongerReceiveTransfersOrPayOut() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        stripe.v1().transfers().create(transfer(1_000, partner));

        sandbox.closeAccount(partner);

        assertThatThrownBy(() -> stripe.v1().transfers().create(transfer(1_000, partner)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("insufficient_capabilities_for_transfer");
                    assertThat(e.getParam()).isEqualTo("destination");
                });
        Account closed = stripe.v1().accounts().retrieve(partner);
        assertThat(closed.getRequirements().getDisabledReason()).isEqualTo("rejected.other");
        assertThat(closed.getPayoutsEnabled()).isFalse();
        assertThat(closed.getChargesEnabled()).isFalse();
        assertThat(closed.getCapabilities().getTransfers()).isEqualTo("inactive");
        assertThat(sandbox.events().getLast().type()).isEqualTo("account.updated");
        assertThat(sandbox.events().getLast().account()).contains(partner);
        assertThatThrownBy(() -> stripe.v1().payouts().create(PayoutCreateParams.builder().setAmount(500L).build(),
                RequestOptions.builder().setStripeAccount(partner).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payouts_not_allowed"));
        // The money already there stays; the platform may still take a transfer back.
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(1_000);
        assertThatThrownBy(() -> sandbox.completeOnboarding(partner)).isInstanceOf(StripeApiError.class);
    }

    @Test
    void aTransferToAnAccountThatDoesNotExistIsNoSuchDestination() {
        fund(sandbox, 10_000);

        assertThatThrownBy(() -> stripe.v1().transfers().create(transfer(1_000, "acct_1NoSuchThing")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("destination");
                    assertThat(e.getMessage()).startsWith("No such destination: 'acct_1NoSuchThing'");
                });
    }

    @Test
    void accountsAreClosedOverHttpToo() throws Exception {
        String partner = onboardedAccount(sandbox);

        HttpResponse<String> closed = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                        + "/_sandbox/accounts/" + partner + "/close")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.body()).contains("\"disabled_reason\":\"rejected.other\"", "\"payouts_enabled\":false");
    }

    @Test
    void aBankRefusingAPayoutIsAConnectEventWithTheFailedPayout() throws StripeException {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);
        stripe.v1().transfers().create(transfer(4_000, partner));

        String payoutId = sandbox.failBankPayout(partner, 3_000, "usd", "no_account");

        List<SandboxEvent> events = sandbox.events();
        assertThat(events).extracting(SandboxEvent::type).endsWith("payout.created", "payout.failed");
        Event failed = ApiResource.GSON.fromJson(events.getLast().json(), Event.class);
        assertThat(failed.getAccount()).isEqualTo(partner);
        Payout payout = (Payout) failed.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(payout.getId()).isEqualTo(payoutId);
        assertThat(payout.getStatus()).isEqualTo("failed");
        assertThat(payout.getFailureCode()).isEqualTo("no_account");
        assertThat(payout.getFailureMessage()).contains("No bank account could be found");
        assertThat(payout.getAmount()).isEqualTo(3_000);
        assertThat(payout.getCurrency()).isEqualTo("usd");
        assertThat(payout.getAutomatic()).isTrue();
        assertThat(payout.getFailureBalanceTransaction()).startsWith("txn_");
        assertThat(sandbox.balance(partner).available("usd")).isEqualTo(4_000);
        assertThat(stripe.v1().payouts().retrieve(payoutId, RequestOptions.builder().setStripeAccount(partner)
                .build()).getStatus()).isEqualTo("failed");
    }

    @Test
    void aFailedBankPayoutNeedsTheMoneyAndOneOfStripesFailureCodes() throws Exception {
        fund(sandbox, 10_000);
        String partner = onboardedAccount(sandbox);

        assertThatThrownBy(() -> sandbox.failBankPayout(partner, 1, "usd", "account_closed"))
                .isInstanceOfSatisfying(StripeApiError.class,
                        e -> assertThat(e.code()).contains("balance_insufficient"));
        stripe.v1().transfers().create(transfer(2_000, partner));
        HttpResponse<String> badCode = failOverHttp(partner, "{\"amountMinor\": 500, \"currency\": \"usd\", "
                + "\"failure_code\": \"bank_on_fire\"}");
        HttpResponse<String> defaulted = failOverHttp(partner, "{\"amountMinor\": 500, \"currency\": \"usd\"}");

        assertThat(badCode.statusCode()).isEqualTo(400);
        assertThat(badCode.body()).contains("Unknown payout failure_code 'bank_on_fire'");
        assertThat(defaulted.statusCode()).isEqualTo(200);
        assertThat(defaulted.body()).contains("\"failure_code\":\"account_closed\"", "\"status\":\"failed\"");
    }

    private HttpResponse<String> failOverHttp(String account, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/accounts/" + account
                        + "/failed_payouts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
