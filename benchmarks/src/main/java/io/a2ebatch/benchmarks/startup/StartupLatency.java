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

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.RunArguments;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * Whole-process start-up: the time from launching a process to the simulator (in this JVM) receiving its
 * first start request, for {@link FirstRequestBaseline} (the least a Java program does to send one) and for
 * each way of starting the runner on a small manifest. The commands take turns within each repetition,
 * in an order that rotates from one repetition to the next, so that a load change on a shared machine
 * falls on all of them alike; each command's figure is the median of its repetitions, and the ratios
 * compare medians measured in the same run. A runner is stopped once its first start request is seen:
 * what follows is not start-up.
 *
 * @param baselineClasses a directory holding {@link FirstRequestBaseline}'s class file alone
 * @param runners         the runner commands measured
 * @param workDir         where manifests, state and output go
 * @param repetitions     turns of every command
 */
public record StartupLatency(Path baselineClasses, List<RunnerCommand> runners, Path workDir, int repetitions) {

    static final String TOKEN = "sk_test_benchmark_startup";
    static final String FAMILY = "userImage2Video";
    /** Rows of the runner's manifest: ingest is part of its start-up, as on any real run. */
    static final int ROWS = 400;
    static final Duration FIRST_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** How long a start request may still be reported after its sender exited. */
    static final Duration EXITED_GRACE = Duration.ofSeconds(5);
    static final String BASELINE_LABEL = "minimal Java HttpClient program";

    public StartupLatency {
        runners = List.copyOf(runners);
    }

    /**
     * One command's repetitions.
     *
     * @param command             how it was started
     * @param firstRequestSeconds launch to first start request, one per repetition, in the order run
     * @param medianSeconds       their median
     * @param ratioToBaseline     medianSeconds / the baseline's median (1 for the baseline)
     */
    public record Figures(String command, List<Double> firstRequestSeconds, double medianSeconds,
                          double ratioToBaseline) {
    }

    /** Copies {@link FirstRequestBaseline}'s class file out of this jar into {@code dir}, its class path. */
    public static Path baselineClasses(Path dir) throws IOException {
        String resource = FirstRequestBaseline.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(resource);
        Files.createDirectories(file.getParent());
        try (InputStream in = FirstRequestBaseline.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the class file " + resource + " is not on the class path");
            }
            Files.copy(in, file);
        }
        return dir;
    }

    /** Runs every command {@code repetitions} times, interleaved; the baseline first in the list returned. */
    public List<Figures> measure() throws IOException, InterruptedException {
        TaskFamily family = FamilyCatalog.bundled().require(FAMILY);
        Path manifest = GeneratedManifest.of(Files.createDirectories(workDir).resolve("startup.csv"), ROWS, FAMILY);
        Path tokenFile = Files.writeString(workDir.resolve("startup.token"), TOKEN + "\n");
        RunnerCommand baseline = RunnerCommand.javaMain(BASELINE_LABEL, baselineClasses, FirstRequestBaseline.class.getName());
        List<RunnerCommand> commands = new ArrayList<>();
        commands.add(baseline);
        commands.addAll(runners);
        List<List<Double>> seconds = new ArrayList<>();
        commands.forEach(c -> seconds.add(new ArrayList<>()));
        for (int rep = 0; rep < repetitions; rep++) {
            for (int turn = 0; turn < commands.size(); turn++) {
                int index = (turn + rep) % commands.size();
                RunnerCommand command = commands.get(index);
                Path dir = Files.createDirectories(workDir.resolve("startup-" + rep + "-" + index));
                seconds.get(index).add(firstRequestSeconds(command, command == baseline, family, manifest, tokenFile, dir));
            }
        }
        double baselineMedian = median(seconds.get(0));
        List<Figures> figures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            double median = median(seconds.get(i));
            figures.add(new Figures(commands.get(i).label(), List.copyOf(seconds.get(i)), median, median / baselineMedian));
        }
        return figures;
    }

    private static double firstRequestSeconds(RunnerCommand command, boolean isBaseline, TaskFamily family,
                                              Path manifest, Path tokenFile, Path dir)
            throws IOException, InterruptedException {
        CompletableFuture<Long> firstStart = new CompletableFuture<>();
        try (A2eSimulator simulator = A2eSimulator.builder()
                .tokens(TOKEN)
                .credits(Long.MAX_VALUE / 4)
                .maxProcessing(100_000)
                .seed(1L)
                .listener(exchange -> {
                    if (exchange.operation() == SimulatorOperation.START) {
                        firstStart.complete(exchange.receivedAt().toEpochMilli());
                    }
                })
                .start()) {
            List<String> args = isBaseline
                    ? List.of(simulator.baseUrl().resolve(family.start().path()).toString(), tokenFile.toString(),
                    "{\"name\":\"baseline\",\"image_url\":\"https://example.com/in/1.png\","
                            + "\"prompt\":\"the person is speaking, looking at the camera\"}")
                    : new RunArguments(simulator.baseUrl(), tokenFile, 1000, 50, Duration.ofSeconds(1), "none")
                    .of(manifest, dir);
            ProcessBuilder builder = command.processBuilder(List.of(), args).directory(dir.toFile())
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
            long launched = System.currentTimeMillis();
            Process process = builder.start();
            try {
                // A process that exits without a start (a bad command line, a failed run) ends the wait; the
                // baseline exits right after its answer, possibly before the simulator's listener has run.
                CompletableFuture.anyOf(firstStart, process.onExit())
                        .get(FIRST_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    return (firstStart.get(EXITED_GRACE.toMillis(), TimeUnit.MILLISECONDS) - launched) / 1000.0;
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
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
