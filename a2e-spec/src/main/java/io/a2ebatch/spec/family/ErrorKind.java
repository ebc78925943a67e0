package io.a2ebatch.spec.family;

/**
 * What a failed answer of a provider means for the caller: the decision its error-code table maps a
 * code to. Every layer (client, simulator, contract suite) reads the same decision, so a provider's
 * table is data, not code.
 */
public enum ErrorKind {
    /** Too many requests: nothing was created; retry after the provider's {@code Retry-After} or a backoff. */
    RATE_LIMITED(true, false),
    /** The provider refuses work for a while (kie.ai's 455 maintenance): nothing was created; retry with backoff. */
    UNAVAILABLE(true, false),
    /** The provider failed while handling the request: retry with backoff; a start may have created a task. */
    SERVER_ERROR(true, true),
    /** The token is missing, wrong or revoked: stop the run, nothing else will succeed. */
    UNAUTHORIZED(false, false),
    /** The account has no credits left: stop the run until it is topped up. */
    OUT_OF_CREDITS(false, false),
    /** The task or the endpoint does not exist. */
    NOT_FOUND(false, false),
    /** The request itself was refused (validation, content policy, unreachable input): fail the row with the message. */
    REJECTED(false, false),
    /**
     * An answer that cannot be read (not JSON, no status where the envelope puts one): a read is
     * retried; a start is in doubt.
     */
    UNEXPECTED_RESPONSE(true, true);

    private final boolean retryable;
    private final boolean mayHaveCreatedTask;

    ErrorKind(boolean retryable, boolean mayHaveCreatedTask) {
        this.retryable = retryable;
        this.mayHaveCreatedTask = mayHaveCreatedTask;
    }

    /** Whether sending the same request again later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** Whether a start request that ended this way may nonetheless have created (and charged) a task. */
    public boolean mayHaveCreatedTask() {
        return mayHaveCreatedTask;
    }
}
