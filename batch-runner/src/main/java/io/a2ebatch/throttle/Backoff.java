package io.a2ebatch.throttle;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter that honours a provider's {@code Retry-After}.
 *
 * @param initial     delay before the first retry
 * @param multiplier  growth per attempt
 * @param max         cap on the exponential part
 * @param maxAttempts attempts (first try included) before a retryable error is given up on
 */
public record Backoff(Duration initial, double multiplier, Duration max, int maxAttempts) {

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, got " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below the initial backoff " + initial);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
    }

    /**
     * Delay before retry number {@code attempt} (1 for the first retry): half the exponential delay
     * plus a random share of the other half, so that many clients do not retry in lockstep, and never
     * less than the provider's {@code Retry-After}.
     */
    public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        double exponential = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        long capped = (long) Math.min(exponential, max.toNanos());
        long jittered = capped / 2 + (long) (random.nextDouble() * (capped - capped / 2));
        Duration delay = Duration.ofNanos(jittered);
        return retryAfter.filter(ra -> ra.compareTo(delay) > 0).orElse(delay);
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
