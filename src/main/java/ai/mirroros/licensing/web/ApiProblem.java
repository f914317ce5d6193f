package ai.mirroros.licensing.web;

import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Objects;

/**
 * An API refusal the client can act on: an HTTP status, a stable machine-readable code and a sentence for people.
 * Thrown from handlers and filters; {@link WebServer} writes it as problem+json.
 */
final class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final Map<String, String> headers;

    ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    ApiProblem(HttpStatus status, String code, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
        this.headers = Map.copyOf(headers);
    }

    /** 404 with the same answer whether the thing does not exist or belongs to another partner. */
    static ApiProblem notFound(String what, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not_found", "no " + what + " '" + id + "' here");
    }

    static ApiProblem invalidParameter(String name, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_parameter", name + ": " + detail);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
