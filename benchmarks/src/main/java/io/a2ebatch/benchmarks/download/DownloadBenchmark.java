package io.a2ebatch.benchmarks.download;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.MeasuredProcess;
import io.a2ebatch.benchmarks.process.RunArguments;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.download.ByteRate;
import io.a2ebatch.download.DownloadFailedException;
import io.a2ebatch.download.DownloadJob;
import io.a2ebatch.download.Downloader;
import io.a2ebatch.download.FileNamer;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.throttle.Backoff;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Download throughput and memory, against the simulator's file host on loopback, in one run:
 * <ul>
 *   <li>throughput: the runner's {@link Downloader} fetching N result files of SIZE with C at a time,
 *       against {@code curl --parallel --parallel-max C} fetching the same URLs, alternated over a few
 *       rounds after one unmeasured round each, medians compared (ratio = runner / curl). The runner
 *       also computes each file's SHA-256 and syncs it to disk before the rename; curl does neither;</li>
 *   <li>memory: {@code a2e-batch download} as a child process for files of SIZE/16 and of SIZE, its
 *       peak live heap (after forced full collections) compared: streaming keeps it flat in file size.</li>
 * </ul>
 * Both sides read from the same simulator, whose content generation caps what either can reach.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.a2ebatch.benchmarks.download.DownloadBenchmark \
 *     [--files 8] [--size 5MB] [--concurrency 4] [--rounds 3] [--runner-jar batch-runner/target/a2e-batch.jar] [--work DIR]</pre>
 */
public final class DownloadBenchmark {

    private static final String TOKEN = "sk_test_benchmark_downloads";
    private static final String FAMILY = "userText2Image";

    private final int files;
    private final long size;
    private final int concurrency;
    private final int rounds;
    private final Path runnerJar;
    private final Path work;
    private final PrintStream out;

    DownloadBenchmark(int files, long size, int concurrency, int rounds, Path runnerJar, Path work, PrintStream out) {
        this.files = files;
        this.size = size;
        this.concurrency = concurrency;
        this.rounds = rounds;
        this.runnerJar = runnerJar;
        this.work = work;
        this.out = out;
    }

    /**
     * What one run measured.
     *
     * @param runnerMbPerSecond median throughput of the runner's downloader, MiB/s
     * @param curlMbPerSecond   median throughput of curl, MiB/s
     * @param smallFileHeap     peak live heap of {@code download} for files of {@code size / 16}, bytes
     * @param largeFileHeap     the same for files of {@code size}
     */
    public record Figures(int files, long size, int concurrency, double runnerMbPerSecond, double curlMbPerSecond,
                          long smallFileHeap, long largeFileHeap) {

        public double throughputRatio() {
            return runnerMbPerSecond / curlMbPerSecond;
        }

        public double heapRatio() {
            return (double) largeFileHeap / smallFileHeap;
        }
    }

