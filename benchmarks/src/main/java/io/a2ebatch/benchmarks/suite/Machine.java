package io.a2ebatch.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run was measured on, for the results: figures from different machines are not comparable,
 * and a busy machine (see the load averages) gives lower ones.
 *
 * @param cores          processors available to the JVM ({@code nproc})
 * @param cpuModel       {@code model name} from {@code /proc/cpuinfo}
 * @param memoryGb       {@code MemTotal} from {@code /proc/meminfo}
 * @param jdk            the JVM's vendor and version
 * @param os             name, version and architecture
 * @param loadAverage    {@code /proc/loadavg}'s 1, 5 and 15 minute averages when the suite started
 */
public record Machine(int cores, String cpuModel, double memoryGb, String jdk, String os, String loadAverage) {

    /** This machine, now. */
    public static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryGb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                currentLoadAverage());
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    public static String currentLoadAverage() {
        List<String> lines = lines("/proc/loadavg");
        if (lines.isEmpty()) {
            return "unknown";
        }
        String[] parts = lines.get(0).split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    }

    private static String readCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return System.getProperty("os.arch");
    }

    private static double readMemoryGb() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                return Math.round(kb / 1024.0 / 1024.0 * 10) / 10.0;
            }
        }
        return 0;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
