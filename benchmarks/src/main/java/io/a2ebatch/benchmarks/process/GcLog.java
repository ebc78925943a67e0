package io.a2ebatch.benchmarks.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's {@code -Xlog:gc} file says about its heap: every pause line ends with
 * {@code BEFORE->AFTER(COMMITTED)} in K, M or G, e.g.
 * {@code [26.648s][info][gc] GC(25) Pause Young (Normal) (G1 Evacuation Pause) 194M->46M(328M) 41.342ms}.
 *
 * @param pauses              pause lines read
 * @param maxAfterGcBytes     the largest heap occupancy right after a collection
 * @param maxCommittedBytes   the largest committed heap
 * @param fullGcs             pauses that were full collections
 */
public record GcLog(int pauses, long maxAfterGcBytes, long maxCommittedBytes, int fullGcs) {

    private static final Pattern PAUSE = Pattern.compile(
            "\\bPause (.*) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** Reads a log file; an absent file (the JVM never started) reads as no pauses. */
    public static GcLog read(Path file) {
        if (!Files.exists(file)) {
            return new GcLog(0, 0, 0, 0);
        }
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GC log " + file, e);
        }
    }

    /** Parses log lines; lines that are not pauses are ignored. */
    public static GcLog parse(List<String> lines) {
        int pauses = 0;
        int full = 0;
        long maxAfter = 0;
        long maxCommitted = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            pauses++;
            if (m.group(1).startsWith("Full")) {
                full++;
            }
            maxAfter = Math.max(maxAfter, bytes(m.group(4), m.group(5)));
            maxCommitted = Math.max(maxCommitted, bytes(m.group(6), m.group(7)));
        }
        return new GcLog(pauses, maxAfter, maxCommitted, full);
    }

    private static long bytes(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }
}
