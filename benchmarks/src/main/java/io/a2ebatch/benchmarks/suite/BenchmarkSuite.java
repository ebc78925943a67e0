package io.a2ebatch.benchmarks.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.a2ebatch.benchmarks.endtoend.EndToEnd;
import io.a2ebatch.benchmarks.manifest.ManifestBenchmark;
import io.a2ebatch.benchmarks.memory.MemoryFootprint;
import io.a2ebatch.benchmarks.polling.PollingBenchmark;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.benchmarks.startup.StartupLatency;
import io.a2ebatch.benchmarks.throughput.Throughput;
import io.a2ebatch.benchmarks.throttle.AchievedRate;
import io.a2ebatch.benchmarks.throttle.RateLimiterBenchmark;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every benchmark and measurement of issues 5 and 10, writes the figures as JSON and a Markdown table,
 * and judges each target. {@code benchmarks/run.sh} is the way in; {@code benchmarks/run.sh --help} lists
 * the options ({@link Options}).
 *
 * {@code --render} measures nothing: it judges the figures of an earlier run again and rewrites its JSON
 * and Markdown table, for when the tables or the targets' wording change.
 *
 * Exit status: 0 when every target measured is met, 1 when one is missed, 2 for a bad command line,
 * 3 when a measurement failed.
 */
public final class BenchmarkSuite {

    static final List<String> SECTIONS = List.of("manifest", "throttle", "polling", "end-to-end", "memory", "startup",
            "throughput");
    /**
     * Interleaved turns of the ceiling in either mode: one run's CPU per row varies by ±10 % with the machine
     * (the plain program's as much), and the median of two is their mean, which one slow turn moves.
     */
    static final int CEILING_TURNS = 3;
    /** The run of issue 10's throughput target: N, R, D, its poll interval and in-flight cap. */
    static final int BOUND_TASKS = 20_000;
    static final double BOUND_RATE = 2_000;
    static final Duration BOUND_TASK_TIME = Duration.ofSeconds(2);
    static final Duration BOUND_POLL = Duration.ofSeconds(1);
    static final int BOUND_MAX_IN_FLIGHT = 10_000;
    /** How the throughput section's labels of the build given with {@code --compare-jar} begin. */
    static final String COMPARED_PREFIX = "compared";
    /** How the throughput section labels the build given with {@code --compare-jar}. */
    static final String COMPARED = COMPARED_PREFIX + " (" + RunnerCommand.JAVA_JAR + ")";

    /** R, D and the in-flight cap of the end-to-end runs; see docs/benchmarks.md for the choice. */
    static final double END_TO_END_RATE = 20;
    static final Duration END_TO_END_TASK_TIME = Duration.ofSeconds(10);
    static final int END_TO_END_MAX_IN_FLIGHT = 400;
    static final List<Double> ACHIEVED_RATES = List.of(200.0, 2000.0);
    static final List<Integer> ACHIEVED_RATE_THREADS = List.of(1, 8);
    /**
     * Every second: the smallest run (10,000 rows, about 10 s) is then sampled about ten times, not twice,
     * so that its largest sample and a long run's are taken from as many steady-state moments as can be.
     */
    static final Duration LIVE_HEAP_INTERVAL = Duration.ofSeconds(1);
    /** The small job of issue 10, where start-up is most of the runner's overhead: N, R, D and the poll interval. */
    static final int STARTUP_JOB_TASKS = 400;
    static final double STARTUP_JOB_RATE = 40;
    static final Duration STARTUP_JOB_TASK_TIME = Duration.ofSeconds(2);
    static final Duration STARTUP_JOB_POLL = Duration.ofMillis(500);

    /**
     * Snake-case JSON; NaN (a ratio with nothing to divide by) is written and read as such. A figure an
     * older run did not measure reads as 0 (or null), so that {@code --render} judges stored runs again.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private BenchmarkSuite() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    /** The command line: one declaration per option; picocli writes the usage from them. */
    @Command(name = "BenchmarkSuite", mixinStandardHelpOptions = true, sortOptions = false,
            usageHelpAutoWidth = true,
            description = {"Runs the benchmarks and measurements of issues 5 and 10, writes the figures as JSON and a"
                    + " Markdown table beside it, and judges each target (docs/benchmarks.md).",
                    "Exit status: 0 every target measured is met, 1 one is missed, 2 bad command line,"
                            + " 3 a measurement failed."})
    static final class Options {

