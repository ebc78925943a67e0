package io.a2ebatch.benchmarks.process;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The command line of {@code a2e-batch run} as the measurements use it: against a simulator, with a
 * token file, results and state in the run's own directory.
 *
 * @param baseUrl      the simulator
 * @param tokenFile    a file holding the token (tokens never go on a command line)
 * @param rateLimit    requests per second
 * @param maxInFlight  tasks in flight at most
 * @param pollInterval time between polls
 * @param progress     {@code none} or {@code log}
 */
public record RunArguments(URI baseUrl, Path tokenFile, double rateLimit, int maxInFlight, Duration pollInterval,
                           String progress) {

    /**
     * The progress mode of runs that may measure an older build beside this one ({@code --compare-jar}):
     * the first wave, which issue 10 measured, knows {@code log} and {@code off}, not {@code none}. A line
     * every few seconds to a file costs nothing measurable.
     */
    public static final String PROGRESS_EVERY_BUILD = "log";

    /** {@code run MANIFEST ...} with the results file and state directory in {@code dir}. */
    public List<String> of(Path manifest, Path dir) {
        return List.of("run", manifest.toString(),
                "--base-url", baseUrl.toString(),
                "--token-file", tokenFile.toString(),
                "--rate-limit", Double.toString(rateLimit),
                "--max-in-flight", Integer.toString(maxInFlight),
                "--poll-interval", pollInterval.toMillis() + "ms",
                "--results", dir.resolve("results.csv").toString(),
                "--state-dir", dir.resolve("state").toString(),
                "--progress", progress);
    }
}
