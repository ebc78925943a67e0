package io.a2ebatch.benchmarks.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's class histogram of reachable objects ({@code GC.class_histogram}, which runs a full
 * collection first) says about its heap: every object's bytes, and the part of them that is the
 * collector's filler. A mark-compact collection leaves some dead objects where they lie instead of moving
 * everything after them ("dead wood", {@code -XX:MarkSweepDeadRatio}, up to 5 % of the old generation by
 * default, except on every fourth full collection, {@code -XX:MarkSweepAlwaysCompactCount}); it rewrites
 * them as filler objects, which since JDK 21 have classes of their own ({@code jdk.internal.vm.FillerObject}
 * and arrays of {@code jdk.internal.vm.FillerElement}). The heap's "used" figure after the collection
 * counts them, so it swings by that much from one collection to the next whatever the program holds.
 *
 * @param totalBytes  bytes of every object in the histogram
 * @param fillerBytes bytes of filler objects among them (0 on a JDK that gives fillers no class of their
 *                    own: there they are counted as live)
 */
public record HeapHistogram(long totalBytes, long fillerBytes) {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final Pattern ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    private static final String FILLER_CLASSES = "jdk.internal.vm.Filler";

    /** Reads the text {@code jcmd PID GC.class_histogram} prints (or the DiagnosticCommand MBean returns). */
    public static HeapHistogram parse(String text) {
        Matcher total = TOTAL.matcher(text);
        if (!total.find()) {
            throw new IllegalArgumentException("not a class histogram (no Total line): "
                    + text.substring(0, Math.min(200, text.length())));
        }
        long filler = 0;
        Matcher row = ROW.matcher(text);
        while (row.find()) {
            if (row.group(2).contains(FILLER_CLASSES)) {
                filler += Long.parseLong(row.group(1));
            }
        }
        return new HeapHistogram(Long.parseLong(total.group(1)), filler);
    }

    /** Bytes of the objects the program can still reach. */
    public long liveBytes() {
        return totalBytes - fillerBytes;
    }
}
