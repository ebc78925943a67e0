package io.a2ebatch.simulator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/**
 * The command line of {@code a2e-simulator.jar}, declared once: each option's name, type (with its
 * unit and range), default and description are here, and parsing, {@code --help}, {@code --version}
 * and the option table of {@code docs/simulator.md} (checked by a test) all come from this
 * declaration. Defaults are read from {@link SimulatorConfig#builder()}, so the command line and the
 * embeddable API cannot disagree.
 */
@Command(name = "a2e-simulator",
        customSynopsis = "java -jar a2e-simulator.jar [OPTIONS]",
        mixinStandardHelpOptions = true,
        versionProvider = SimulatorOptions.Version.class,
        defaultValueProvider = SimulatorOptions.Defaults.class,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "",
            "A stateful A2E API simulator: every task family of the spec (start, detail, batchDetail, list,",
            "delete) with per-task lifecycle, credits, rate limits and injected failures; and kie.ai's Runway",
            "Aleph (generate, record-info, callbacks) from its provider descriptor. Inspection API:",
            "GET /__a2e/stats, POST /__a2e/reset, GET /__a2e/requests, POST /__a2e/credits, POST /__a2e/tokens,",
            "GET|POST /__a2e/config (see docs/simulator.md). Tokens are also read from $" + SimulatorOptions.TOKENS_ENV
                + ".",
            "",
            "Options (--name value or --name=value):"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped with Ctrl-C or SIGTERM; or --help, --version",
            "1:could not start (port taken, state directory unusable)",
            "2:bad command line (unknown option, bad value)"},
        footer = {"", "Durations: 250ms, 5s, 1.5s, 2m, 1h (a unit is required; 0 needs none), or ISO-8601 (PT5S)."})
public final class SimulatorOptions {

    /** Environment variable with accepted tokens (separated by commas or whitespace). */
    public static final String TOKENS_ENV = "A2E_SIMULATOR_TOKENS";

    /** The operations {@code --latency OP=RANGE} accepts; a test keeps it equal to {@link SimulatorOperation#latencyNames()}. */
    static final String LATENCY_OPERATIONS = "start, detail, batchDetail, list, delete, resultFile, other";

    /** Exit status for a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the simulator cannot start. */
    public static final int EXIT_CANNOT_START = 1;

    @Option(names = "--port", paramLabel = "N", converter = Port.class,
            description = "TCP port; 0 picks a free one, printed at start (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "accepted bearer token, its own account; repeatable (default: "
                    + SimulatorConfig.DEFAULT_TOKEN + " when no token is given). Only for simulator test tokens")
    List<String> tokens = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "accepted tokens, one per line, # comments; repeatable")
    List<Path> tokenFiles = new ArrayList<>();

    @Option(names = "--credits", paramLabel = "N", converter = NonNegative.class,
            description = "credits each account starts with (default: ${DEFAULT-VALUE})")
    long credits;

    @Option(names = "--task-cost", paramLabel = "N", converter = NonNegative.class,
            description = "credits charged per started task (default: ${DEFAULT-VALUE})")
    long taskCost;

    @Option(names = "--rate-limit", paramLabel = "R", converter = Rate.class,
            description = "requests per second per token (burst: one second's worth); 0 = unlimited "
                    + "(default: ${DEFAULT-VALUE})")
    double rateLimit;

    @Option(names = "--max-processing", paramLabel = "N", converter = Positive.class,
            description = "tasks processing at once per account; later ones wait in pending (default: ${DEFAULT-VALUE})")
    long maxProcessing;

    @Option(names = "--task-duration", paramLabel = "D", converter = Range.class,
            description = "processing time, fixed (5s) or uniform in a range (2s..10s) (default: ${DEFAULT-VALUE})")
    DurationRange taskDuration;

    @Option(names = "--dispatch-step", paramLabel = "D", converter = Time.class,
            description = "time in initialized, then in sent, then at least in pending (default: ${DEFAULT-VALUE})")
    Duration dispatchStep;

    @Option(names = "--task-timeout", paramLabel = "D", converter = Time.class,
            description = "a task not finished this long after its start fails with TIMEOUT, refunded "
                    + "(default: ${DEFAULT-VALUE})")
    Duration taskTimeout;

    @Option(names = "--task-result-lifetime", paramLabel = "D", converter = Time.class,
            description = "result URLs stop working (403) this long after their task completed (default: ${DEFAULT-VALUE})")
    Duration resultLifetime;

    @Option(names = "--failure-rate", paramLabel = "P", converter = Share.class,
            description = "share of tasks that end failed (refunded), 0..1 (default: ${DEFAULT-VALUE})")
    double failureRate;

    @Option(names = "--error-rate", paramLabel = "P", converter = Share.class,
            description = "share of API requests answered with an injected 500 or 503, 0..1 (default: ${DEFAULT-VALUE})")
    double errorRate;