        @Option(names = "--full", description = "the sizes the targets are stated for (1M rows), ~35 min on 2 cores;"
                + " without it, short mode: a few minutes")
        boolean full;

        @Option(names = "--short", description = "short mode (the default)", hidden = true)
        boolean shortMode;

        @Option(names = "--only", split = ",", paramLabel = "SECTION", converter = SectionConverter.class,
                description = "sections to run, comma-separated: ${COMPLETION-CANDIDATES} (default: all)",
                completionCandidates = SectionNames.class)
        List<String> only = List.of();

        @Option(names = "--out", paramLabel = "FILE.json", description = "where the figures go (default: ${DEFAULT-VALUE});"
                + " the Markdown table is written beside it")
        Path out = Path.of("benchmarks", "results", "latest.json");

        @Option(names = "--runner-jar", paramLabel = "JAR", description = "the runner's fat jar, measured as"
                + " `java -jar` (default: ${DEFAULT-VALUE})")
        Path runnerJar = Path.of("batch-runner", "target", "a2e-batch.jar");

        @Option(names = "--launcher", paramLabel = "SCRIPT", description = "the shipped launcher, measured as the user"
                + " runs it (default: ${DEFAULT-VALUE})")
        Path launcher = Path.of("bin", "a2e-batch");

        @Option(names = "--compare-jar", paramLabel = "JAR", description = "another build's fat jar, measured as"
                + " `java -jar` beside this one in the throughput section: the build issue 10 measured its ceiling on"
                + " (benchmarks/first-wave.sh builds it), or main's")
        Path compareJar;

        @Option(names = "--work", paramLabel = "DIR", description = "work directory (default: a new temporary one)")
        Path work;

        @Option(names = "--keep-work", description = "keep generated manifests, runner output and GC logs")
        boolean keepWork;

        @Option(names = "--render", paramLabel = "FILE.json", description = "measure nothing: judge the figures of an"
                + " earlier run again and rewrite its JSON and Markdown table")
        Path render;

        SuiteMode mode() {
            return full ? SuiteMode.FULL : SuiteMode.SHORT;
        }

        Set<String> sections() {
            return only.isEmpty() ? new LinkedHashSet<>(SECTIONS) : new LinkedHashSet<>(only);
        }
    }

