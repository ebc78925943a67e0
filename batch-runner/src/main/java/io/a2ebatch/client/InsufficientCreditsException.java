package io.a2ebatch.client;

/** The account has too few credits (402): the run stops; top up and run the same command again to resume. */
public final class InsufficientCreditsException extends A2eApiException {

    public InsufficientCreditsException(String operation, int httpStatus, String apiCode, String traceId, String message,
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
