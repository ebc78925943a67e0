package io.a2ebatch.benchmarks.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runner ({@link RunnerCommand}: {@code java -jar} or the launcher) as a child process and measures it while it runs: its
 * peak resident set size ({@code VmHWM}, sampled every {@value #RSS_SAMPLE_MILLIS} ms; the kernel keeps
 * the peak, so the last sample before exit is at most that much late), its heap after each collection
 * ({@code -Xlog:gc} to a file) and, when asked, its live heap (a full collection every so often through
 * {@link LiveHeapProbe}, each sample also written to {@code NAME.live-heap.csv}). Output goes to files in the
 * work directory, never to this console.
 *
 * @param runner           how the runner is started
 * @param workDir          where the process runs and its output and GC log go
 * @param name             prefix of the output files
 * @param args             the jar's arguments
 * @param timeout          the process is stopped (SIGTERM, then SIGKILL) after this long
 * @param liveHeapInterval time between live-heap samples; zero for none
 */
public record MeasuredProcess(RunnerCommand runner, Path workDir, String name, List<String> args,
                              Duration timeout, Duration liveHeapInterval) {

    static final long RSS_SAMPLE_MILLIS = 100;
    /** The exit code reported for a process stopped because it ran past its timeout. */
    public static final int STOPPED_AT_TIMEOUT = -1;

    public MeasuredProcess {
        args = List.copyOf(args);
    }

    /**
     * What was measured.
     *
     * @param exitCode          the process's exit status; {@link #STOPPED_AT_TIMEOUT} when it was stopped for
     *                          running too long
     * @param wall              from start to exit
     * @param peakRssBytes      the largest {@code VmHWM} read
     * @param peakLiveHeapBytes the largest heap in use right after a forced full collection; 0 when not sampled
     * @param medianLiveHeapBytes the median of those samples, the heap a run holds in its steady state; 0 when
     *                          not sampled
     * @param liveHeapSamples   how many such samples were taken
     * @param gc                what the GC log says
     * @param stdout            the process's standard output
     * @param stderr            its standard error
     */
    public record Result(int exitCode, Duration wall, long peakRssBytes, long peakLiveHeapBytes,
                         long medianLiveHeapBytes, int liveHeapSamples, GcLog gc, Path stdout, Path stderr) {
    }

    /** Starts the process, samples it until it exits, and returns the measurements. */
    public Result run() throws IOException, InterruptedException {
        Path gcLog = workDir.resolve(name + ".gc.log");
        Path stdout = workDir.resolve(name + ".out");
        Path stderr = workDir.resolve(name + ".err");
        StringBuilder liveSeries = new StringBuilder("seconds,live_heap_mb,dead_space_mb\n");
        ProcessBuilder builder = runner.processBuilder(List.of("-Xlog:gc:file=" + gcLog), args);
        long started = System.nanoTime();
        Process process = builder.directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        long pid = process.pid();
        long deadline = started + timeout.toNanos();
        long nextLiveSample = liveHeapInterval.isZero() ? Long.MAX_VALUE : started + liveHeapInterval.toNanos();
        long peakRss = 0;
        List<Long> liveSamples = new ArrayList<>();
        LiveHeapProbe probe = null;
        boolean timedOut = false;
        try {
            while (!process.waitFor(RSS_SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                OptionalLong rss = ProcStatus.peakRssBytes(pid);
                if (rss.isPresent()) {
                    peakRss = Math.max(peakRss, rss.getAsLong());
                }
                long now = System.nanoTime();
                if (now >= nextLiveSample) {
                    try {
                        if (probe == null) {
                            probe = LiveHeapProbe.attach(pid);
                        }
                        HeapHistogram heap = probe.histogram();
                        liveSamples.add(heap.liveBytes());
                        liveSeries.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f%n",
                                (System.nanoTime() - started) / 1e9, heap.liveBytes() / (1024.0 * 1024.0),
                                heap.fillerBytes() / (1024.0 * 1024.0)));
                    } catch (IOException | RuntimeException e) {
                        // The JVM is starting or exiting; the next sample will tell.
                    }
                    nextLiveSample = System.nanoTime() + liveHeapInterval.toNanos();
                }
                if (now > deadline) {
                    timedOut = true;
                    process.destroy();
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                    break;
                }
            }
        } finally {
            if (probe != null) {
                probe.close();
            }
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        if (!liveSamples.isEmpty()) {
            Files.writeString(workDir.resolve(name + ".live-heap.csv"), liveSeries);
        }
        List<Long> sorted = liveSamples.stream().sorted().toList();
        long peakLive = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        long medianLive = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        return new Result(timedOut ? STOPPED_AT_TIMEOUT : process.exitValue(), wall, peakRss, peakLive, medianLive,
                sorted.size(), GcLog.read(gcLog), stdout, stderr);
    }
}
