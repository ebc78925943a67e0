package io.a2ebatch.client;

/** No usable response from A2E (connection refused, dropped or timed out). Reads are retried; a start request is in doubt until the task is looked up by name. */
public final class TransportException extends A2eApiException {

    public TransportException(String operation, int httpStatus, String apiCode, String traceId, String message,
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
