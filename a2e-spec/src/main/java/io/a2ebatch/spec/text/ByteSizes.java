package io.a2ebatch.spec.text;

import java.util.Locale;

/**
 * Sizes and byte rates as people write them ({@code 5MB}, {@code 200 KB}, {@code 1.5GiB},
 * {@code 10MB/s}, a plain number of bytes), read alike by the runner's {@code --download-rate} and the
 * simulator's file host options. Units are binary: 1KB = 1024 bytes.
 */
public final class ByteSizes {

    private static final String[] UNITS = {"GB", "MB", "KB", "B"};
    private static final int[] SHIFTS = {30, 20, 10, 0};

    private ByteSizes() {
    }

    /**
     * Parses a size: {@code 5MB}, {@code 200KB}, {@code 1.5GB}, {@code 5MiB}, {@code 1000} (bytes).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = 1;
        for (int i = 0; i < UNITS.length; i++) {
            if (t.endsWith(UNITS[i])) {
                unit = 1L << SHIFTS[i];
                t = t.substring(0, t.length() - UNITS[i].length()).strip();
                break;
            }
        }
        try {
            double value = Double.parseDouble(t);
            if (value < 0 || !Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return Math.round(value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write 5MB, 200KB or a number of bytes", e);
        }
    }

    /**
     * Parses a rate in bytes per second: a size with or without {@code /s} ({@code 10MB},
     * {@code 10MB/s}); {@code 0} and {@code unlimited} are 0, meaning no limit.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static long parseRate(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("unlimited")) {
            return 0;
        }
        if (t.toLowerCase(Locale.ROOT).endsWith("/s")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            return parseSize(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write 10MB (per second), 500KB, a number"
                    + " of bytes per second, or 0 for unlimited", e);
        }
    }
}
