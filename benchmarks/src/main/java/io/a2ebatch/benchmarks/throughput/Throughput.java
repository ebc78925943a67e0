package io.a2ebatch.benchmarks.throughput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.RunArguments;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.Exchange;
import io.a2ebatch.simulator.ExchangeListener;
import io.a2ebatch.simulator.SimulatorOperation;

/**
 * The runner's ceiling: N tasks against a simulator with no rate limit, the runner allowed 10,000
 * requests a second, N tasks in flight and 16 submit workers, so that only its own work limits it.
 * Each turn measures, in alternation, {@link ThroughputBaseline} (16 threads of the JDK's
 * {@code HttpClient}, the same starts and batchDetail polls, nothing recorded) and each runner given
 * (this build's, and another build's jar for comparison, such as main's). Figures per turn:
 * <ul>
 *   <li><b>starts/s</b>: (starts − 1) ÷ (first start → last start), at the simulator;</li>
 *   <li><b>CPU per row</b>: the process's user + system CPU time ({@code /usr/bin/time}, which counts
 *   every thread to the end of the process) ÷ N: start-up, ingest, every request and every ledger
 *   write included;</li>
 *   <li>wall time and peak RSS of the whole process.</li>
 * </ul>
 * Every task takes {@link #TASK_TIME}, polled each {@link #POLL}.
 *
 * @param workDir    where manifests, state and output go
 * @param tasks      N
 * @param baseline   how {@link ThroughputBaseline} is started
 */
public record Throughput(Path workDir, int tasks, RunnerCommand baseline) {

    static final String TOKEN = "sk_test_benchmark_throughput";
    static final String FAMILY = "userImage2Video";
    static final Duration TASK_TIME = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofSeconds(1);
    public static final int THREADS = 16;
    static final double RUNNER_RATE = 10_000;
    private static final Path TIME = Path.of("/usr/bin/time");
    /** Lines of a failed command's error output quoted in the failure: its work directory may be deleted. */
    private static final int ERROR_LINES = 10;

    /**
     * One process's figures.
     *
     * @param command         what ran ({@code baseline} or a runner's label)
     * @param turn            which turn (1 …)
     * @param startsPerSecond starts ÷ the time from the first start to the last, at the simulator
     * @param cpuMsPerRow     user + system CPU of the whole process ÷ N, in milliseconds
     * @param wallSeconds     launch to exit
     * @param peakRssMb       the process's peak resident set
     * @param exitCode        0 when every task finished
     */
    public record Turn(String command, int turn, double startsPerSecond, double cpuMsPerRow, double wallSeconds,
                       double peakRssMb, int exitCode) {
    }

    /** The baseline as {@code java -cp BENCHMARKS_JAR ThroughputBaseline}. */
    public static RunnerCommand baselineCommand(Path benchmarksJar) {
        return RunnerCommand.javaMain("baseline", benchmarksJar, ThroughputBaseline.class.getName());
    }

    /** Whether this machine has GNU time, which the CPU figures come from. */
    public static boolean available() {
        return Files.isExecutable(TIME);
    }

    /**
     * Measures {@code turns} rounds of the baseline and every runner, in rotating order.
     *
     * @param runners labelled runner commands ({@link RunnerCommand#label} names them in the figures)
     */
    public List<Turn> measure(List<RunnerCommand> runners, int turns) throws IOException, InterruptedException {
        Path manifest = GeneratedManifest.of(Files.createDirectories(workDir).resolve("throughput-" + tasks + ".csv"),
                tasks, FAMILY);
        List<RunnerCommand> all = new ArrayList<>();
        all.add(baseline);
        all.addAll(runners);
        List<Turn> measured = new ArrayList<>();
        for (int turn = 1; turn <= turns; turn++) {
            for (int i = 0; i < all.size(); i++) {
                RunnerCommand command = all.get((i + turn - 1) % all.size());
                measured.add(once(command, command == baseline, manifest, turn));
            }
        }
        return measured;
    }

