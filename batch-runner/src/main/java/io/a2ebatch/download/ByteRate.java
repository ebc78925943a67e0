package io.a2ebatch.download;

import java.util.concurrent.TimeUnit;

import io.a2ebatch.spec.text.ByteSizes;

/**
 * The bandwidth all downloads share: a token bucket of bytes refilled at the rate, holding at most
 * one second's worth, so a download that was idle cannot burst beyond that.
 */
public final class ByteRate {

    private final long bytesPerSecond;
    private double available;
    private long lastNanos = System.nanoTime();

    /** @param bytesPerSecond 0 for unlimited */
    public ByteRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a download rate cannot be negative, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Waits until {@code bytes} may be taken. */
    public void acquire(int bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(bytesPerSecond, available + (now - lastNanos) * bytesPerSecond / 1e9);
            lastNanos = now;
            available -= bytes;
            waitNanos = available >= 0 ? 0 : (long) (-available * 1e9 / bytesPerSecond);
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /**
     * Parses a download rate ({@link ByteSizes#parseRate}): {@code 10MB}, {@code 10MB/s}, {@code 500KB},
     * {@code 1000000} (bytes per second), {@code 0} or {@code unlimited}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static long parse(String text) {
        try {
            return ByteSizes.parseRate(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a download rate; write 10MB (per second),"
                    + " 500KB, a number of bytes per second, or 0 for unlimited", e);
        }
    }
}
