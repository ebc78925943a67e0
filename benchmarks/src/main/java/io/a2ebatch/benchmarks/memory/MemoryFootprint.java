package io.a2ebatch.benchmarks.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.MeasuredProcess;
import io.a2ebatch.benchmarks.process.RunArguments;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorStats;

/**
 * Memory of {@code a2e-batch run} and {@code validate} (in its own JVM, started as {@code runner} says:
 * the shipped launcher with its JVM options, or {@code java -jar} with the JVM's defaults) on generated manifests of every family mixed, against a fast simulator in this JVM: tasks
 * take {@value #TASK_MILLIS} ms, nothing is rate-limited on its side, and the runner may send
 * {@value #RATE_LIMIT} requests per second with {@value #MAX_IN_FLIGHT} tasks in flight, so that the
 * run is bound by the runner itself. Peak live heap (a class histogram after a forced full collection every
 * {@code liveHeapInterval}, four times a second for {@code validate}), the heap after every collection ({@code -Xlog:gc}) and the peak RSS
 * are recorded for each run, and the peak size of the job repository file on disk.
 *
 * @param runner           how the runner is started
 * @param workDir          where manifests, state and output go
 * @param liveHeapInterval time between live-heap samples of {@code run}
 */
public record MemoryFootprint(RunnerCommand runner, Path workDir, Duration liveHeapInterval) {

    static final String TOKEN = "sk_test_benchmark_memory";
    static final int TASK_MILLIS = 20;
    static final int RATE_LIMIT = 5000;
    static final int MAX_IN_FLIGHT = 2000;
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /**
     * {@code validate} of 100,000 rows takes a second or two: it is sampled four times a second to be
     * sampled at all (every second, a 1.2 s validate was once sampled not at all).
     */
    static final Duration VALIDATE_LIVE_HEAP_INTERVAL = Duration.ofMillis(250);
    /** {@code run}'s exit status when Ctrl-C or SIGTERM stopped it. */
    static final int STOPPED_BY_SIGNAL = 3;
    /** The runner's H2 job repository in its state directory. */
    static final String JOB_REPOSITORY_FILE = "jobrepo.mv.db";

    /**
     * One measured process.
     *
     * @param command            {@code run} or {@code validate}
     * @param rows               rows in the manifest
     * @param rowsDone           tasks the simulator created for the run: one per row of a complete run, and
     *                           more if a row was sent twice; for {@code validate}, the rows checked
     * @param complete           whether the process ran to its end
     * @param stopped            why it did not, or empty
     * @param exitCode           its exit status ({@value MeasuredProcess#STOPPED_AT_TIMEOUT}: stopped at the budget)
     * @param wallSeconds        start to exit, JVM start-up included
     * @param rowsPerSecond      rowsDone / wallSeconds
     * @param peakLiveHeapMb     largest live heap: the objects still reachable after a forced full
     *                           collection, the collector's dead space not counted ({@code LiveHeapProbe})
     * @param medianLiveHeapMb   median of those samples: the heap the run holds in its steady state
     * @param liveHeapSamples    how many forced collections were sampled
     * @param maxHeapAfterGcMb   largest heap in use after any collection, from the GC log
     * @param maxCommittedHeapMb largest heap the JVM committed
     * @param peakRssMb          largest resident set size ({@code VmHWM})
     * @param peakJobRepositoryMb largest size of the H2 job repository file while the run ran (0 for
     *                           {@code validate}, which writes none)
     * @param requestsTotal      requests the simulator answered (0 for {@code validate})
     * @param runner             how the runner was started ({@link RunnerCommand#label})
     */
    public record Run(String command, long rows, long rowsDone, boolean complete, String stopped, int exitCode,
                      double wallSeconds,
                      double rowsPerSecond, double peakLiveHeapMb, double medianLiveHeapMb, int liveHeapSamples, double maxHeapAfterGcMb,
                      double maxCommittedHeapMb, double peakRssMb, double peakJobRepositoryMb, long requestsTotal,
                      String runner) {
    }

    /** Generates a manifest of {@code rows} rows (every family mixed) in the work directory. */
    public Path manifest(long rows) {
        return GeneratedManifest.mixed(workDir.resolve("memory-" + rows + ".csv"), rows);
    }

    /**
     * Runs a manifest to the end, or until {@code budget} is used up (the runner is then stopped with
     * SIGTERM, as Ctrl-C would, and the figures cover the part that ran).
     */
    public Run run(Path manifest, long rows, Duration budget) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("memory-run-" + rows));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        MeasuredProcess.Result result;
        SimulatorStats stats;
        long peakJobRepositoryBytes;
        try (A2eSimulator simulator = A2eSimulator.builder()
                .tokens(TOKEN)
                .credits(Long.MAX_VALUE / 4)
                .maxProcessing(10_000_000)
                .taskDuration(Duration.ofMillis(TASK_MILLIS))
                .dispatchStep(Duration.ofMillis(5))
                .requestLogSize(100)
                .seed(1L)
                .start()) {
            List<String> args = new RunArguments(simulator.baseUrl(), tokenFile, RATE_LIMIT, MAX_IN_FLIGHT,
                    POLL_INTERVAL, "log").of(manifest, dir);
            try (FileSizeWatch jobRepository = FileSizeWatch.start(dir.resolve("state").resolve("runs")
                    .resolve(RunIdentity.tagOf(RunIdentity.nameOf(manifest, null))).resolve(JOB_REPOSITORY_FILE))) {
                result = new MeasuredProcess(runner, dir, "run", args, budget, liveHeapInterval).run();
                peakJobRepositoryBytes = jobRepository.peakBytes();
            }
            stats = simulator.stats();
        }
        String stopped = switch (result.exitCode()) {
            case 0 -> "";
            case MeasuredProcess.STOPPED_AT_TIMEOUT -> "stopped at the time budget of " + budget.toMinutes() + " min";
            case STOPPED_BY_SIGNAL -> "stopped by a signal from outside the suite";
            default -> throw new IllegalStateException("the memory run of " + rows + " rows failed with exit code "
                    + result.exitCode() + "\n" + tail(result.stdout()) + tail(result.stderr()));
        };
        return toRun("run", rows, stats.tasksCreated(), stopped, result, peakJobRepositoryBytes, stats.requestsTotal());
    }

    /** Runs {@code validate} on a manifest. */
    public Run validate(Path manifest, long rows, Duration budget) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("memory-validate-" + rows));
        MeasuredProcess.Result result = new MeasuredProcess(runner, dir, "validate",
                List.of("validate", manifest.toString()), budget, VALIDATE_LIVE_HEAP_INTERVAL).run();
        if (result.exitCode() != 0) {
            throw new IllegalStateException("validate of " + rows + " generated rows ended with exit code "
                    + result.exitCode() + "\n" + tail(result.stdout()) + tail(result.stderr()));
        }
        return toRun("validate", rows, rows, "", result, 0, 0);
    }

    private Run toRun(String command, long rows, long done, String stopped, MeasuredProcess.Result r,
                             long jobRepositoryBytes, long requests) {
        double seconds = r.wall().toMillis() / 1000.0;
        return new Run(command, rows, done, stopped.isEmpty(), stopped, r.exitCode(), seconds, done / seconds,
                mb(r.peakLiveHeapBytes()), mb(r.medianLiveHeapBytes()),
                r.liveHeapSamples(), mb(r.gc().maxAfterGcBytes()), mb(r.gc().maxCommittedBytes()), mb(r.peakRssBytes()),
                mb(jobRepositoryBytes), requests, runner.label());
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    }
}
