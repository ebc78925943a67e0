package io.a2ebatch.throttle;

import java.time.Duration;

/**
 * A token bucket shared by every request the runner sends, so that submissions, polls and look-ups
 * together stay within the provider's rate. Permits are reserved in order (callers queue fairly by
 * reservation time) and a {@code Retry-After} from the provider pauses all callers at once.
 */
public final class RateLimiter {

    private final RateLimiterConfig config;
    private final Ticker ticker;
    private final long interval;
    /** The earliest time the next permit may be used. */
    private long nextFree;
    /** No permit is handed out before this time (set by {@link #pauseUntil}). */
    private long pausedUntil;

    public RateLimiter(RateLimiterConfig config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        this.interval = config.intervalNanos();
        long now = ticker.nanoTime();
        this.nextFree = now;
        this.pausedUntil = now;
    }

    /**
     * Blocks until a permit is available and takes it. A caller that was already waiting when a
     * {@code Retry-After} arrived queues again behind the pause rather than going out early.
     */
    public void acquire() throws InterruptedException {
        while (true) {
            long wait = reserve();
            if (wait > 0) {
                ticker.sleep(Duration.ofNanos(wait));
            }
            if (!pausedNow()) {
                return;
            }
        }
    }

    private synchronized boolean pausedNow() {
        return ticker.nanoTime() < pausedUntil;
    }

    /**
     * Takes the next permit and returns how long the caller must wait before using it (nanoseconds).
     */
    synchronized long reserve() {
        long now = ticker.nanoTime();
        // Idle time earns at most `burst` permits.
        long earliest = Math.max(nextFree, now - (config.burst() - 1) * interval);
        long at = Math.max(earliest, pausedUntil);
        nextFree = at + interval;
        return Math.max(0, at - now);
    }

    /**
     * Holds every caller back for {@code duration} from now, as a provider's {@code Retry-After}
     * asks; permits already reserved for later than that are unaffected.
     */
    public synchronized void pauseFor(Duration duration) {
        long until = ticker.nanoTime() + duration.toNanos();
        if (until > pausedUntil) {
            pausedUntil = until;
            nextFree = Math.max(nextFree, until);
        }
    }
}
