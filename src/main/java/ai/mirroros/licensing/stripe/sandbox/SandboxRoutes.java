package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.NotFoundResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The route table: Stripe's {@code /v1} endpoints the project uses, and the sandbox's own control API under
 * {@code /_sandbox}. Each handler parses its parameters (refusing unknown ones, as Stripe does) and calls the
 * feature that owns the rule.
 */
final class SandboxRoutes {
    private static final ObjectMapper EVENT_READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Gateway gateway;
    private final StripeSandbox sandbox;

    SandboxRoutes(Gateway gateway, StripeSandbox sandbox) {
        this.gateway = gateway;
        this.sandbox = sandbox;
    }

    void register(RoutesConfig routes) {
        registerPayments(routes, sandbox.payments(), sandbox.connect());
        PaymentIntents.register(routes, gateway, sandbox.payments());
        registerConnect(routes, sandbox.connect());
        registerSubscriptions(routes, sandbox.subscriptions());
        registerControl(routes);
        registerInspection(routes);
        routes.exception(NotFoundResponse.class, (e, ctx) -> gateway.serve(ctx, call -> {
            throw new StripeApiError(404, StripeApiError.INVALID_REQUEST, null, "Unrecognized request URL ("
                    + ctx.method().name() + ": " + ctx.path() + ").", null, false);
        }, !ctx.path().startsWith("/_sandbox/")));
    }

    private void registerPayments(RoutesConfig routes, Payments payments, Connect connect) {
        routes.get("/v1/balance", gateway.api(call -> {
            call.params().allowOnly("expand");
            connect.requireScope(call.stripeAccount());
            return connect.balance(call.stripeAccount());
        }));
        routes.get("/v1/balance_transactions", gateway.api(call -> {
            Params params = call.params().allowOnly("limit", "starting_after", "ending_before", "created", "type",
                    "source", "currency", "expand");
            Expand.of(params);
            connect.requireScope(call.stripeAccount());
            return connect.listBalanceTransactions(call.stripeAccount(), params);
        }));
        routes.get("/v1/balance_transactions/{id}", gateway.api(call -> {
            Expand.of(call.params().allowOnly("expand"));
            connect.requireScope(call.stripeAccount());
            return connect.balanceTransaction(call.stripeAccount(), call.path("id"));
        }));
        routes.get("/v1/charges/{id}", gateway.api(call -> payments.charge(call.path("id"),
                Expand.of(call.params().allowOnly("expand"), "balance_transaction"))));
        routes.get("/v1/payment_intents/{id}", gateway.api(call -> payments.paymentIntent(call.path("id"),
                Expand.of(call.params().allowOnly("expand", "client_secret"), "latest_charge",
                        "latest_charge.balance_transaction"))));
        routes.get("/v1/invoices/{id}", gateway.api(call -> {
            call.params().allowOnly("expand");
            return payments.invoice(call.path("id"));
        }));
        routes.post("/v1/refunds", gateway.api(call -> {
            Params params = call.params().allowOnly("charge", "payment_intent", "amount", "metadata", "reason",
                    "expand");
            Expand.of(params);
            return payments.refund(params.string("charge"), params.string("payment_intent"),
                    params.amount("amount"), params.metadata());
        }));
        routes.get("/v1/refunds/{id}", gateway.api(call -> payments.refund(call.path("id"),
                Expand.of(call.params().allowOnly("expand"), "balance_transaction"))));
        routes.get("/v1/disputes/{id}", gateway.api(call -> {
            call.params().allowOnly("expand");
            return payments.dispute(call.path("id"));
        }));
        routes.get("/v1/events/{id}", gateway.api(call -> {
            call.params().allowOnly("expand");
            return eventJson(sandbox.state().event(call.path("id"))
                    .orElseThrow(() -> StripeApiError.notFound("event", call.path("id"))));
        }));
        routes.get("/v1/events", gateway.api(call -> {
            Params params = call.params().allowOnly("limit", "starting_after", "ending_before", "type", "expand");
            Optional<String> type = params.string("type");
            List<SandboxEvent> newestFirst = sandbox.state().events().reversed().stream()
                    .filter(event -> type.isEmpty() || type.get().equals(event.type())).toList();
            return SandboxJson.page(newestFirst, SandboxEvent::id, params, "/v1/events", SandboxRoutes::eventJson);
        }));
    }

