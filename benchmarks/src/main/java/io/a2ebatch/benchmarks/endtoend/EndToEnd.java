package io.a2ebatch.benchmarks.endtoend;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.MeasuredProcess;
import io.a2ebatch.benchmarks.process.RunArguments;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.benchmarks.throughput.ThroughputBaseline;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.spec.family.FamilyCatalog;

/**
 * End to end: N tasks through {@code a2e-batch run} (in its own JVM, started as {@code runner} says) against a
 * simulator in this JVM whose rate limit is the runner's, every task taking the same time D. The
 * makespan — the simulator's first request to its last, which is the poll that sees the last task
 * finish — is compared with the lower bound N/R + D: no client can start N tasks at R per second in
 * less than N/R, and the last one then runs for D. The simulator's own queueing before a task runs
 * (three dispatch steps) is made negligible (10 ms each) so that the bound is not padded with it.
 * Requests per task and 429s come from the simulator's counters. The whole process — launch to exit,
 * start-up included — is compared with the same bound ({@link Run#wallRatio}).
 *
 * @param runner      how the runner is started
 * @param workDir     where manifests, state and output go
 * @param tasks       N
 * @param rate        R, requests per second, the runner's and the simulator's limit alike
 * @param taskTime    D
 * @param maxInFlight the runner's in-flight cap
 */
public record EndToEnd(RunnerCommand runner, Path workDir, int tasks, double rate, Duration taskTime, int maxInFlight) {

    static final String TOKEN = "sk_test_benchmark_end_to_end";
    static final Duration DISPATCH_STEP = Duration.ofMillis(10);
    /** The family of a single-family run: one with batchDetail, as most are. */
    public static final String FAMILY = "userImage2Video";

    /**
     * One run's figures.
     *
     * @param families            {@code userImage2Video} or {@code all} (every family mixed)
     * @param pollIntervalSeconds the runner's poll interval
     * @param makespanSeconds     first request to last, at the simulator
     * @param lowerBoundSeconds   N/R + D
     * @param makespanRatio       makespan / lower bound; 1.05 is the target
     * @param submittingSeconds   first request to last start; N/R at best
     * @param requestsTotal       every request the simulator answered
     * @param requestsByOperation by operation
     * @param requestsPerTask     requests / N
     * @param rateLimited         429 answers
     * @param peakInFlight        most tasks in flight at once (started, not yet seen final)
     * @param meanInFlight        time-weighted mean of the same
     * @param exitCode            the runner's exit status (0: every row completed)
     * @param wallSeconds         the runner process from start to exit, JVM start-up and ingest included
     * @param command             how the runner was started ({@link RunnerCommand#label})
     * @param firstRequestSeconds from launching the process to the simulator's first request
     * @param wallRatio           wallSeconds / lower bound: the bound with start-up included
     */
    public record Run(String families, double pollIntervalSeconds, double makespanSeconds, double lowerBoundSeconds,
                      double makespanRatio, double submittingSeconds, long requestsTotal,
                      Map<String, Long> requestsByOperation, double requestsPerTask, long rateLimited,
                      int peakInFlight, double meanInFlight, int exitCode, double wallSeconds, String command,
                      double firstRequestSeconds, double wallRatio) {
    }

    /** The lower bound N/R + D, in seconds. */
    public double lowerBoundSeconds() {
        return tasks / rate + taskTime.toMillis() / 1000.0;
    }

    /**
     * Runs the manifest once with this poll interval.
     *
     * @param mixedFamilies every family mixed instead of {@value #FAMILY} alone
     * @throws IllegalStateException if the run did not complete every row, with the runner's output
     */
    public Run measure(Duration pollInterval, boolean mixedFamilies) throws IOException, InterruptedException {
        return measure(pollInterval, mixedFamilies, (baseUrl, tokenFile, manifest, dir) -> new RunArguments(baseUrl,
                tokenFile, rate, maxInFlight, pollInterval, RunArguments.PROGRESS_EVERY_BUILD).of(manifest, dir));
    }

