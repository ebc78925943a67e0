package io.a2ebatch.download;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
     * Parses a rate: {@code 10MB}, {@code 10MB/s}, {@code 500KB}, {@code 1000000} (bytes per second),
     * {@code 0} or {@code unlimited}. Units are binary: 1KB = 1024 bytes.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static long parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.equals("UNLIMITED")) {
            return 0;
        }
        if (t.endsWith("/S")) {
            t = t.substring(0, t.length() - 2).strip();
        }
        t = t.replace("IB", "B");
        long unit = 1;
        if (t.endsWith("GB")) {
            unit = 1L << 30;
        } else if (t.endsWith("MB")) {
            unit = 1L << 20;
        } else if (t.endsWith("KB")) {
            unit = 1L << 10;
        }
        t = t.replaceAll("[KMG]?B$", "").strip();
        try {
            double value = Double.parseDouble(t);
            if (value < 0 || !Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return Math.round(value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a download rate; write 10MB (per second),"
                    + " 500KB, a number of bytes per second, or 0 for unlimited", e);
        }
    }
}