    @Option(names = "--fault-rate", paramLabel = "P", converter = Share.class,
            description = "share of API requests whose connection is dropped, 0..1 (default: ${DEFAULT-VALUE})")
    double faultRate;

    @Option(names = "--latency", paramLabel = "L", converter = LatencyConverter.class,
            description = "added to every API response: 20ms, 5ms..50ms; per operation OP=RANGE (start=2s); "
                    + "repeatable. Operations: " + LATENCY_OPERATIONS + " (default: 0)")
    List<Latency> latency = new ArrayList<>();

    @Option(names = "--maintenance",
            description = "start in a maintenance window: every API request is refused (A2E: 503; kie.ai: 455) until "
                    + "POST /__a2e/config {\"maintenance\": false}")
    boolean maintenance;

    @Option(names = "--callback-drop-rate", paramLabel = "P", converter = Share.class,
            description = "share of callbacks (kie.ai's callBackUrl) never sent, 0..1 (default: ${DEFAULT-VALUE})")
    double callbackDropRate;

    @Option(names = "--callback-duplicate-rate", paramLabel = "P", converter = Share.class,
            description = "share of callbacks sent twice, 0..1 (default: ${DEFAULT-VALUE})")
    double callbackDuplicateRate;

    @Option(names = "--callback-delay", paramLabel = "D", converter = Range.class,
            description = "time from a task finishing to its callback, fixed (2s) or a range (1s..5s) "
                    + "(default: ${DEFAULT-VALUE})")
    DurationRange callbackDelay;

    @Option(names = "--callback-reorder",
            description = "callbacks wait a further random time up to the delay's maximum (or 1s), so they arrive "
                    + "out of order")
    boolean callbackReorder;

    @Option(names = "--callback-retry-backoff", paramLabel = "D", converter = Time.class,
            description = "wait before retrying a failed callback delivery, doubled for each of the 3 retries "
                    + "(default: ${DEFAULT-VALUE})")
    Duration callbackRetryBackoff;