    public static void main(String[] args) throws Exception {
        int files = 8;
        long size = 5L << 20;
        int concurrency = 4;
        int rounds = 3;
        Path jar = Path.of("batch-runner", "target", "a2e-batch.jar");
        Path work = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[i + 1]);
                case "--size" -> size = FileHostConfig.parseSize(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--runner-jar" -> jar = Path.of(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --files, --size, --concurrency, --rounds, --runner-jar, --work");
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("a2e-download-bench");
        }
        Figures f = new DownloadBenchmark(files, size, concurrency, rounds, jar.toAbsolutePath(), work, System.out)
                .measure();
        System.out.printf(Locale.ROOT, "%n%d files x %.1f MiB, %d at a time, %d cores:%n", f.files(),
                f.size() / 1048576.0, f.concurrency(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  throughput: runner %.0f MiB/s, curl %.0f MiB/s, ratio %.2f%n",
                f.runnerMbPerSecond(), f.curlMbPerSecond(), f.throughputRatio());
        System.out.printf(Locale.ROOT, "  peak live heap of `download`: %.1f MiB with %.2f MiB files, %.1f MiB with"
                        + " %.1f MiB files, ratio %.2f%n", f.smallFileHeap() / 1048576.0, f.size() / 16 / 1048576.0,
                f.largeFileHeap() / 1048576.0, f.size() / 1048576.0, f.heapRatio());
    }

    Figures measure() throws Exception {
        Path tokenFile = Files.writeString(work.resolve("token"), TOKEN + "\n");
        FileHostConfig host = FileHostConfig.DEFAULT.withSize(size / 16);
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).taskDuration(Duration.ofMillis(50))
                .dispatchStep(Duration.ZERO).maxProcessing(100).fileHost(host).start()) {
            RunArguments run = new RunArguments(sim.baseUrl(), tokenFile, 100, 100, Duration.ofMillis(200), "none");
            long smallHeap = downloadHeap(sim, run, tokenFile, "small");
            sim.update(c -> c.fileHost(host.withSize(size)));
            long largeHeap = downloadHeap(sim, run, tokenFile, "large");
            List<String> urls = resultUrls(work.resolve("large").resolve("results.csv"));
            List<Double> runner = new ArrayList<>();
            List<Double> curl = new ArrayList<>();
            // One round each unmeasured: the JIT compiles the download path, the page cache settles.
            throughput(() -> curl(urls, fresh("curl-warm-up")));
            throughput(() -> runner(urls, fresh("runner-warm-up")));
            for (int round = 1; round <= rounds; round++) {
                String suffix = "-" + round;
                curl.add(throughput(() -> curl(urls, fresh("curl" + suffix))));
                runner.add(throughput(() -> runner(urls, fresh("runner" + suffix))));
                out.printf(Locale.ROOT, "round %d: runner %.0f MiB/s, curl %.0f MiB/s%n", round,
                        runner.get(round - 1), curl.get(round - 1));
            }
            return new Figures(files, size, concurrency, median(runner), median(curl), smallHeap, largeHeap);
        }
    }

    /** Runs the manifest (to have completed rows), then measures {@code a2e-batch download} of their files. */
    private long downloadHeap(A2eSimulator sim, RunArguments run, Path tokenFile, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path manifest = GeneratedManifest.of(dir.resolve("manifest.csv"), files, FAMILY);
        MeasuredProcess.Result ran = new MeasuredProcess(RunnerCommand.javaJar(runnerJar), dir, "run", run.of(manifest, dir),
                Duration.ofMinutes(5), Duration.ZERO).run();
        require(ran, "run");
        List<String> args = List.of("download", manifest.toString(), "--to", dir.resolve("media").toString(),
                "--base-url", sim.baseUrl().toString(), "--token-file", tokenFile.toString(),
                "--state-dir", dir.resolve("state").toString(), "--results", dir.resolve("results.csv").toString(),
                "--download-concurrency", Integer.toString(concurrency));
        MeasuredProcess.Result downloaded = new MeasuredProcess(RunnerCommand.javaJar(runnerJar), dir, "download", args,
                Duration.ofMinutes(10), Duration.ofMillis(200)).run();
        require(downloaded, "download");
        out.printf(Locale.ROOT, "%s files: download took %.1f s, peak live heap %.1f MiB (%d samples), peak RSS %.0f MiB%n",
                name, downloaded.wall().toMillis() / 1000.0, downloaded.peakLiveHeapBytes() / 1048576.0,
                downloaded.liveHeapSamples(), downloaded.peakRssBytes() / 1048576.0);
        return downloaded.peakLiveHeapBytes();
    }

    private static void require(MeasuredProcess.Result result, String what) throws IOException {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + " exited " + result.exitCode() + ": "
                    + Files.readString(result.stdout()) + Files.readString(result.stderr()));
        }
    }

    private static List<String> resultUrls(Path results) throws IOException {
        try (var reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().get().parse(reader).stream()
                    .map((CSVRecord r) -> r.get("result_url")).toList();
        }
    }

    private Path fresh(String name) throws IOException {
        Path dir = work.resolve("throughput").resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    private double throughput(Work work) throws Exception {
        long started = System.nanoTime();
        Path dir = work.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes;
        try (Stream<Path> list = Files.list(dir)) {
            bytes = list.mapToLong(p -> p.toFile().length()).sum();
        }
        if (bytes != (long) files * size) {
            throw new IllegalStateException(dir + " holds " + bytes + " bytes, not " + (long) files * size);
        }
        deleteTree(dir);
        return bytes / seconds / 1048576.0;
    }

    private Path curl(List<String> urls, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--no-progress-meter", "--fail", "--parallel",
                "--parallel-max", Integer.toString(concurrency)));
        for (int i = 0; i < urls.size(); i++) {
            command.add("-o");
            command.add(dir.resolve("f" + i).toString());
            command.add(urls.get(i));
        }
        Process curl = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!curl.waitFor(10, TimeUnit.MINUTES) || curl.exitValue() != 0) {
            throw new IllegalStateException("curl failed (exit " + (curl.isAlive() ? "none" : curl.exitValue()) + ")");
        }
        return dir;
    }

    private Path runner(List<String> urls, Path dir) throws Exception {
        Downloader downloader = new Downloader(Downloader.httpClient(Duration.ofSeconds(10)), dir,
                new FileNamer("{key}.{ext}"), new ByteRate(0),
                new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 3), Duration.ofSeconds(60),
                new Random(1), new AtomicLong());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                DownloadJob job = new DownloadJob("f" + i, FAMILY, null, urls.get(i), null);
                running.add(pool.submit(() -> downloader.download(job, name -> { }, j -> {
                    throw new DownloadFailedException("refused");
                })));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return dir;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        Path run() throws Exception;
    }
}
