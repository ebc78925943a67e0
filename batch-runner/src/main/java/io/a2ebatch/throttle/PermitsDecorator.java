package io.a2ebatch.throttle;

import io.a2ebatch.spec.family.Provider;

/**
 * Wraps this process's permits in wider ones: a fleet's worker takes each permit from the fleet's
 * shared bucket of the request's provider too, and hears of a {@code 429} another worker saw. A bean where a fleet shares its
 * limits; none otherwise.
 */
@FunctionalInterface
public interface PermitsDecorator {

    /** {@code local}, the permits of {@code provider}'s requests in this process, within the fleet's of that provider. */
    Permits around(Provider provider, RateLimiter local);
}