    @Option(names = "--seed", paramLabel = "N",
            description = "makes ids, durations, outcomes, injected failures and latency repeatable "
                    + "(default: random, shown in /__a2e/stats)")
    Long seed;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "keep tasks and credits in DIR, so a restarted simulator still knows them (default: none)")
    Path stateDir;

    @Option(names = "--request-log-size", paramLabel = "N", converter = NonNegative.class,
            description = "recent requests kept for GET /__a2e/requests (default: ${DEFAULT-VALUE})")
    long requestLogSize;

    @Option(names = "--result-size", paramLabel = "SIZE", converter = Size.class,
            description = "bytes of every result file: 5MB, 200KB, 1000 (binary units: 1KB = 1024). Any --result-* "
                    + "option serves result files from a file host on a port of its own (default: 1MB)")
    Long resultSize;

    @Option(names = "--result-cut-rate", paramLabel = "P", converter = Share.class,
            description = "share of file responses whose connection is closed part-way through the body, 0..1 "
                    + "(default: 0)")
    Double resultCutRate;

    @Option(names = "--result-error-rate", paramLabel = "P", converter = Share.class,
            description = "share of file requests answered 503 (Retry-After: 1), 0..1 (default: 0)")
    Double resultErrorRate;

    @Option(names = "--result-bandwidth", paramLabel = "R", converter = Bandwidth.class,
            description = "bytes per second of one file response, e.g. 2MB/s; 0 = unlimited (default: 0)")
    Long resultBandwidth;

    @Option(names = "--result-url-ttl", paramLabel = "D", converter = Time.class,
            description = "result URLs expire this long after the record that carries them was read (default: never)")
    Duration resultUrlTtl;

    @Option(names = "--result-expiry-rate", paramLabel = "P", converter = Share.class,
            description = "share of tasks whose URLs expire after --result-url-ttl (chosen by task id), 0..1 "
                    + "(default: 1)")
    Double resultExpiryRate;

    /** One {@code --latency} value: for every operation, or for one. */
    record Latency(Optional<SimulatorOperation> operation, DurationRange range) {
    }

    /** A picocli command line over a fresh declaration. */
    static CommandLine commandLine(SimulatorOptions options) {
        CommandLine cli = new CommandLine(options);
        // A token or path starting with @ is a value, not a file of arguments.
        cli.setExpandAtFiles(false);
        return cli;
    }

    /**
     * Parses a command line into a configuration (tests and embedding; {@link SimulatorMain} adds help,
     * version and exit codes).
     *
     * @throws CommandLine.ParameterException naming the option that is wrong and why
     * @throws IllegalArgumentException       for values that are wrong together, naming the options
     */
    public static SimulatorConfig parse(String[] args, Map<String, String> env) {
        SimulatorOptions options = new SimulatorOptions();
        commandLine(options).parseArgs(args);
        return options.toConfig(env);
    }

    /**
     * The configuration these options describe.
     *
     * @throws IllegalArgumentException for values that are wrong together, naming the options, or an
     *                                  unreadable token file
     */
    SimulatorConfig toConfig(Map<String, String> env) {
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .port(port)
                .bindAddress(bind)
                .credits(credits)
                .taskCost(taskCost)
                .rateLimit(rateLimit)
                .maxProcessing((int) maxProcessing)
                .taskDuration(taskDuration)
                .dispatchStep(dispatchStep)
                .taskTimeout(taskTimeout)
                .failureRate(failureRate)
                .errorRate(errorRate)
                .faultRate(faultRate)
                .requestLogSize((int) requestLogSize)
                .resultLifetime(resultLifetime)
                .maintenance(maintenance)
                .callbackDropRate(callbackDropRate)
                .callbackDuplicateRate(callbackDuplicateRate)
                .callbackDelay(callbackDelay)
                .callbackReorder(callbackReorder)
                .callbackRetryBackoff(callbackRetryBackoff);
        for (Latency l : latency) {
            l.operation().ifPresentOrElse(op -> b.latency(op, l.range()), () -> b.latency(l.range()));
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (stateDir != null) {
            b.stateDir(stateDir);
        }
        fileHost().ifPresent(b::fileHost);
        List<String> accepted = new ArrayList<>(splitTokens(env.getOrDefault(TOKENS_ENV, "")));
        for (Path file : tokenFiles) {
            accepted.addAll(readTokens(file));
        }
        accepted.addAll(tokens);
        if (!accepted.isEmpty()) {
            b.tokens(accepted);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(withOptionNames(e.getMessage()), e);
        }
    }

    /** The result-file host the {@code --result-*} options describe; empty when none is given. */
    private Optional<FileHostConfig> fileHost() {
        if (resultSize == null && resultCutRate == null && resultErrorRate == null && resultBandwidth == null
                && resultUrlTtl == null && resultExpiryRate == null) {
            return Optional.empty();
        }
        FileHostConfig d = FileHostConfig.DEFAULT;
        return Optional.of(new FileHostConfig(resultSize == null ? d.size() : resultSize,
                resultCutRate == null ? d.cutRate() : resultCutRate,
                resultErrorRate == null ? d.errorRate() : resultErrorRate,
                resultBandwidth == null ? d.bytesPerSecond() : resultBandwidth,
                resultUrlTtl == null ? d.urlTtl() : resultUrlTtl,
                resultExpiryRate == null ? d.expiryRate() : resultExpiryRate));
    }

    /** The configuration's field names in a message, written as the options that set them. */
    private static String withOptionNames(String message) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("errorRate", "--error-rate");
        names.put("faultRate", "--fault-rate");
        names.put("failureRate", "--failure-rate");
        names.put("taskTimeout", "--task-timeout");
        names.put("dispatchStep", "--dispatch-step");
        names.put("bindAddress", "--bind");
        names.put("resultLifetime", "--task-result-lifetime");
        names.put("callbackRetryBackoff", "--callback-retry-backoff");
        String out = message;
        for (var e : names.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static List<String> readTokens(Path file) {
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    found.add(t);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file " + file + ": cannot read the token file "
                    + file.toAbsolutePath() + " (" + reason(e) + ")", e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("--token-file " + file + ": the token file " + file.toAbsolutePath()
                    + " has no token");
        }
        return found;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? "unreadable" : e.getMessage();
    }

    private static List<String> splitTokens(String text) {
        List<String> found = new ArrayList<>();
        for (String t : text.split("[,\\s]+")) {
            if (!t.isBlank()) {
                found.add(t);
            }
        }
        return found;
    }

    /** The help text. */
    public static String help() {
        return commandLine(new SimulatorOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Defaults from {@link SimulatorConfig#builder()}, so they are written down once. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {

        private static final SimulatorConfig DEFAULT = SimulatorConfig.builder().build();

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--port" -> String.valueOf(DEFAULT.server().port());
                case "--bind" -> DEFAULT.server().bindAddress();
                case "--credits" -> String.valueOf(DEFAULT.access().credits());
                case "--task-cost" -> String.valueOf(DEFAULT.access().taskCost());
                case "--rate-limit" -> plain(DEFAULT.access().rateLimit());
                case "--max-processing" -> String.valueOf(DEFAULT.tasks().maxProcessing());
                case "--task-duration" -> DEFAULT.tasks().duration().toString();
                case "--dispatch-step" -> DurationRange.format(DEFAULT.tasks().dispatchStep());
                case "--task-timeout" -> DurationRange.format(DEFAULT.tasks().timeout());
                case "--failure-rate" -> plain(DEFAULT.tasks().failureRate());
                case "--error-rate" -> plain(DEFAULT.chaos().errorRate());
                case "--fault-rate" -> plain(DEFAULT.chaos().faultRate());
                case "--request-log-size" -> String.valueOf(DEFAULT.server().requestLogSize());
                case "--task-result-lifetime" -> DurationRange.format(DEFAULT.tasks().resultLifetime());
                case "--callback-drop-rate" -> plain(DEFAULT.callbacks().dropRate());
                case "--callback-duplicate-rate" -> plain(DEFAULT.callbacks().duplicateRate());
                case "--callback-delay" -> DEFAULT.callbacks().delay().toString();
                case "--callback-retry-backoff" -> DurationRange.format(DEFAULT.callbacks().retryBackoff());
                default -> null;
            };
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }
    }

    /** {@code a2e-simulator VERSION (WireMock V, Java V)}, the version from the build. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"a2e-simulator " + version() + " (WireMock "
                    + com.github.tomakehurst.wiremock.core.Version.getCurrentVersion() + ", Java "
                    + System.getProperty("java.version") + ")"};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = SimulatorOptions.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "(version unknown)";
            }
            return p.getProperty("version", "(version unknown)");
        }
    }

    /**
     * A converter from a parsing function: the function's {@link IllegalArgumentException} message is
     * what the user reads after the option's name. Every option type below is one of these.
     *
     * @param <T> the option's type
     */
    abstract static class Parsing<T> implements ITypeConverter<T> {

        private final Function<String, T> parser;

        Parsing(Function<String, T> parser) {
            this.parser = parser;
        }

        @Override
        public final T convert(String value) {
            try {
                return parser.apply(value);
            } catch (TypeConversionException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** 0 (any free port) or 1..65535. */
    static final class Port extends Parsing<Integer> {
        Port() {
            super(value -> (int) within(value, whole(value), 0, 65_535, "is not a port; use 0 (any free port) or 1..65535"));
        }
    }

    /** A whole number {@code >= 0}. */
    static final class NonNegative extends Parsing<Long> {
        NonNegative() {
            super(value -> within(value, whole(value), 0, Long.MAX_VALUE, "is negative; use 0 or more"));
        }
    }

    /** A whole number {@code >= 1}, at most {@link Integer#MAX_VALUE}. */
    static final class Positive extends Parsing<Long> {
        Positive() {
            super(value -> within(value, whole(value), 1, Integer.MAX_VALUE,
                    "is out of range; use 1.." + Integer.MAX_VALUE));
        }
    }

    /** Requests per second, {@code >= 0}. */
    static final class Rate extends Parsing<Double> {
        Rate() {
            super(value -> within(value, number(value), 0, Double.MAX_VALUE,
                    "is negative; use requests per second, 0 for unlimited"));
        }
    }

    /** A share of 0..1. */
    static final class Share extends Parsing<Double> {
        Share() {
            super(value -> within(value, number(value), 0, 1, "is not a share of 0..1 (write 0.05 for 5%)"));
        }
    }

    /** A size in bytes: {@code 5MB}, {@code 200KB}, {@code 1000}. */
    static final class Size extends Parsing<Long> {
        Size() {
            super(FileHostConfig::parseSize);
        }
    }

    /** Bytes per second: {@code 2MB/s}, {@code 2MB}; 0 for unlimited. */
    static final class Bandwidth extends Parsing<Long> {
        Bandwidth() {
            super(FileHostConfig::parseRate);
        }
    }

    /** One duration with a unit. */
    static final class Time extends Parsing<Duration> {
        Time() {
            super(DurationRange::parseDuration);
        }
    }

    /** A duration or a range of two. */
    static final class Range extends Parsing<DurationRange> {
        Range() {
            super(DurationRange::parse);
        }
    }

    /** {@code RANGE} or {@code OP=RANGE}. */
    static final class LatencyConverter extends Parsing<Latency> {
        LatencyConverter() {
            super(SimulatorOptions::latency);
        }
    }

    private static Latency latency(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            return new Latency(Optional.empty(), DurationRange.parse(value));
        }
        String op = value.substring(0, eq);
        SimulatorOperation operation = SimulatorOperation.withLatency(op).orElseThrow(() ->
                new IllegalArgumentException("unknown operation '" + op + "'; use one of "
                        + SimulatorOperation.latencyNames()));
        return new Latency(Optional.of(operation), DurationRange.parse(value.substring(eq + 1)));
    }

    private static long within(String value, long n, long min, long max, String problem) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(value + " " + problem);
        }
        return n;
    }

    private static double within(String value, double d, double min, double max, String problem) {
        if (d < min || d > max) {
            throw new IllegalArgumentException(value + " " + problem);
        }
        return d;
    }

    private static long whole(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }

    private static double number(String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException(value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number (write 0.05 for 5%)");
        }
    }
}
