package io.a2ebatch.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of durations a simulated value is drawn from, uniformly; {@code min == max} is a fixed value.
 * Written as {@code 5s}, {@code 20ms} or {@code 2s..10s} on the command line and in
 * {@code POST /__a2e/config}.
 *
 * @param min shortest value, not negative
 * @param max longest value, not below {@code min}
 */
public record DurationRange(Duration min, Duration max) {

    /** No time at all. */
    public static final DurationRange ZERO = new DurationRange(Duration.ZERO, Duration.ZERO);

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    public DurationRange {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("A duration range cannot be negative, got " + format(min) + ".." + format(max));
        }
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("A duration range must start at its shorter end: got "
                    + format(min) + ".." + format(max) + ", write " + format(max) + ".." + format(min));
        }
    }

    /** A fixed duration. */
    public static DurationRange of(Duration value) {
        return new DurationRange(value, value);
    }

    /** Durations drawn uniformly from {@code [min, max]}. */
    public static DurationRange between(Duration min, Duration max) {
        return new DurationRange(min, max);
    }

    /**
     * Reads {@code 5s}, {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}, an ISO-8601 duration
     * ({@code PT5S}) or a range of two of them ({@code 2s..10s}).
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public static DurationRange parse(String text) {
        Objects.requireNonNull(text, "text");
        int dots = text.indexOf("..");
        if (dots < 0) {
            return of(parseDuration(text));
        }
        return between(parseDuration(text.substring(0, dots)), parseDuration(text.substring(dots + 2)));
    }

    /**
     * Reads one duration: a number with a unit ({@code ms}, {@code s}, {@code m}, {@code h}), {@code 0},
     * or ISO-8601 ({@code PT5S}).
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = AMOUNT.matcher(t);
        if (!m.matches()) {
            throw invalid(text);
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal millisPerUnit = switch (m.group(2)) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        return Duration.ofMillis(amount.multiply(millisPerUnit).longValue());
    }

    private static IllegalArgumentException invalid(String text) {
        String t = text.trim();
        if (t.matches("\\d+(\\.\\d+)?")) {
            // A bare number is the classic mistake: say which unit was probably meant.
            return new IllegalArgumentException("'" + text + "' has no unit; did you mean " + t + "s? Write a number "
                    + "and a unit: ms, s, m or h (250ms, 5s, 1.5s, 2m, 1h)");
        }
        return new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit such as "
                + "250ms, 5s, 1.5s, 2m or 1h (or a range such as 2s..10s)");
    }

    /** Whether this range is exactly zero. */
    public boolean isZero() {
        return max.isZero();
    }

    /** A value drawn uniformly from the range, in whole milliseconds. */
    public long sampleMillis(RandomGenerator random) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        return lo == hi ? lo : random.nextLong(lo, hi + 1);
    }

    /** The range as the command line writes it: {@code 5s} or {@code 2s..10s}. */
    @Override
    public String toString() {
        return min.equals(max) ? format(min) : format(min) + ".." + format(max);
    }

    /** Writes a duration in the shortest unit that shows it exactly ({@code 1500ms}, {@code 2s}, {@code 2h}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