    private void registerConnect(RoutesConfig routes, Connect connect) {
        routes.post("/v1/accounts", gateway.api(call -> {
            Params params = call.params().allowOnly("type", "country", "email", "business_type", "metadata",
                    "capabilities", "expand");
            return connect.createAccount(params.requiredString("type"), params.string("country").orElse("US"),
                    params.string("email"), params.string("business_type"), params.metadata(), requestedCapabilities(params).entrySet().stream()
                            .filter(Map.Entry::getValue).map(Map.Entry::getKey)
                            .collect(Collectors.toSet()));
        }));
        routes.get("/v1/accounts/{id}", gateway.api(call -> {
            call.params().allowOnly("expand");
            return connect.retrieveAccount(call.path("id"));
        }));
        routes.post("/v1/accounts/{id}", gateway.api(call -> {
            Params params = call.params().allowOnly("email", "metadata", "capabilities", "expand");
            return connect.updateAccount(call.path("id"), params.string("email"), params.metadata(),
                    requestedCapabilities(params));
        }));
        routes.post("/v1/account_links", gateway.api(call -> {
            Params params = call.params().allowOnly("account", "type", "refresh_url", "return_url", "collect",
                    "collection_options", "expand");
            Expand.of(params);
            return sandbox.accountLinks().create(params.requiredString("account"), params.requiredString("type"),
                    params.string("refresh_url"), params.string("return_url"), call.origin());
        }));
        routes.post("/v1/transfers", gateway.api(call -> {
            Params params = call.params().allowOnly("amount", "currency", "destination", "transfer_group",
                    "description", "metadata", "expand");
            Expand expand = Expand.of(params, "balance_transaction");
            long amount = params.requiredAmount("amount");
            String currency = sandbox.state().rates.require(params.requiredString("currency"), "currency");
            return connect.createTransfer(amount, currency, params.requiredString("destination"),
                    params.string("transfer_group"), params.string("description"), params.metadata(), expand);
        }));
        routes.get("/v1/transfers", gateway.api(call -> {
            Params params = call.params().allowOnly("limit", "starting_after", "ending_before", "created",
                    "transfer_group", "destination", "expand");
            return connect.listTransfers(params, params.string("transfer_group"), params.string("destination"),
                    Expand.of(params, "data.balance_transaction").items());
        }));
        routes.get("/v1/transfers/{id}", gateway.api(call -> connect.retrieveTransfer(call.path("id"),
                Expand.of(call.params().allowOnly("expand"), "balance_transaction"))));
        routes.post("/v1/transfers/{id}/reversals", gateway.api(call -> {
            Params params = call.params().allowOnly("amount", "metadata", "description", "refund_application_fee",
                    "expand");
            return connect.reverse(call.path("id"), params.amount("amount"), params.metadata(),
                    Expand.of(params, "balance_transaction"));
        }));
        routes.post("/v1/payouts", gateway.api(call -> {
            Params params = call.params().allowOnly("amount", "currency", "description", "metadata", "method",
                    "statement_descriptor", "expand");
            if (params.string("method").filter(method -> !method.equals("standard")).isPresent()) {
                throw StripeApiError.invalidParam("method", "parameter_invalid",
                        "The sandbox supports standard payouts only.");
            }
            connect.requireScope(call.stripeAccount());
            return connect.createPayout(call.stripeAccount(), params.requiredAmount("amount"),
                    params.string("currency"), params.string("description"), params.metadata(),
                    Expand.of(params, "balance_transaction"));
        }));
        routes.get("/v1/payouts/{id}", gateway.api(call -> {
            connect.requireScope(call.stripeAccount());
            return connect.retrievePayout(call.stripeAccount(), call.path("id"),
                    Expand.of(call.params().allowOnly("expand"), "balance_transaction"));
        }));
    }

