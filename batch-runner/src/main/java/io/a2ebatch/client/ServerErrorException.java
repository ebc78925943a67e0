package io.a2ebatch.client;

/** A2E answered with a server error (5xx). Reads are retried; a start request is in doubt until the task is looked up by name. */
public final class ServerErrorException extends A2eApiException {

    public ServerErrorException(String operation, int httpStatus, String apiCode, String traceId, String message,
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
