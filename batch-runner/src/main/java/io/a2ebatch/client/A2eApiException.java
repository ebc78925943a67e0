package io.a2ebatch.client;

import java.util.Optional;

/**
 * A request to a provider (A2E, kie.ai) did not succeed. The subclass is the decision: whether to retry, whether a start
 * request may nonetheless have created a task, whether the row or the whole run must stop.
 */
public abstract sealed class A2eApiException extends RuntimeException
        permits RateLimitedException, ServerErrorException, ServiceUnavailableException, TransportException,
        RequestRejectedException,
        AuthenticationException, InsufficientCreditsException, TaskNotFoundException,
        UnexpectedResponseException {

    private final String operation;
    private final int httpStatus;
    private final String apiCode;
    private final String traceId;
    private final boolean retryable;
    private final boolean mayHaveCreatedTask;

    /** The decision flags are fixed per subclass: each kind of failure means one thing. */
    A2eApiException(Failure failure, boolean retryable, boolean mayHaveCreatedTask) {
        super(failure.message(), failure.cause());
        this.operation = failure.operation();
        this.httpStatus = failure.httpStatus();
        this.apiCode = failure.apiCode() == null ? "" : failure.apiCode();
        this.traceId = failure.traceId() == null ? "" : failure.traceId();
        this.retryable = retryable;
        this.mayHaveCreatedTask = mayHaveCreatedTask;
    }

    /**
     * What went wrong with one request.
     *
     * @param operation  {@code POST /api/v1/headSwap/start}
     * @param httpStatus HTTP status, 0 when no response arrived
     * @param apiCode    the {@code code} of A2E's error body, or null
     * @param traceId    A2E's {@code trace_id}, or null
     * @param message    what happened, for people
     * @param cause      the underlying exception, or null
     */
    public record Failure(String operation, int httpStatus, String apiCode, String traceId, String message,
                          Throwable cause) {
    }

    /** {@code POST /api/v1/headSwap/start}. */
    public String operation() {
        return operation;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code code} of A2E's error body, empty if none. */
    public String apiCode() {
        return apiCode;
    }

    /** A2E's {@code trace_id}, for support requests; empty if none. */
    public String traceId() {
        return traceId;
    }

    /** Whether sending the same request again later may succeed. */
    public final boolean retryable() {
        return retryable;
    }

    /** Whether a start request that ended this way may nonetheless have created (and charged) a task. */
    public final boolean mayHaveCreatedTask() {
        return mayHaveCreatedTask;
    }

    /**
     * Why no connection to A2E could be made at all, as the user reads it ({@code cannot connect to
     * https://video.a2e.ai (connection refused)}); empty when A2E answered or the connection broke later.
     * Once retries of a read end this way, no other request can succeed either: the run stops.
     */
    public Optional<String> cannotConnect() {
        return Optional.empty();
    }

    /** Short form for a results file: {@code 400 INVALID_REQUEST: image_url is required}. */
    public String summary() {
        String status = httpStatus == 0 ? "no response" : String.valueOf(httpStatus);
        // kie.ai's status is its body code: "422: ...", not "422 422: ...".
        return status + (apiCode.isEmpty() || apiCode.equals(status) ? "" : " " + apiCode) + ": " + getMessage();
    }
}
