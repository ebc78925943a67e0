package io.a2ebatch.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.ProcStatus;
import io.a2ebatch.benchmarks.process.RunArguments;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * Whole-process start-up: the time from launching a process to the simulator (in this JVM) receiving its
 * first start request, and the CPU time the process had used by then, for two baselines and for each way
 * of starting the runner on a small manifest. The baselines are the least a Java program does to send one
 * start request with the JDK's HTTP client, started two ways: {@code FirstRequestScript.java} as a
 * single-file source program ({@code java FirstRequestScript.java}, compiled in memory at every launch:
 * the "minimal Java HttpClient script" issue 10 states its start-up target against), which reads the
 * manifest's first row as a hand-rolled script would; and {@link FirstRequestBaseline} precompiled
 * ({@code java -cp DIR CLASS}: what the JVM and the HTTP client alone cost). Both run with the JVM's
 * defaults. The commands take turns within each repetition, in an order that rotates from one repetition
 * to the next, so that a load change on a shared machine falls on all of them alike; each command's figure
 * is the median of its repetitions, and the ratios compare medians measured in the same run. A runner is
 * stopped once its first start request is seen: what follows is not start-up.
 *
 * @param baselineDir the directory {@link #baselines} filled: the script's source and the precompiled class
 * @param runners     the runner commands measured
 * @param workDir     where manifests, state and output go
 * @param repetitions turns of every command
 */
public record StartupLatency(Path baselineDir, List<RunnerCommand> runners, Path workDir, int repetitions) {

    static final String TOKEN = "sk_test_benchmark_startup";
    static final String FAMILY = "userImage2Video";
    /** Rows of the runner's manifest: ingest is part of its start-up, as on any real run. */
    static final int ROWS = 400;
    /** {@code java -jar} (C2, G1, no class-data sharing) took over 2 minutes to its first request at load 40. */
    static final Duration FIRST_REQUEST_TIMEOUT = Duration.ofSeconds(300);
    /** How long a start request may still be reported after its sender exited. */
    static final Duration EXITED_GRACE = Duration.ofSeconds(5);
    /** The baseline issue 10's start-up target is stated against; first in {@link #measure}'s figures. */
    public static final String SCRIPT_LABEL = "minimal Java HttpClient script (java FirstRequestScript.java)";
    /** The stricter baseline: the same request from a precompiled class; second in the figures. */
    public static final String CLASS_LABEL = "minimal Java HttpClient program, precompiled (java -cp)";
    static final String SCRIPT_FILE = "FirstRequestScript.java";
    /** The precompiled baseline's body: the same request, written out (it reads no manifest). */
    private static final String BASELINE_BODY = "{\"name\":\"baseline\",\"image_url\":\"https://example.com/in/1.png\","
            + "\"prompt\":\"the person is speaking, looking at the camera\"}";

    public StartupLatency {
        runners = List.copyOf(runners);
    }

    /**
     * One command's repetitions.
     *
     * @param command             how it was started
     * @param firstRequestSeconds launch to first start request, one per repetition, in the order run
     * @param medianSeconds       their median
     * @param cpuSeconds          user + system CPU of the process from launch to its first start request, one per
     *                            repetition (NaN where {@code /proc} could not be read)
     * @param medianCpuSeconds    their median
     * @param ratioToScript       medianSeconds / the script baseline's median (issue 10's baseline)
     * @param ratioToClass        medianSeconds / the precompiled baseline's median
     */
    public record Figures(String command, List<Double> firstRequestSeconds, double medianSeconds,
                          List<Double> cpuSeconds, double medianCpuSeconds, double ratioToScript,
                          double ratioToClass) {
    }

    /** One repetition of one command. */
    private record Turn(double seconds, double cpuSeconds) {
    }

    /**
     * Copies the baselines out of this jar into {@code dir}: {@value #SCRIPT_FILE}, a source file the build
     * does not compile, and {@link FirstRequestBaseline}'s class file under its package directory.
     */
    public static Path baselines(Path dir) throws IOException {
        copy(StartupLatency.class.getPackageName().replace('.', '/') + "/" + SCRIPT_FILE, dir.resolve(SCRIPT_FILE));
        String resource = FirstRequestBaseline.class.getName().replace('.', '/') + ".class";
        copy(resource, dir.resolve(resource));
        return dir;
    }

    private static void copy(String resource, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (InputStream in = StartupLatency.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path");
            }
            Files.copy(in, file);
        }
    }

    /** Runs every command {@code repetitions} times, interleaved; the script, then the precompiled baseline first. */
    public List<Figures> measure() throws IOException, InterruptedException {
        TaskFamily family = FamilyCatalog.bundled().require(FAMILY);
        Path manifest = GeneratedManifest.of(Files.createDirectories(workDir).resolve("startup.csv"), ROWS, FAMILY);
        Path tokenFile = Files.writeString(workDir.resolve("startup.token"), TOKEN + "\n");
        RunnerCommand script = RunnerCommand.javaSource(SCRIPT_LABEL, baselineDir.resolve(SCRIPT_FILE));
        RunnerCommand precompiled = RunnerCommand.javaMain(CLASS_LABEL, baselineDir, FirstRequestBaseline.class.getName());
        List<RunnerCommand> commands = new ArrayList<>(List.of(script, precompiled));
        commands.addAll(runners);
        List<List<Turn>> turns = new ArrayList<>();
        commands.forEach(c -> turns.add(new ArrayList<>()));
        for (int rep = 0; rep < repetitions; rep++) {
            for (int turn = 0; turn < commands.size(); turn++) {
                int index = (turn + rep) % commands.size();
                RunnerCommand command = commands.get(index);
                Path dir = Files.createDirectories(workDir.resolve("startup-" + rep + "-" + index));
                List<String> args = command == script ? List.of(tokenFile.toString(), manifest.toString())
                        : command == precompiled ? List.of(tokenFile.toString(), BASELINE_BODY)
                        : null;
                turns.get(index).add(firstRequest(command, args, family, manifest, tokenFile, dir));
            }
        }
        double scriptMedian = median(seconds(turns.get(0), Turn::seconds));
        double classMedian = median(seconds(turns.get(1), Turn::seconds));
        List<Figures> figures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            List<Double> wall = seconds(turns.get(i), Turn::seconds);
            List<Double> cpu = seconds(turns.get(i), Turn::cpuSeconds);
            double median = median(wall);
            figures.add(new Figures(commands.get(i).label(), wall, median, cpu,
                    median(cpu.stream().filter(c -> !c.isNaN()).toList()), median / scriptMedian, median / classMedian));
        }
        return figures;
    }

    private static List<Double> seconds(List<Turn> turns, ToDoubleFunction<Turn> figure) {
        return turns.stream().map(t -> figure.applyAsDouble(t)).toList();
    }

    /**
     * One launch: {@code baselineArgs} are a baseline's arguments after the start URL (null for a runner,
     * which gets the runner's options for {@code manifest}).
     */
    private static Turn firstRequest(RunnerCommand command, List<String> baselineArgs, TaskFamily family,
                                     Path manifest, Path tokenFile, Path dir) throws IOException, InterruptedException {
        boolean isBaseline = baselineArgs != null;
        CompletableFuture<Turn> firstStart = new CompletableFuture<>();
        AtomicReference<Process> launched = new AtomicReference<>();
        AtomicLong launchedAt = new AtomicLong();
        try (A2eSimulator simulator = A2eSimulator.builder()
                .tokens(TOKEN)
                .credits(Long.MAX_VALUE / 4)
                .maxProcessing(100_000)
                .seed(1L)
                .listener(exchange -> {
                    if (exchange.operation() == SimulatorOperation.START && !firstStart.isDone()) {
                        // The CPU is read as the request is seen: a baseline exits right after its answer.
                        Process process = launched.get();
                        double cpu = process == null ? Double.NaN
                                : ProcStatus.cpuSeconds(process.pid()).orElse(Double.NaN);
                        firstStart.complete(new Turn(
                                (exchange.receivedAt().toEpochMilli() - launchedAt.get()) / 1000.0, cpu));
                    }
                })
                .start()) {
            List<String> args = new ArrayList<>();
            if (isBaseline) {
                args.add(simulator.baseUrl().resolve(family.start().path()).toString());
                args.addAll(baselineArgs);
            } else {
                args.addAll(new RunArguments(simulator.baseUrl(), tokenFile, 1000, 50, Duration.ofSeconds(1), "none")
                        .of(manifest, dir));
            }
            ProcessBuilder builder = command.processBuilder(List.of(), args).directory(dir.toFile())
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
            launchedAt.set(System.currentTimeMillis());
            Process process = builder.start();
            launched.set(process);
            try {
                // A process that exits without a start (a bad command line, a failed run) ends the wait; the
                // baseline exits right after its answer, possibly before the simulator's listener has run.
                CompletableFuture.anyOf(firstStart, process.onExit())
                        .get(FIRST_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    return firstStart.get(EXITED_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException exited) {
                    throw new IllegalStateException(command.label() + " exited with status " + process.exitValue()
                            + " without sending a start request; its output is in " + dir, exited);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(command.label() + " sent no start request within "
                        + FIRST_REQUEST_TIMEOUT.toSeconds() + " s; its output is in " + dir, e);
            } finally {
                if (!isBaseline) {
                    process.destroy();
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