    /** The section names, for the usage text. */
    static final class SectionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SECTIONS.iterator();
        }
    }

    /** One name of {@code --only}, refused with the list of known ones. */
    static final class SectionConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String section = value.strip();
            if (!SECTIONS.contains(section)) {
                throw new CommandLine.TypeConversionException("unknown section '" + section + "' in --only; sections: "
                        + String.join(", ", SECTIONS));
            }
            return section;
        }
    }

    static int run(List<String> args, PrintStream out) {
        Options options = new Options();
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
            if (options.full && options.shortMode) {
                throw new CommandLine.ParameterException(commandLine, "--short and --full exclude each other");
            }
        } catch (CommandLine.ParameterException e) {
            out.println("benchmarks: " + e.getMessage());
            commandLine.usage(out);
            return 2;
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(out);
            return 0;
        }
        if (commandLine.isVersionHelpRequested()) {
            out.println("a2e-batch benchmarks");
            return 0;
        }
        if (options.render != null) {
            return render(options.render, out);
        }
        Set<String> sections = options.sections();
        boolean needsRunner = sections.contains("end-to-end") || sections.contains("memory") || sections.contains("startup")
                || sections.contains("throughput");
        if (options.compareJar != null && !Files.isRegularFile(options.compareJar)) {
            out.println("benchmarks: --compare-jar " + options.compareJar + " does not exist");
            return 2;
        }
        if (sections.contains("throughput") && !Throughput.available()) {
            out.println("benchmarks: the throughput section reads CPU times with /usr/bin/time, which is missing;"
                    + " install it (Debian: apt-get install time) or leave the section out with --only");
            return 2;
        }
        if (needsRunner && !Files.isRegularFile(options.runnerJar)) {
            out.println("benchmarks: " + options.runnerJar + " does not exist; build it first: mvn -DskipTests package");
            return 2;
        }
        if (needsRunner && !Files.isExecutable(options.launcher)) {
            out.println("benchmarks: the launcher " + options.launcher + " is missing or not executable; run from a"
                    + " checkout's root or pass --launcher");
            return 2;
        }
        Path work = null;
        try {
            work = options.work != null ? Files.createDirectories(options.work)
                    : Files.createTempDirectory("a2e-benchmarks");
            SuiteResults results = measure(options, work, out);
            write(results, options.out, out);
            boolean allMet = results.targets().stream().allMatch(SuiteResults.Target::met);
            out.println(allMet ? "Every target measured is met." : "Some targets are missed; see above.");
            return allMet ? 0 : 1;
        } catch (IOException | RunnerException | RuntimeException e) {
            out.println("benchmarks: a measurement failed: " + e);
            e.printStackTrace(out);
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("benchmarks: interrupted");
            return 3;
        } finally {
            if (work != null && !options.keepWork) {
                deleteTree(work);
            } else if (work != null) {
                out.println("Work files kept in " + work);
            }
        }
    }

    private static int render(Path json, PrintStream out) {
        try {
            SuiteResults results = MAPPER.readValue(json.toFile(), SuiteResults.class).judgedAgain();
            write(results, json, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("benchmarks: cannot render " + json + ": " + e.getMessage());
            return 3;
        }
    }

    private static SuiteResults measure(Options options, Path work, PrintStream out)
            throws IOException, RunnerException, InterruptedException {
        SuiteMode mode = options.mode();
        Set<String> sections = options.sections();
        Instant started = Instant.now();
        long start = System.nanoTime();
        Machine machine = Machine.describe();
        out.printf("a2e-batch benchmarks, %s mode: %d cores, %s, %.1f GB, %s; load %s%n", mode.name(), machine.cores(),
                machine.cpuModel(), machine.memoryGb(), machine.jdk(), machine.loadAverage());
        Path runnerJar = null;
        String runnerJarId = "";
        if (Files.isRegularFile(options.runnerJar)) {
            // A copy: a rebuild of batch-runner during a long run must not swap the jar under it. The launcher
            // runs the build output in place (it finds it next to itself).
            runnerJar = Files.copy(options.runnerJar, work.resolve("a2e-batch.jar"), StandardCopyOption.REPLACE_EXISTING);
            runnerJarId = options.runnerJar + " (" + Files.size(runnerJar) + " bytes, sha256 " + sha256(runnerJar) + ")";
        }
        RunnerCommand javaJar = runnerJar == null ? null : RunnerCommand.javaJar(runnerJar);
        RunnerCommand launcher = RunnerCommand.launcher(options.launcher.toAbsolutePath());
        Collected c = new Collected(mode.name(), started.toString(), start, machine, runnerJarId);
        // After each section the figures so far are saved, so a failure later loses nothing measured.
        if (sections.contains("manifest")) {
            out.println("== manifest: parse + validate + build against a bare Commons CSV parse");
            c.manifest = manifest(mode);
            c.targets.add(Targets.manifest(c.manifest));
            writeJson(c.results(), options.out);
        }
        if (sections.contains("throttle")) {
            out.println("== throttle: acquire overhead and achieved rate");
            c.throttle = throttle(mode, out);
            writeJson(c.results(), options.out);
        }
        if (sections.contains("polling")) {
            out.println("== polling: simulator against a static WireMock stub");
            c.polling = polling(mode);
            c.targets.addAll(Targets.polling(c.polling));
            writeJson(c.results(), options.out);
        }
        if (sections.contains("end-to-end")) {
            out.println("== end to end: the runner against the simulator at its rate limit");
            c.endToEnd = endToEnd(mode, launcher, work, out);
            c.targets.addAll(Targets.endToEnd(c.endToEnd));
            writeJson(c.results(), options.out);
        }
        if (sections.contains("memory")) {
            out.println("== memory: run and validate by manifest size");
            c.memory = memory(mode, launcher, work, out);
            c.targets.addAll(Targets.memory(c.memory));
            writeJson(c.results(), options.out);
        }
        if (sections.contains("startup")) {
            out.println("== startup: launch to first start request against a minimal Java HttpClient script and"
                    + " the same program precompiled; a small job end to end with start-up");
            c.startup = startup(mode, List.of(launcher, javaJar), work, out);
            c.targets.addAll(Targets.startup(c.startup));
            writeJson(c.results(), options.out);
        }
        if (sections.contains("throughput")) {
            out.println("== throughput: the ceiling against an unlimited simulator, with a plain Java program and"
                    + " another build; N=20,000 at R=2,000/s");
            c.throughput = throughput(mode, launcher, javaJar, options.compareJar, work, out);
            c.targets.addAll(Targets.throughput(c.throughput));
        }
        return c.results();
    }

    /** The figures measured so far; a section left out stays {@code null}. */
    private static final class Collected {
        final String mode;
        final String startedAt;
        final long startNanos;
        final Machine machine;
        final String runnerJar;
        final List<SuiteResults.Target> targets = new ArrayList<>();
        SuiteResults.Manifest manifest;
        SuiteResults.Throttle throttle;
        SuiteResults.Polling polling;
        SuiteResults.EndToEndFigures endToEnd;
        SuiteResults.Memory memory;
        SuiteResults.Startup startup;
        SuiteResults.ThroughputFigures throughput;

        Collected(String mode, String startedAt, long startNanos, Machine machine, String runnerJar) {
            this.mode = mode;
            this.startedAt = startedAt;
            this.startNanos = startNanos;
            this.machine = machine;
            this.runnerJar = runnerJar;
        }

        SuiteResults results() {
            return new SuiteResults(mode, startedAt, Math.round((System.nanoTime() - startNanos) / 1e9), machine,
                    Machine.currentLoadAverage(), runnerJar, manifest, throttle, polling, endToEnd, memory,
                    startup, throughput, List.copyOf(targets));
        }
    }

    private static SuiteResults.Manifest manifest(SuiteMode mode) throws RunnerException {
        Map<String, Jmh.Score> scores = Jmh.run(ManifestBenchmark.class, mode,
                Map.of("rows", Integer.toString(mode.manifestRows())));
        Map<String, Double> ms = new LinkedHashMap<>();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (String method : List.of("commonsCsvParse", "readRecords", "readAndConvert", "parseValidateBuild")) {
            Jmh.Score score = Jmh.require(scores, Jmh.key(method, Map.of("rows", Integer.toString(mode.manifestRows()))));
            ms.put(method, score.score());
            errors.put(method, score.error());
        }
        double baseline = mode.manifestRows() / (ms.get("commonsCsvParse") / 1000);
        double measured = mode.manifestRows() / (ms.get("parseValidateBuild") / 1000);
        return new SuiteResults.Manifest(mode.manifestRows(), ms, baseline, measured, measured / baseline, errors);
    }

    private static SuiteResults.Throttle throttle(SuiteMode mode, PrintStream out)
            throws RunnerException, InterruptedException {
        Map<String, Jmh.Score> scores = Jmh.run(RateLimiterBenchmark.class, mode, Map.of());
        double nanoTime = Jmh.require(scores, "nanoTime").score();
        double acquire = Jmh.require(scores, "acquire").score();
        double nanoTime2 = Jmh.require(scores, "nanoTimeTwoThreads").score();
        double acquire2 = Jmh.require(scores, "acquireTwoThreads").score();
        List<AchievedRate.Result> achieved = new ArrayList<>();
        for (double rate : ACHIEVED_RATES) {
            for (int threads : ACHIEVED_RATE_THREADS) {
                AchievedRate.Result result = new AchievedRate(rate, threads, mode.rateDuration()).measure();
                out.printf("achieved rate: configured %.0f/s, %d thread(s): %.1f/s (%.3f), at most %d in any second%n",
                        rate, threads, result.achieved(), result.ratio(), result.maxInAnySecond());
                achieved.add(result);
            }
        }
        return new SuiteResults.Throttle(nanoTime, acquire, acquire / nanoTime, nanoTime2, acquire2, acquire2 / nanoTime2,
                achieved);
    }

    private static SuiteResults.Polling polling(SuiteMode mode) throws RunnerException {
        Map<String, Jmh.Score> scores = Jmh.run(PollingBenchmark.class, mode, Map.of());
        return new SuiteResults.Polling(PollingBenchmark.CLIENT_THREADS, PollingBenchmark.BATCH, versus(scores, "detail"), versus(scores, "batchDetail"));
    }

    private static SuiteResults.Versus versus(Map<String, Jmh.Score> scores, String method) {
        double simulator = Jmh.require(scores, Jmh.key(method, Map.of("server", "simulator"))).score();
        double stub = Jmh.require(scores, Jmh.key(method, Map.of("server", "static-stub"))).score();
        return new SuiteResults.Versus(simulator, stub, simulator / stub);
    }

    private static SuiteResults.EndToEndFigures endToEnd(SuiteMode mode, RunnerCommand runner, Path work, PrintStream out)
            throws IOException, InterruptedException {
        EndToEnd endToEnd = new EndToEnd(runner, work, mode.endToEndTasks(), END_TO_END_RATE, END_TO_END_TASK_TIME,
                END_TO_END_MAX_IN_FLIGHT);
        List<EndToEnd.Run> runs = new ArrayList<>();
        for (Duration poll : mode.endToEndPolls()) {
            runs.add(report(endToEnd.measure(poll, false), out));
        }
        if (mode.endToEndMixed()) {
            runs.add(report(endToEnd.measure(mode.endToEndPolls().get(0), true), out));
        }
        return new SuiteResults.EndToEndFigures(endToEnd.tasks(), endToEnd.rate(), END_TO_END_TASK_TIME.toSeconds(),
                END_TO_END_MAX_IN_FLIGHT, endToEnd.lowerBoundSeconds(), runs);
    }

    private static SuiteResults.Startup startup(SuiteMode mode, List<RunnerCommand> runners, Path work, PrintStream out)
            throws IOException, InterruptedException {
        Path baselines = StartupLatency.baselines(Files.createDirectories(work.resolve("startup-baseline")));
        List<StartupLatency.Figures> figures = new StartupLatency(baselines, runners, work.resolve("startup"),
                mode.startupRepetitions()).measure();
        for (StartupLatency.Figures f : figures) {
            out.printf("startup: %s: first start request %.2f s after launch (median of %s), CPU %.2f s by then"
                            + " (median of %s); × %.2f the script, × %.2f the precompiled program%n", f.command(),
                    f.medianSeconds(), f.firstRequestSeconds(), f.medianCpuSeconds(), f.cpuSeconds(),
                    f.ratioToScript(), f.ratioToClass());
        }
        // Turns take turns, as the first-request turns do, so that a change of the machine's speed falls on every
        // command alike; each turn has a directory (and so a job repository) of its own: a second run of the same
        // manifest in the same state would find every row done and send nothing.
        List<EndToEnd.Run> runs = new ArrayList<>();
        for (int turn = 1; turn <= mode.startupJobTurns(); turn++) {
            Path turnDir = Files.createDirectories(work.resolve("startup-job-turn-" + turn));
            for (RunnerCommand runner : runners) {
                EndToEnd job = new EndToEnd(runner, turnDir, STARTUP_JOB_TASKS, STARTUP_JOB_RATE,
                        STARTUP_JOB_TASK_TIME, END_TO_END_MAX_IN_FLIGHT);
                EndToEnd.Run run = job.measure(STARTUP_JOB_POLL, false);
                out.printf("startup: %s, N=%d R=%.0f/s D=%ds, turn %d of %d: launch to exit %.1f s vs bound %.1f s"
                                + " (%.3f), first request at %.2f s%n", run.command(), STARTUP_JOB_TASKS,
                        STARTUP_JOB_RATE, STARTUP_JOB_TASK_TIME.toSeconds(), turn, mode.startupJobTurns(),
                        run.wallSeconds(), run.lowerBoundSeconds(), run.wallRatio(), run.firstRequestSeconds());
                runs.add(run);
            }
        }
        return new SuiteResults.Startup(mode.startupRepetitions(), figures, STARTUP_JOB_TASKS, STARTUP_JOB_RATE,
                STARTUP_JOB_TASK_TIME.toMillis() / 1000.0, STARTUP_JOB_TASKS / STARTUP_JOB_RATE
                + STARTUP_JOB_TASK_TIME.toMillis() / 1000.0, runs);
    }

    /**
     * The ceiling, in interleaved turns of the plain Java baseline, this build as the user starts it (the
     * shipped launcher, whose figures the targets judge), this build as {@code java -jar} (the JVM's
     * defaults, as the baseline runs) and the build compared (as {@code java -jar}: how that build was
     * run when it was measured), then the run at R = 2,000/s with each.
     */
    private static SuiteResults.ThroughputFigures throughput(SuiteMode mode, RunnerCommand launcher,
                                                             RunnerCommand javaJar, Path compareJar, Path work,
                                                             PrintStream out)
            throws IOException, InterruptedException {
        boolean full = mode == SuiteMode.FULL;
        int tasks = full ? 20_000 : 10_000;
        Path benchmarksJar;
        try {
            benchmarksJar = Path.of(Throughput.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the benchmarks' class path", e);
        }
        List<RunnerCommand> runners = new ArrayList<>(List.of(launcher, javaJar));
        String compared = "";
        if (compareJar != null) {
            Path copy = Files.copy(compareJar, work.resolve("compared.jar"), StandardCopyOption.REPLACE_EXISTING);
            compared = compareJar + " (sha256 " + sha256(copy) + ")";
            RunnerCommand other = RunnerCommand.javaJar(copy);
            runners.add(new RunnerCommand(COMPARED, other.prefix(), other.suffix(), false));
        }
        RunnerCommand baseline = Throughput.baselineCommand(benchmarksJar);
        List<Throughput.Turn> ceiling = new Throughput(work.resolve("throughput"), tasks, baseline)
                .measure(runners, CEILING_TURNS);
        ceiling.forEach(t -> out.printf(Locale.ROOT, "throughput: turn %d, %s: %,.0f starts/s, %.2f ms CPU/row,"
                + " %.1f s, %.0f MB%n", t.turn(), t.command(), t.startsPerSecond(), t.cpuMsPerRow(), t.wallSeconds(),
                t.peakRssMb()));
        List<Throughput.Median> medians = new ArrayList<>();
        medians.add(Throughput.Median.of("baseline", ceiling));
        runners.forEach(r -> medians.add(Throughput.Median.of(r.label(), ceiling)));
        medians.forEach(m -> out.println("throughput: median " + m));
        List<EndToEnd.Run> bound = new ArrayList<>();
        // The plain program at the same bound: what the machine allows a client without a ledger.
        try {
            bound.add(report(new EndToEnd(baseline, Files.createDirectories(work.resolve("bound-baseline")), BOUND_TASKS,
                    BOUND_RATE, BOUND_TASK_TIME, BOUND_MAX_IN_FLIGHT).measureBaseline(BOUND_POLL, Throughput.THREADS), out));
        } catch (IllegalStateException e) {
            out.println("throughput: the plain program's run at R=2,000/s did not complete: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        for (RunnerCommand runner : runners) {
            EndToEnd run = new EndToEnd(runner, Files.createDirectories(work.resolve("bound-"
                    + runner.label().replace(' ', '-'))), BOUND_TASKS, BOUND_RATE, BOUND_TASK_TIME, BOUND_MAX_IN_FLIGHT);
            try {
                bound.add(report(run.measure(BOUND_POLL, false), out));
            } catch (IllegalStateException e) {
                // The ceiling is measured already; a run that did not complete is reported, not judged.
                out.println("throughput: the run at R=2,000/s with " + runner.label() + " did not complete: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return new SuiteResults.ThroughputFigures(tasks, CEILING_TURNS, ceiling, medians, compared, BOUND_TASKS, BOUND_RATE,
                BOUND_TASK_TIME.toSeconds(), bound);
    }

    private static EndToEnd.Run report(EndToEnd.Run run, PrintStream out) {
        out.printf("end to end (%s, poll %.0fs): makespan %.1fs vs bound %.1fs (%.3f), %.3f requests/task %s,"
                        + " %d x 429, in flight peak %d mean %.0f%n", run.families(), run.pollIntervalSeconds(),
                run.makespanSeconds(), run.lowerBoundSeconds(), run.makespanRatio(), run.requestsPerTask(),
                run.requestsByOperation(), run.rateLimited(), run.peakInFlight(), run.meanInFlight());
        return run;
    }

    private static SuiteResults.Memory memory(SuiteMode mode, RunnerCommand runner, Path work, PrintStream out)
            throws IOException, InterruptedException {
        MemoryFootprint footprint = new MemoryFootprint(runner, work, LIVE_HEAP_INTERVAL);
        List<MemoryFootprint.Run> runs = new ArrayList<>();
        for (long rows : mode.memoryRows()) {
            Path manifest = footprint.manifest(rows);
            runs.add(report(footprint.run(manifest, rows, mode.memoryBudget()), out));
            if (rows == mode.validateRows()) {
                runs.add(report(footprint.validate(manifest, rows, mode.memoryBudget()), out));
            }
            Files.delete(manifest);
        }
        if (!mode.memoryRows().contains(mode.validateRows())) {
            Path manifest = footprint.manifest(mode.validateRows());
            runs.add(report(footprint.validate(manifest, mode.validateRows(), mode.memoryBudget()), out));
            Files.delete(manifest);
        }
        List<MemoryFootprint.Run> complete = SuiteResults.Memory.completeRuns(runs);
        double heapRatio = Double.NaN;
        double medianHeapRatio = Double.NaN;
        double rssRatio = Double.NaN;
        if (complete.size() >= 2) {
            MemoryFootprint.Run smallest = complete.get(0);
            MemoryFootprint.Run largest = complete.get(complete.size() - 1);
            heapRatio = largest.peakLiveHeapMb() / smallest.peakLiveHeapMb();
            medianHeapRatio = largest.medianLiveHeapMb() / smallest.medianLiveHeapMb();
            rssRatio = largest.peakRssMb() / smallest.peakRssMb();
        }
        return new SuiteResults.Memory(runs, heapRatio, medianHeapRatio, rssRatio);
    }

    private static MemoryFootprint.Run report(MemoryFootprint.Run run, PrintStream out) {
        out.printf("memory: %s %d rows%s: %.0fs, %.0f rows/s, live heap peak %.0f MB median %.0f MB (%d samples),"
                        + " heap after GC %.0f MB, committed %.0f MB, RSS %.0f MB, job repository %.0f MB%n",
                run.command(), run.rows(),
                run.complete() ? "" : " (" + run.stopped() + " after " + run.rowsDone() + " rows)", run.wallSeconds(),
                run.rowsPerSecond(), run.peakLiveHeapMb(), run.medianLiveHeapMb(), run.liveHeapSamples(),
                run.maxHeapAfterGcMb(), run.maxCommittedHeapMb(), run.peakRssMb(), run.peakJobRepositoryMb());
        return run;
    }

    /** Writes the JSON and the Markdown table beside it, and prints the table. */
    private static void write(SuiteResults results, Path json, PrintStream out) throws IOException {
        writeJson(results, json);
        Path dir = json.toAbsolutePath().getParent();
        String fileName = json.getFileName().toString();
        Path markdown = dir.resolve((fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName)
                + ".md");
        String table = ResultsTable.markdown(results);
        Files.writeString(markdown, table);
        out.println();
        out.print(table);
        out.println();
        out.println("Written: " + json + " and " + markdown);
    }

    private static void writeJson(SuiteResults results, Path json) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, MAPPER.writeValueAsString(results) + "\n");
    }



    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the work directory " + dir, e);
        }
    }
}
