package io.a2ebatch.throttle;

import java.time.Duration;

/**
 * Where a request's permit comes from: this process's {@link RateLimiter}, or a fleet's limiter that
 * every worker shares ({@link PermitsDecorator}).
 */
public interface Permits {

    /** Blocks until a permit is available and takes it (starts and look-ups). */
    void acquire() throws InterruptedException;

    /** Takes a permit, first giving way to {@link #acquire} callers for up to {@code maxYield} (polls). */
    void acquireYielding(Duration maxYield) throws InterruptedException;

    /** No permit is handed out for {@code duration} (a {@code 429 Retry-After}). */
    void pauseFor(Duration duration);
}
