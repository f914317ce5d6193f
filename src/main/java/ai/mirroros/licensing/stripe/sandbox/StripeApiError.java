package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * An error the sandbox answers the way Stripe does: an HTTP status and {@code {"error": {type, code, message,
 * param}}}. {@code saved} says whether an idempotency key remembers it: Stripe saves the result of every request
 * whose endpoint began executing (a refused transfer stays refused under its key), but not parameter validation
 * failures, which never reached the endpoint.
 *
 * <p>The sandbox's Java API ({@link StripeSandbox#refund} and friends) throws it too, so a test can assert the
 * code Stripe would have answered.
 */
public final class StripeApiError extends RuntimeException {
    static final String INVALID_REQUEST = "invalid_request_error";
    static final String API_ERROR = "api_error";
    static final String IDEMPOTENCY_ERROR = "idempotency_error";
    static final String CARD_ERROR = "card_error";

    private final int status;
    private final String type;
    private final Optional<String> code;
    private final Optional<String> param;
    private final boolean saved;

    StripeApiError(int status, String type, String code, String message, String param, boolean saved) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.type = Objects.requireNonNull(type, "type");
        this.code = Optional.ofNullable(code);
        this.param = Optional.ofNullable(param);
        this.saved = saved;
    }

    /** A parameter is missing or malformed; the endpoint never ran. */
    static StripeApiError invalidParam(String param, String code, String message) {
        return new StripeApiError(400, INVALID_REQUEST, code, message, param, false);
    }

    static StripeApiError missingParam(String param) {
        return invalidParam(param, "parameter_missing", "Missing required param: " + param + ".");
    }

    /** A parameter names an object that does not exist (400, as Stripe answers for ids in a request body). */
    static StripeApiError noSuchParamObject(String param, String noun, String id) {
        return invalidParam(param, "resource_missing", "No such " + noun + ": '" + id + "'");
    }

    /** The object in the URL does not exist. */
    static StripeApiError notFound(String noun, String id) {
        return new StripeApiError(404, INVALID_REQUEST, "resource_missing", "No such " + noun + ": '" + id + "'",
                "id", false);
    }

    /** The endpoint ran and refused on the state it found (e.g. {@code balance_insufficient}); keys remember it. */
    static StripeApiError refused(String code, String param, String message) {
        return new StripeApiError(400, INVALID_REQUEST, code, message, param, true);
    }

    /** The HTTP status Stripe answers with. */
    public int status() {
        return status;
    }

    /** Stripe's error type: {@code invalid_request_error}, {@code api_error}, {@code idempotency_error}, … */
    public String type() {
        return type;
    }

    /** Stripe's error code, e.g. {@code balance_insufficient}. */
    public Optional<String> code() {
        return code;
    }

    public Optional<String> param() {
        return param;
    }

    boolean saved() {
        return saved;
    }

    ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        code.ifPresent(c -> error.put("code", c));
        error.put("message", getMessage());
        param.ifPresent(p -> error.put("param", p));
        error.put("type", type);
        return root;
    }
}
