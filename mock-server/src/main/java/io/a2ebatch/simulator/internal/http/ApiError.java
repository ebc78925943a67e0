package io.a2ebatch.simulator.internal.http;

import java.util.List;
import java.util.Map;

import io.a2ebatch.spec.schema.Violation;

/**
 * A request the simulator refuses, as the error response it becomes: HTTP status, the
 * {@code ErrorResponse} code, a message saying what happened and what to do, schema violations where
 * there are some, and extra headers ({@code Retry-After}).
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Violation> violations;
    private final Map<String, String> headers;

    public ApiError(int status, String code, String message, List<Violation> violations, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    /** 400 {@code INVALID_REQUEST}. */
    public static ApiError invalid(String message) {
        return new ApiError(400, "INVALID_REQUEST", message);
    }

    /** 404 {@code NOT_FOUND}. */
    public static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
