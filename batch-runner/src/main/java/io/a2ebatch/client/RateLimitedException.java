package io.a2ebatch.client;

import java.time.Duration;
import java.util.Optional;

/** 429 Too Many Requests: the provider's rate limit was hit. Nothing was created; retry after {@link #retryAfter()}. */
public final class RateLimitedException extends A2eApiException {

    private final Duration retryAfter;

    public RateLimitedException(Failure failure, Duration retryAfter) {
        super(failure, true, false);
        this.retryAfter = retryAfter;
    }

    /** The provider's {@code Retry-After}, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
