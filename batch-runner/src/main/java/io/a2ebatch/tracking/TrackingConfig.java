package io.a2ebatch.tracking;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;

import io.a2ebatch.spec.family.Provider;

/**
 * How tasks in flight are followed.
 *
 * @param pollInterval time between two polls of the same task (A2E asks for 3-5 s)
 * @param maxWait      a task without a final state this long after submission ends {@code timed_out}
 * @param batchSize    task ids per batchDetail request
 * @param rateLimits   requests a second by provider id, every provider's: how soon its last start can go
 */
public record TrackingConfig(Duration pollInterval, Duration maxWait, int batchSize, Map<String, Double> rateLimits) {

    public TrackingConfig {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        if (maxWait.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("max wait " + maxWait + " is shorter than the poll interval " + pollInterval);
        }
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalArgumentException("batch size must be between 1 and 100, got " + batchSize);
        }
        rateLimits = Map.copyOf(rateLimits);
        rateLimits.forEach((provider, rate) -> {
            if (!(rate > 0) || rate.isInfinite()) {
                throw new IllegalArgumentException("the rate limit of " + provider + " must be a positive number of"
                        + " requests per second, got " + rate);
            }
        });
    }

    /**
     * {@code provider}'s rate limit in requests a second; empty if none is known (a fleet partition's settings
     * written by an earlier version).
     */
    public OptionalDouble rateLimit(Provider provider) {
        Double rate = rateLimits.get(provider.id());
        return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }
}
