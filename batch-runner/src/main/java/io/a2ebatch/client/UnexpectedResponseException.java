package io.a2ebatch.client;

/** A2E answered 2xx with a body this client cannot read. Reads are retried; a start request is in doubt until the task is looked up by name. */
public final class UnexpectedResponseException extends A2eApiException {

    public UnexpectedResponseException(String operation, int httpStatus, String apiCode, String traceId, String message,
                 Throwable cause) {
        super(operation, httpStatus, apiCode, traceId, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public boolean mayHaveCreatedTask() {
        return true;
    }
}