    /** Stripe Billing as the hosted platforms use it, and the control endpoint that moves billing on. */
    private void registerSubscriptions(RoutesConfig routes, Subscriptions subscriptions) {
        routes.post("/v1/customers", gateway.api(call -> {
            Params params = call.params().allowOnly("email", "name", "description", "metadata", "expand");
            Expand.of(params);
            return subscriptions.createCustomer(params.string("email"), params.string("name"),
                    withoutEmpty(params.metadata()));
        }));
        routes.get("/v1/customers/{id}", gateway.api(call -> {
            Expand.of(call.params().allowOnly("expand"));
            return subscriptions.customer(call.path("id"));
        }));
        routes.post("/v1/products", gateway.api(call -> {
            Params params = call.params().allowOnly("name", "description", "metadata", "expand");
            Expand.of(params);
            return subscriptions.createProduct(params.requiredString("name"), withoutEmpty(params.metadata()));
        }));
        routes.get("/v1/products/{id}", gateway.api(call -> {
            Expand.of(call.params().allowOnly("expand"));
            return subscriptions.product(call.path("id"));
        }));
        routes.post("/v1/prices", gateway.api(call -> {
            Params params = call.params().allowOnly("product", "unit_amount", "currency", "recurring", "nickname",
                    "metadata", "expand");
            Expand.of(params);
            Params recurring = params.child("recurring").allowOnly("interval", "interval_count");
            if (!params.has("recurring")) {
                throw StripeApiError.missingParam("recurring[interval]");
            }
            return subscriptions.createPrice(params.requiredString("product"), params.requiredAmount("unit_amount"),
                    params.requiredString("currency"), recurring.requiredString("interval"),
                    recurring.amount("interval_count").orElse(1), withoutEmpty(params.metadata()));
        }));
        routes.get("/v1/prices/{id}", gateway.api(call -> {
            Expand.of(call.params().allowOnly("expand"));
            return subscriptions.price(call.path("id"));
        }));
        routes.post("/v1/subscriptions", gateway.api(call -> {
            Params params = call.params().allowOnly("customer", "items", "metadata", "collection_method", "expand");
            Expand.of(params);
            if (params.string("collection_method").filter(m -> !m.equals("charge_automatically")).isPresent()) {
                throw StripeApiError.invalidParam("collection_method", "parameter_invalid",
                        "The sandbox collects automatically only (collection_method=charge_automatically).");
            }
            List<Params> items = params.children("items");
            if (items.size() != 1) {
                throw StripeApiError.invalidParam("items", "parameter_invalid",
                        "The sandbox's subscriptions have exactly one item: items[0][price]=price_….");
            }
            Params item = items.getFirst().allowOnly("price", "quantity");
            if (item.amount("quantity").orElse(1) != 1) {
                throw StripeApiError.invalidParam("items[0][quantity]", "parameter_invalid",
                        "The sandbox bills a quantity of 1.");
            }
            return subscriptions.createSubscription(params.requiredString("customer"), item.requiredString("price"),
                    withoutEmpty(params.metadata()));
        }));
        routes.get("/v1/subscriptions", gateway.api(call -> {
            Params params = call.params().allowOnly("customer", "price", "status", "limit", "starting_after",
                    "ending_before", "expand");
            Expand.of(params);
            return subscriptions.listSubscriptions(params, params.string("customer"), params.string("price"),
                    params.string("status").orElse(Subscriptions.ACTIVE));
        }));
        routes.get("/v1/subscriptions/{id}", gateway.api(call -> {
            Expand.of(call.params().allowOnly("expand"));
            return subscriptions.subscription(call.path("id"));
        }));
        routes.delete("/v1/subscriptions/{id}", gateway.api(call -> {
            Expand.of(call.params().allowOnly("expand"));
            return subscriptions.cancel(call.path("id"));
        }));
        routes.post("/_sandbox/subscriptions/renew", gateway.control(call -> {
            call.params().allowOnly();
            Payments payments = sandbox.payments();
            return SandboxJson.list(subscriptions.renew().stream().map(payments::createdJson).toList(), false,
                    "/_sandbox/subscriptions/renew");
        }));
    }

