package io.a2ebatch.benchmarks.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Memory of a live Linux process from {@code /proc/PID/status}: {@code VmHWM} is the peak resident set
 * size so far, {@code VmRSS} the current one (both in kB there).
 */
public final class ProcStatus {

    private ProcStatus() {
    }

    /** The peak RSS in bytes, or empty when the process is gone or this is not Linux. */
    public static OptionalLong peakRssBytes(long pid) {
        return field(pid, "VmHWM:");
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
