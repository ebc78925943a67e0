package io.a2ebatch.benchmarks.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Memory of a live Linux process from {@code /proc/PID/status}: {@code VmHWM} is the peak resident set
 * size so far, {@code VmRSS} the current one (both in kB there); and its CPU time so far from
 * {@code /proc/PID/stat}.
 */
public final class ProcStatus {

    private static final double USER_HZ = 100;

    private ProcStatus() {
    }

    /** The peak RSS in bytes, or empty when the process is gone or this is not Linux. */
    public static OptionalLong peakRssBytes(long pid) {
        return field(pid, "VmHWM:");
    }

    /**
     * The user + system CPU time the process has used so far, in seconds, or empty when the process is gone
     * or this is not Linux. {@code /proc} counts it in {@code USER_HZ} ticks, 100 a second on every Linux
     * architecture the JDK runs on.
     */
    public static OptionalDouble cpuSeconds(long pid) {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** {@code utime + stime} of a {@code stat} line; the fields after the command name, which may hold spaces. */
    static OptionalDouble cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // After the name: state (field 3 of proc(5)), ..., utime (14), stime (15).
        return OptionalDouble.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / USER_HZ);
    }

    /** Reads one {@code kB} field of a status file's lines. */
    static OptionalLong kilobytes(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong field(long pid, String name) {
        try {
            return kilobytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")), name);
        } catch (IOException | RuntimeException e) {
            // The process ended between two samples: the last sample stands.
            return OptionalLong.empty();
        }
    }
}