    private Turn once(RunnerCommand command, boolean isBaseline, Path manifest, int turn)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("throughput-" + turn + "-"
                + command.label().replaceAll("[^A-Za-z0-9]+", "-")));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path timeFile = dir.resolve("time.txt");
        StartTimes starts = new StartTimes();
        try (A2eSimulator simulator = A2eSimulator.builder()
                .tokens(TOKEN)
                .credits(Long.MAX_VALUE / 4)
                .rateLimit(0)
                .maxProcessing(1_000_000)
                .taskDuration(TASK_TIME)
                .dispatchStep(Duration.ofMillis(10))
                .seed(1L)
                .listener(starts)
                .start()) {
            List<String> args = new ArrayList<>();
            if (isBaseline) {
                args.addAll(ThroughputBaseline.arguments(simulator.baseUrl(), tokenFile, FAMILY, tasks, THREADS, POLL,
                        0));
            } else {
                args.addAll(new RunArguments(simulator.baseUrl(), tokenFile, RUNNER_RATE, tasks, POLL, RunArguments.PROGRESS_EVERY_BUILD)
                        .of(manifest, dir));
                args.addAll(List.of("--submit-concurrency", Integer.toString(THREADS)));
            }
            ProcessBuilder builder = command.processBuilder(List.of(), args);
            List<String> timed = new ArrayList<>(List.of(TIME.toString(), "-o", timeFile.toString(), "-f",
                    "%e %U %S %M"));
            timed.addAll(builder.command());
            builder.command(timed).directory(dir.toFile())
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
            Process process = builder.start();
            if (!process.waitFor(Math.max(300, tasks / 20), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command.label() + " did not finish " + tasks + " tasks in time; its"
                        + " output is in " + dir);
            }
            int exit = process.exitValue();
            if (exit != 0 || starts.count() != tasks) {
                throw new IllegalStateException(command.label() + " ended with " + exit + " after " + starts.count()
                        + " of " + tasks + " starts; its output is in " + dir + " (gone unless --keep-work), its"
                        + " error output ended with:\n" + lastLines(dir.resolve("err.txt"), ERROR_LINES));
            }
            String[] time = Files.readString(timeFile).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
            double cpuSeconds = Double.parseDouble(time[1]) + Double.parseDouble(time[2]);
            return new Turn(command.label(), turn, (tasks - 1) / starts.spanSeconds(), cpuSeconds * 1000 / tasks,
                    Double.parseDouble(time[0]), Long.parseLong(time[3]) / 1024.0, exit);
        }
    }

    /**
     * The median figures of one command over its turns.
     *
     * @param command         its label
     * @param startsPerSecond median starts/s
     * @param cpuMsPerRow     median CPU per row
     * @param wallSeconds     median wall time
     * @param peakRssMb       median peak RSS
     */
    public record Median(String command, double startsPerSecond, double cpuMsPerRow, double wallSeconds,
                         double peakRssMb) {

        /** The medians of {@code command}'s turns. */
        public static Median of(String command, List<Turn> turns) {
            List<Turn> own = turns.stream().filter(t -> t.command().equals(command)).toList();
            return new Median(command, median(own, Turn::startsPerSecond), median(own, Turn::cpuMsPerRow),
                    median(own, Turn::wallSeconds), median(own, Turn::peakRssMb));
        }

        private static double median(List<Turn> turns, java.util.function.ToDoubleFunction<Turn> figure) {
            double[] values = turns.stream().mapToDouble(figure).sorted().toArray();
            if (values.length == 0) {
                return Double.NaN;
            }
            int mid = values.length / 2;
            return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %.0f starts/s, %.2f ms CPU/row, %.1f s, %.0f MB", command,
                    startsPerSecond, cpuMsPerRow, wallSeconds, peakRssMb);
        }
    }

    /** The last {@code n} lines of a file, or a note that it could not be read. */
    private static String lastLines(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(" + file + " could not be read: " + e.getMessage() + ")";
        }
    }

    /** Arrival times of the successful start requests. */
    public static final class StartTimes implements ExchangeListener {
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private int count;

        @Override
        public synchronized void onExchange(Exchange exchange) {
            if (exchange.operation() == SimulatorOperation.START && exchange.status() == 200) {
                long at = exchange.receivedAt().toEpochMilli();
                first = Math.min(first, at);
                last = Math.max(last, at);
                count++;
            }
        }

        public synchronized int count() {
            return count;
        }

        public synchronized double spanSeconds() {
            return Math.max(1, last - first) / 1000.0;
        }
    }
}
