package io.a2ebatch.simulator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.files.FileHostOptions;

/**
 * The command line of {@code a2e-simulator.jar}: parses options ({@code --name value} or
 * {@code --name=value}) into a {@link SimulatorConfig}.
 */
public final class SimulatorOptions {

    /** Environment variable with accepted tokens (separated by commas or whitespace). */
    public static final String TOKENS_ENV = "A2E_SIMULATOR_TOKENS";

    static final String HELP = """
            Usage: java -jar a2e-simulator.jar [options]

            A stateful A2E API simulator: every task family of the spec (start, detail, batchDetail,
            list, delete) with per-task lifecycle, credits, rate limits and injected failures.
            Inspection API: GET /__a2e/stats, POST /__a2e/reset, GET /__a2e/requests,
            POST /__a2e/credits, POST /__a2e/tokens, GET|POST /__a2e/config (see docs/simulator.md).

            Options (--name value or --name=value):
              --port N               TCP port; 0 picks a free one (default 0; the URL is printed)
              --bind ADDRESS         address to listen on (default 127.0.0.1; 0.0.0.0 for all)
              --token TOKEN          accepted bearer token, its own account; repeatable
                                     (default sk_test_simulator). Only for simulator test tokens.
              --token-file FILE      accepted tokens, one per line (# comments); repeatable.
                                     Tokens are also read from $A2E_SIMULATOR_TOKENS.
              --credits N            credits each account starts with (default 100000)
              --task-cost N          credits charged per started task (default 10)
              --rate-limit R         requests per second per token, 0 = unlimited (default 0)
              --max-processing N     tasks processing at once per account; more wait in
                                     pending (default 10)
              --task-duration D      processing time, fixed (5s) or a range (2s..10s) (default 2s..10s)
              --dispatch-step D      time in initialized, then sent, then at least pending (default 500ms)
              --task-timeout D       an unfinished task fails with TIMEOUT after this, refunded (default 2h)
              --failure-rate P       share of tasks that end failed and are refunded, 0..1 (default 0)
              --error-rate P         share of API requests answered with an injected 500/503 (default 0)
              --fault-rate P         share of API requests whose connection is dropped (default 0)
              --latency L            added to every API response: 20ms, 5ms..50ms, or per operation
                                     OP=RANGE (start=2s); repeatable. Operations: %s
              --seed N               makes ids, durations, outcomes and injected failures repeatable
                                     (default: random, shown in /__a2e/stats)
              --state-dir DIR        keep tasks and credits in DIR, so a restart still knows them
              --request-log-size N   recent requests kept for GET /__a2e/requests (default 10000)
            Result files (any of these serves them from a file host on a port of its own):
              --result-size SIZE     bytes of every result file: 5MB, 200KB, 1000 (default 1MB)
              --result-cut-rate P    share of file responses cut part-way through the body (default 0)
              --result-error-rate P  share of file requests answered 503 (default 0)
              --result-bandwidth R   bytes per second of one file response, e.g. 2MB/s (default unlimited)
              --result-url-ttl D     result URLs expire this long after the record was read (default never)
              --result-expiry-rate P share of tasks whose URLs expire after --result-url-ttl (default 1)
              --help                 show this help

            Durations: 250ms, 5s, 1.5s, 2m, 1h. Stop with Ctrl-C or SIGTERM.
            """;

    private SimulatorOptions() {
    }

    /**
     * Parses a command line.
     *
     * @return the configuration, or {@code null} when {@code --help} was asked for
     * @throws IllegalArgumentException naming the option that is wrong and why
     */
    public static SimulatorConfig parse(String[] args, Map<String, String> env) {
        SimulatorConfig.Builder b = SimulatorConfig.builder();
        List<String> tokens = new ArrayList<>(splitTokens(env.getOrDefault(TOKENS_ENV, "")));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'; options start with --");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            try {
                apply(b, tokens, name, value);
                // Validating after each option lets the error name the option that caused it.
                b.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + name + " " + value + ": " + e.getMessage(), e);
            }
        }
        if (!tokens.isEmpty()) {
            b.tokens(tokens);
        }
        return b.build();
    }

    private static void apply(SimulatorConfig.Builder b, List<String> tokens, String name, String value) {
        switch (name) {
            case "port" -> b.port(integer(value));
            case "bind" -> b.bindAddress(value);
            case "token" -> tokens.add(value);
            case "token-file" -> tokens.addAll(readTokens(Path.of(value)));
            case "credits" -> b.credits(whole(value));
            case "task-cost" -> b.taskCost(whole(value));
            case "rate-limit" -> b.rateLimit(number(value));
            case "max-processing" -> b.maxProcessing(integer(value));
            case "task-duration" -> b.taskDuration(DurationRange.parse(value));
            case "dispatch-step" -> b.dispatchStep(DurationRange.parseDuration(value));
            case "task-timeout" -> b.taskTimeout(DurationRange.parseDuration(value));
            case "failure-rate" -> b.failureRate(number(value));
            case "error-rate" -> b.errorRate(number(value));
            case "fault-rate" -> b.faultRate(number(value));
            case "latency" -> latency(b, value);
            case "seed" -> b.seed(whole(value));
            case "state-dir" -> b.stateDir(Path.of(value));
            case "request-log-size" -> b.requestLogSize(integer(value));
            case "result-size", "result-cut-rate", "result-error-rate", "result-bandwidth", "result-url-ttl",
                 "result-expiry-rate" -> b.fileHost(FileHostOptions.apply(b.fileHostOrDefault(), name, value));
            default -> throw new IllegalArgumentException("unknown option; run with --help for the options");
        }
    }

    private static void latency(SimulatorConfig.Builder b, String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            b.latency(DurationRange.parse(value));
            return;
        }
        String op = value.substring(0, eq);
        SimulatorOperation operation = SimulatorOperation.withLatency(op).orElseThrow(() -> new IllegalArgumentException(
                "unknown operation '" + op + "'; use one of " + SimulatorOperation.latencyNames()));
        b.latency(operation, DurationRange.parse(value.substring(eq + 1)));
    }

    private static List<String> readTokens(Path file) {
        List<String> tokens = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    tokens.add(t);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the token file " + file.toAbsolutePath() + " has no token");
        }
        return tokens;
    }

    private static List<String> splitTokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String t : text.split("[,\\s]+")) {
            if (!t.isBlank()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number", e);
        }
    }

    private static long whole(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number", e);
        }
    }

    private static double number(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number (write 0.05 for 5%)", e);
        }
    }

    /** The help text. */
    public static String help() {
        return HELP.formatted(SimulatorOperation.latencyNames());
    }
}