    private void registerControl(RoutesConfig routes) {
        Payments payments = sandbox.payments();
        Connect connect = sandbox.connect();
        routes.post("/_sandbox/payments", gateway.control(call -> {
            Params params = call.params().allowOnly("amountMinor", "currency", "metadata", "invoice", "pending");
            SandboxPayment payment = new SandboxPayment(params.requiredAmount("amountMinor"),
                    params.requiredString("currency"), withoutEmpty(params.metadata()),
                    params.bool("invoice").orElse(false), params.bool("pending").orElse(false));
            return payments.createdJson(payments.create(payment));
        }));
        routes.post("/_sandbox/refunds", gateway.control(call -> {
            Params params = call.params().allowOnly("charge", "amountMinor");
            return payments.refund(Optional.of(params.requiredString("charge")), Optional.empty(),
                    params.amount("amountMinor"), Map.of());
        }));
        routes.post("/_sandbox/disputes", gateway.control(call -> {
            Params params = call.params().allowOnly("charge", "amountMinor");
            return payments.openDispute(params.requiredString("charge"), params.amount("amountMinor"));
        }));
        routes.post("/_sandbox/disputes/{id}/close", gateway.control(call -> payments.closeDispute(call.path("id"),
                call.params().allowOnly("status").requiredString("status"))));
        routes.post("/_sandbox/accounts/{id}/requirements", gateway.control(call -> {
            Params params = call.params().allowOnly("currently_due", "payouts_enabled");
            return connect.setRequirements(call.path("id"), params.strings("currently_due"),
                    params.bool("payouts_enabled"));
        }));
        routes.post("/_sandbox/accounts/{id}/close", gateway.control(call -> {
            call.params().allowOnly();
            return connect.closeAccount(call.path("id"));
        }));
        routes.post("/_sandbox/accounts/{id}/failed_payouts", gateway.control(call -> {
            Params params = call.params().allowOnly("amountMinor", "currency", "failure_code");
            return connect.failBankPayout(call.path("id"), params.requiredAmount("amountMinor"),
                    params.requiredString("currency"), params.string("failure_code")
                            .orElse(PayoutFailures.DEFAULT_CODE));
        }));
        routes.get("/_sandbox/onboarding/{id}", ctx -> OnboardingPage.serve(ctx, sandbox.accountLinks()));
        routes.post("/_sandbox/payouts/{id}/settle", gateway.control(call -> {
            Params params = call.params().allowOnly("status", "failure_code");
            return connect.settlePayout(call.path("id"), params.requiredString("status"),
                    params.string("failure_code"));
        }));
        routes.post("/_sandbox/balance/release", gateway.control(call -> {
            Params params = call.params().allowOnly("account");
            Optional<String> account = params.string("account");
            connect.requireScope(account);
            sandbox.state().releasePending(account.orElse(Balances.PLATFORM));
            return connect.balance(account);
        }));
    }

    /** What happened and what will go wrong: events, the request and delivery logs, faults. */
    private void registerInspection(RoutesConfig routes) {
        routes.get("/_sandbox/events", gateway.control(call -> {
            call.params().allowOnly();
            return SandboxJson.list(sandbox.state().events().stream().map(SandboxRoutes::eventJson).toList(),
                    false, "/_sandbox/events");
        }));
        // One event per line, byte for byte as delivered: what `licensing events import` reads.
        routes.get("/_sandbox/events.jsonl", ctx -> {
            StringBuilder lines = new StringBuilder();
            sandbox.state().events().forEach(event -> lines.append(event.json()).append('\n'));
            ctx.contentType("application/x-ndjson").result(lines.toString());
        });
        routes.get("/_sandbox/requests", gateway.control(call -> {
            call.params().allowOnly();
            ArrayNode data = SandboxJson.NODES.arrayNode();
            sandbox.requests().forEach(r -> data.add(EVENT_READER.valueToTree(requestView(r))));
            ObjectNode node = SandboxJson.NODES.objectNode();
            node.set("data", data);
            return node;
        }));
        routes.get("/_sandbox/deliveries", gateway.control(call -> {
            call.params().allowOnly();
            ArrayNode data = SandboxJson.NODES.arrayNode();
            sandbox.deliveries().forEach(d -> data.add(EVENT_READER.valueToTree(deliveryView(d))));
            ObjectNode node = SandboxJson.NODES.objectNode();
            node.set("data", data);
            return node;
        }));
        routes.get("/_sandbox/faults", gateway.control(call -> faultsJson()));
        routes.post("/_sandbox/faults", gateway.control(call -> {
            sandbox.faults().add(faultFrom(call.params()));
            return faultsJson();
        }));
        routes.delete("/_sandbox/faults", gateway.control(call -> {
            sandbox.faults().clear();
            return faultsJson();
        }));
    }

    private static Map<String, Boolean> requestedCapabilities(Params params) {
        Params capabilities = params.child("capabilities");
        Map<String, Boolean> requested = new LinkedHashMap<>();
        for (String name : capabilities.names()) {
            requested.put(name, capabilities.child(name).allowOnly("requested").bool("requested").orElse(false));
        }
        return requested;
    }

    /** The effect fields of a fault in the control API; a fault has exactly one. */
    private static final List<String> FAULT_EFFECTS = List.of("status", "delayMs", "slowMs", "failAfterCommit",
            "reset");

