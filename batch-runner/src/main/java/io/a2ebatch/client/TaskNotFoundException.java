package io.a2ebatch.client;

/** A2E does not know the task id (404): it was deleted or belongs to another account. */
public final class TaskNotFoundException extends A2eApiException {

    public TaskNotFoundException(String operation, int httpStatus, String apiCode, String traceId, String message,
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
