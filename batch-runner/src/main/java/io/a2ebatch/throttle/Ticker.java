package io.a2ebatch.throttle;

import java.time.Duration;

/**
 * Monotonic time and sleeping, injected so that throttling can be tested without waiting.
 */
public interface Ticker {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Sleeps for {@code duration}; returns early only by throwing when interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            long nanos = duration.toNanos();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };
}