    /**
     * {@code {"method": "POST", "pathPrefix": "/v1/transfers", "times": 1}} plus one of {@code "status": 503}
     * (optionally {@code type}, {@code code}, {@code message}, {@code retryAfterSeconds}), {@code "delayMs": 3000},
     * {@code "slowMs": 3000}, {@code "failAfterCommit": true} or {@code "reset": "before_endpoint"} /
     * {@code "after_commit"}.
     */
    private static Fault faultFrom(Params params) {
        params.allowOnly("method", "pathPrefix", "times", "status", "type", "code", "message", "retryAfterSeconds",
                "delayMs", "slowMs", "failAfterCommit", "reset");
        String method = params.string("method").orElse(Fault.ANY_METHOD);
        String prefix = params.requiredString("pathPrefix");
        int times = (int) params.amount("times").orElse(1);
        if (FAULT_EFFECTS.stream().filter(params::has).count() != 1) {
            throw StripeApiError.invalidParam("status", "parameter_invalid",
                    "A fault has exactly one of " + String.join(", ", FAULT_EFFECTS) + ".");
        }
        if (params.has("retryAfterSeconds") && !params.has("status")) {
            throw StripeApiError.invalidParam("retryAfterSeconds", "parameter_invalid",
                    "retryAfterSeconds goes with status (e.g. 429 or 503).");
        }
        try {
            if (params.has("delayMs")) {
                return Fault.delay(method, prefix, times, Duration.ofMillis(params.requiredAmount("delayMs")));
            }
            if (params.has("slowMs")) {
                return Fault.slowEndpoint(method, prefix, times, Duration.ofMillis(params.requiredAmount("slowMs")));
            }
            if (params.has("failAfterCommit")) {
                return Fault.failAfterCommit(method, prefix, times);
            }
            if (params.has("reset")) {
                return switch (params.requiredString("reset")) {
                    case "before_endpoint" -> Fault.resetBeforeEndpoint(method, prefix, times);
                    case "after_commit" -> Fault.resetAfterCommit(method, prefix, times);
                    default -> throw StripeApiError.invalidParam("reset", "parameter_invalid",
                            "reset must be before_endpoint or after_commit.");
                };
            }
            int status = (int) params.requiredAmount("status");
            Fault.Respond like = Fault.Respond.stripeLike(status);
            Fault.Respond respond = new Fault.Respond(status, params.string("type").orElse(like.type()),
                    params.string("code").or(like::code), params.string("message").orElse(like.message()));
            if (params.has("retryAfterSeconds")) {
                respond = respond.withRetryAfter(Duration.ofSeconds(params.requiredAmount("retryAfterSeconds")));
            }
            return new Fault(method, prefix, times, respond);
        } catch (IllegalArgumentException e) {
            throw StripeApiError.invalidParam(null, "parameter_invalid", e.getMessage());
        }
    }

    private ObjectNode faultsJson() {
        ArrayNode data = SandboxJson.NODES.arrayNode();
        for (Fault fault : sandbox.faults().active()) {
            ObjectNode node = data.addObject();
            node.put("method", fault.method());
            node.put("pathPrefix", fault.pathPrefix());
            node.put("times", fault.times());
            node.put("effect", fault.effect().describe());
        }
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.set("data", data);
        return node;
    }

    private static ObjectNode eventJson(SandboxEvent event) {
        try {
            return (ObjectNode) EVENT_READER.readTree(event.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("events are written as JSON", e);
        }
    }

    private static Map<String, Object> requestView(RecordedRequest r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", r.at().toString());
        view.put("method", r.method());
        view.put("path", r.path());
        view.put("idempotency_key", r.idempotencyKey().orElse(null));
        view.put("stripe_account", r.stripeAccount().orElse(null));
        view.put("status", r.status());
        view.put("replayed", r.replayed());
        view.put("fault", r.fault().orElse(null));
        return view;
    }

    private static Map<String, Object> deliveryView(WebhookDelivery d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event", d.eventId());
        view.put("type", d.eventType());
        view.put("attempt", d.attempt());
        view.put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
        view.put("status", d.status().orElse(null));
        view.put("error", d.error().orElse(null));
        view.put("at", d.at().toString());
        return view;
    }

    private static Map<String, String> withoutEmpty(Map<String, String> metadata) {
        Map<String, String> kept = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!value.isEmpty()) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
