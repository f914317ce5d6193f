package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** {@link TransferGateway} through stripe-java. Retries are the payout engine's (persisted), never stripe-java's. */
public final class StripeTransferGateway implements TransferGateway {
    /**
     * Error codes after which a transfer to this destination will not work by retrying: the account is gone, cannot
     * receive transfers, or the request itself is wrong.
     */
    static final Set<String> DESTINATION_UNUSABLE = Set.of("account_closed", "account_invalid", "resource_missing",
            "insufficient_capabilities_for_transfer", "transfers_not_allowed", "no_such_destination");
    /** Stripe's codes for a platform balance too small for the transfer. */
    static final Set<String> INSUFFICIENT_FUNDS = Set.of("balance_insufficient", "insufficient_funds");

    private final StripeClient client;
    private final RetryAfterRecorder recorder;

    StripeTransferGateway(StripeClient client, RetryAfterRecorder recorder) {
        this.client = client;
        this.recorder = recorder;
    }

    /**
     * A gateway for {@code apiBase} (Stripe's when blank): no stripe-java retries, because every attempt must be
     * recorded and spaced by the engine's own backoff; a read timeout short enough for a run to move on.
     */
    public static StripeTransferGateway connect(String apiKey, String apiBase, Duration readTimeout) {
        RetryAfterRecorder recorder = new RetryAfterRecorder();
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(Objects.requireNonNull(apiKey, "apiKey"))
                .setConnectTimeout(5_000)
                .setReadTimeout(Math.toIntExact(readTimeout.toMillis()))
                .setMaxNetworkRetries(0)
                .setHttpClient(recorder);
        if (apiBase != null && !apiBase.isBlank()) {
            builder.setApiBase(apiBase);
        }
        return new StripeTransferGateway(builder.build(), recorder);
    }

    @Override
    public Attempt transfer(Payout payout) {
        TransferCreateParams params = TransferCreateParams.builder()
                .setAmount(payout.amount().amountMinor())
                .setCurrency(payout.amount().currency().code().toLowerCase(Locale.ROOT))
                .setDestination(payout.stripeAccount())
                .setTransferGroup(payout.payoutId())
                .setDescription("MirrorOS Licensing payout " + payout.payoutId())
                .putMetadata("payout_id", payout.payoutId())
                .putMetadata("payee_id", payout.payeeId())
                .putMetadata("due_date", payout.dueDate().toString())
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(payout.idempotencyKey()).build();
        recorder.clear();
        try {
            return new Attempt.Made(found(client.v1().transfers().create(params, options)));
        } catch (StripeException e) {
            return classify(e, recorder.lastRetryAfter());
        }
    }

    static Attempt classify(StripeException e, Optional<Duration> retryAfter) {
        String code = Optional.ofNullable(e.getCode()).orElse("");
        String reason = describe(e);
        if (e instanceof ApiConnectionException || e instanceof RateLimitException || e instanceof ApiException
                || e instanceof IdempotencyException || e instanceof AuthenticationException) {
            // IdempotencyException: the twin of this request is still in flight (409 idempotency_key_in_use); or a
            // key reused with other parameters, which the lookup by transfer group sorts out before giving up.
            // AuthenticationException: the platform's key is wrong; no payee's fault, so nothing is failed for it.
            return new Attempt.Transient(reason, retryAfter);
        }
        if (INSUFFICIENT_FUNDS.contains(code)) {
            return new Attempt.InsufficientFunds(reason);
        }
        Integer status = e.getStatusCode();
        if (status != null && (status == 409 || status >= 500)) {
            return new Attempt.Transient(reason, retryAfter);
        }
        if (DESTINATION_UNUSABLE.contains(code)) {
            return new Attempt.Refused(code, reason, true);
        }
        if (status != null && status >= 400 && status < 500) {
            return new Attempt.Refused(code.isEmpty() ? "http_" + status : code, reason, false);
        }
        return new Attempt.Transient(reason, retryAfter);
    }

    @Override
    public List<FoundTransfer> findByGroup(String payoutId) throws Unavailable {
        try {
            List<FoundTransfer> found = new ArrayList<>();
            for (Transfer transfer : client.v1().transfers().list(TransferListParams.builder()
                    .setTransferGroup(payoutId).setLimit(100L).build()).autoPagingIterable()) {
                found.add(found(transfer));
            }
            return found;
        } catch (StripeException | RuntimeException e) {
            throw new Unavailable("could not list transfers of group " + payoutId + ": " + e.getMessage(), e);
        }
    }

    private static FoundTransfer found(Transfer transfer) {
        CurrencyUnit currency = CurrencyUnit.of(transfer.getCurrency().toUpperCase(Locale.ROOT));
        long reversed = transfer.getAmountReversed() == null ? 0 : transfer.getAmountReversed();
        return new FoundTransfer(transfer.getId(), Money.ofMinor(transfer.getAmount(), currency),
                transfer.getDestination(), Money.ofMinor(reversed, currency));
    }

    static String describe(StripeException e) {
        StringBuilder text = new StringBuilder();
        if (e.getStatusCode() != null && e.getStatusCode() > 0) {
            text.append("HTTP ").append(e.getStatusCode()).append(' ');
        }
        if (e.getCode() != null) {
            text.append(e.getCode()).append(": ");
        }
        text.append(Optional.ofNullable(e.getStripeError()).map(err -> err.getMessage()).orElse(e.getMessage()));
        return text.toString();
    }

    /**
     * stripe-java does not expose response headers on its exceptions; this client remembers the last Retry-After
     * seen by the calling thread (requests are synchronous, so the thread that asked is the thread that reads it).
     */
    static final class RetryAfterRecorder extends HttpURLConnectionClient {
        private final ThreadLocal<Duration> last = new ThreadLocal<>();

        @Override
        public StripeResponse request(StripeRequest request) throws ApiConnectionException {
            StripeResponse response = super.request(request);
            response.headers().firstValue("Retry-After").flatMap(RetryAfterRecorder::seconds).ifPresent(last::set);
            return response;
        }

        void clear() {
            last.remove();
        }

        Optional<Duration> lastRetryAfter() {
            return Optional.ofNullable(last.get());
        }

        private static Optional<Duration> seconds(String value) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: rare from Stripe; the engine's own backoff applies
            }
        }
    }
}
