package io.a2ebatch.client;

import java.time.Duration;
import java.util.Optional;

/** 429 Too Many Requests: the provider's rate limit was hit. Nothing was created; retry after {@link #retryAfter()}. */
public final class RateLimitedException extends A2eApiException {

    private final Duration retryAfter;

    public RateLimitedException(String operation, String apiCode, String traceId, String message, Duration retryAfter) {
        super(operation, 429, apiCode, traceId, message, null);
        this.retryAfter = retryAfter;
    }

    /** The provider's {@code Retry-After}, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public boolean mayHaveCreatedTask() {
        return false;
    }
}
