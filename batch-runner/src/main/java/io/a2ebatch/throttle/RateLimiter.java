package io.a2ebatch.throttle;

import java.time.Duration;

/**
 * A token bucket shared by every request the runner sends, so that submissions, polls and look-ups
 * together stay within the provider's rate. Permits are reserved in order (callers queue fairly by
 * reservation time) and a {@code Retry-After} from the provider pauses all callers at once.
 * <p>
 * Callers that can wait ({@link #acquireYielding}: polls) give way to those that cannot
 * ({@link #acquire}: starts and look-ups) for a bounded time. While starts are held back by the rate
 * alone, every permit a poll takes delays the last start, and so the whole run; while they are held
 * back by the in-flight cap instead, nobody is waiting here and polls go at once, which is what frees
 * the cap.
 */
public final class RateLimiter implements Permits {

    /**
     * A caller that cannot wait counts as still wanting permits for this many intervals after its
     * last one: a submit worker spends a moment recording a start before it asks again, and a poll
     * must not slip into that gap.
     */
    private static final long YIELD_GRACE_INTERVALS = 2;
    private static final long MIN_YIELD_STEP_NANOS = 1_000_000;

    private final RateLimiterConfig config;
    private final Ticker ticker;
    private final long interval;
    /** The earliest time the next permit may be used. */
    private long nextFree;
    /** No permit is handed out before this time (set by {@link #pauseUntil}). */
    private long pausedUntil;
    /** Callers inside {@link #acquire()}, each wanting a permit as soon as one is due. */
    private int urgentWaiting;
    /** When {@link #acquire()} last handed out a permit. */
    private long lastUrgentGrant;

    public RateLimiter(RateLimiterConfig config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        this.interval = config.intervalNanos();
        long now = ticker.nanoTime();
        this.nextFree = now;
        this.pausedUntil = now;
        this.lastUrgentGrant = now - YIELD_GRACE_INTERVALS * interval;
    }

    /**
     * Blocks until a permit is available and takes it. A caller that was already waiting when a
     * {@code Retry-After} arrived queues again behind the pause rather than going out early.
     */
    @Override
    public void acquire() throws InterruptedException {
        synchronized (this) {
            urgentWaiting++;
        }
        try {
            take();
        } finally {
            synchronized (this) {
                urgentWaiting--;
                lastUrgentGrant = ticker.nanoTime();
            }
        }
    }

    /**
     * Takes a permit once no caller of {@link #acquire()} wants one, or once {@code maxYield} has
     * passed, whichever comes first.
     */
    @Override
    public void acquireYielding(Duration maxYield) throws InterruptedException {
        long deadline = ticker.nanoTime() + maxYield.toNanos();
        Duration step = Duration.ofNanos(Math.max(interval, MIN_YIELD_STEP_NANOS));
        while (urgentDemand() && ticker.nanoTime() < deadline) {
            ticker.sleep(step);
        }
        take();
    }

    private synchronized boolean urgentDemand() {
        return urgentWaiting > 0 || ticker.nanoTime() - lastUrgentGrant < YIELD_GRACE_INTERVALS * interval;
    }

    private void take() throws InterruptedException {
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
    @Override
    public synchronized void pauseFor(Duration duration) {
        long until = ticker.nanoTime() + duration.toNanos();
        if (until > pausedUntil) {
            pausedUntil = until;
            nextFree = Math.max(nextFree, until);
        }
    }
}