    /**
     * Runs the same job once with {@code runner} being the plain program of the throughput section
     * ({@link ThroughputBaseline}): its starts
     * paced at R, polling with batchDetail every {@code pollInterval}, with nothing recorded. What the bound
     * costs a client without a ledger on the same machine, in the same run.
     *
     * @param threads the program's sending threads
     * @throws IllegalStateException if the program did not see every task finish
     */
    public Run measureBaseline(Duration pollInterval, int threads) throws IOException, InterruptedException {
        return measure(pollInterval, false, (baseUrl, tokenFile, manifest, dir) -> ThroughputBaseline.arguments(
                baseUrl, tokenFile, FAMILY, tasks, threads, pollInterval, rate));
    }

    /** The command line of one run. */
    @FunctionalInterface
    private interface Arguments {
        List<String> of(URI baseUrl, Path tokenFile, Path manifest, Path dir);
    }

    private Run measure(Duration pollInterval, boolean mixedFamilies, Arguments arguments)
            throws IOException, InterruptedException {
        String label = (mixedFamilies ? "mixed" : "single") + "-poll-" + pollInterval.toMillis() + "ms-n" + tasks
                + "-" + (runner.viaEnvironment() ? "launcher" : "java");
        Path dir = Files.createDirectories(workDir.resolve("end-to-end-" + label));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path manifest = dir.resolve("manifest.csv");
        if (mixedFamilies) {
            GeneratedManifest.mixed(manifest, tasks);
        } else {
            GeneratedManifest.of(manifest, tasks, FAMILY);
        }
        TaskTimeline timeline = new TaskTimeline(FamilyCatalog.bundled());
        MeasuredProcess.Result result;
        SimulatorStats stats;
        long launchedMillis;
        try (A2eSimulator simulator = A2eSimulator.builder()
                .tokens(TOKEN)
                .credits(Long.MAX_VALUE / 4)
                .rateLimit(rate)
                .maxProcessing(100_000)
                .taskDuration(taskTime)
                .dispatchStep(DISPATCH_STEP)
                .seed(1L)
                .listener(timeline)
                .start()) {
            List<String> args = arguments.of(simulator.baseUrl(), tokenFile, manifest, dir);
            launchedMillis = System.currentTimeMillis();
            // Start-up and the ingest of the manifest come before the bound starts: a second per 100 rows
            // allows for a loaded machine's ingest of a large one.
            result = new MeasuredProcess(runner, dir, "run", args,
                    Duration.ofSeconds((long) (lowerBoundSeconds() * 4) + 120 + tasks / 100), Duration.ZERO).run();
            stats = simulator.stats();
        }
        if (result.exitCode() != 0 || stats.tasksCreated() != tasks) {
            throw new IllegalStateException("the end-to-end run " + label + " did not complete: exit code "
                    + result.exitCode() + ", " + stats.tasksCreated() + " of " + tasks + " tasks created\n"
                    + Files.readString(result.stdout()) + Files.readString(result.stderr()));
        }
        TaskTimeline.Summary seen = timeline.summary();
        Map<String, Long> byOperation = new TreeMap<>();
        stats.requestsByOperation().forEach((operation, n) -> {
            if (n > 0) {
                byOperation.put(operation, n);
            }
        });
        return new Run(mixedFamilies ? "all" : FAMILY, pollInterval.toMillis() / 1000.0, seen.makespanSeconds(),
                lowerBoundSeconds(), seen.makespanSeconds() / lowerBoundSeconds(), seen.submittingSeconds(),
                stats.requestsTotal(), byOperation, (double) stats.requestsTotal() / tasks, stats.rateLimited(),
                seen.peakInFlight(), seen.meanInFlight(), result.exitCode(), result.wall().toMillis() / 1000.0,
                runner.label(), (seen.firstRequestMillis() - launchedMillis) / 1000.0,
                result.wall().toMillis() / 1000.0 / lowerBoundSeconds());
    }
}
