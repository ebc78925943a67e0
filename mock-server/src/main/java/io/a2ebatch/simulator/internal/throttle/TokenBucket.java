package io.a2ebatch.simulator.internal.throttle;

/**
 * The rate limit of one bearer token: a token bucket refilled at the configured rate and holding one
 * second's worth (at least one request), so a client that keeps to the rate is never refused and a
 * burst above it is. The rate is passed on every call, so a runtime change applies at once.
 */
public final class TokenBucket {

    private double available = Double.NaN;
    private long lastRefill;

    /**
     * Takes one request's permit at {@code nowMillis}.
     *
     * @return 0 when the request may go ahead, else how many milliseconds until a permit is free
     */
    public long tryAcquire(long nowMillis, double perSecond) {
        return perSecond <= 0 ? 0 : take(nowMillis, perSecond);
    }

    private synchronized long take(long nowMillis, double perSecond) {
        double capacity = Math.max(1.0, perSecond);
        if (Double.isNaN(available)) {
            available = capacity;
        } else if (nowMillis > lastRefill) {
            available = Math.min(capacity, available + (nowMillis - lastRefill) * perSecond / 1000.0);
        }
        lastRefill = Math.max(lastRefill, nowMillis);
        if (available >= 1.0) {
            available -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - available) * 1000.0 / perSecond));
    }

    /** {@code Retry-After} for a wait: whole seconds, rounded up, at least 1. */
    public static long retryAfterSeconds(long waitMillis) {
        return Math.max(1, (waitMillis + 999) / 1000);
    }
}
