package io.a2ebatch.throttle;

/**
 * Immutable, validated configuration of a {@link RateLimiter}.
 *
 * @param permitsPerSecond sustained request rate; must be positive and finite
 * @param burst            how many permits may be taken back to back after an idle spell; 1 spaces
 *                         every request evenly, which is what a provider-side limiter measuring short
 *                         windows tolerates best
 */
public record RateLimiterConfig(double permitsPerSecond, int burst) {

    public RateLimiterConfig {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate limit must be a positive number of requests per second, got "
                    + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
    }

    /** Evenly spaced requests at {@code permitsPerSecond}. */
    public static RateLimiterConfig smooth(double permitsPerSecond) {
        return new RateLimiterConfig(permitsPerSecond, 1);
    }

    /** Nanoseconds between two permits at the sustained rate. */
    public long intervalNanos() {
        return Math.max(1L, Math.round(1_000_000_000d / permitsPerSecond));
    }
}
