package io.a2ebatch.client;

/** A2E refused the API token (401): the run stops; fix the token and run the same command again to resume. */
public final class AuthenticationException extends A2eApiException {

    public AuthenticationException(String operation, int httpStatus, String apiCode, String traceId, String message,
                 Throwable cause) {
        super(operation, httpStatus, apiCode, traceId, message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public boolean mayHaveCreatedTask() {
        return false;
    }
}
