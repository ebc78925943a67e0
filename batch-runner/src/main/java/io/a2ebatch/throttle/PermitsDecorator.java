package io.a2ebatch.throttle;

/**
 * Wraps this process's permits in wider ones: a fleet's worker takes each permit from the fleet's
 * shared bucket too, and hears of a {@code 429} another worker saw. A bean where a fleet shares its
 * limits; none otherwise.
 */
@FunctionalInterface
public interface PermitsDecorator {

    Permits around(RateLimiter local);
}
