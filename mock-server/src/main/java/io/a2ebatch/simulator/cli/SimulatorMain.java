package io.a2ebatch.simulator.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.spec.text.Suggestions;
import picocli.CommandLine;

/**
 * {@code java -jar a2e-simulator.jar [options]}: starts a simulator, prints its base URL and serves
 * until Ctrl-C or SIGTERM, when it closes cleanly. The options and exit statuses are declared in
 * {@link SimulatorOptions}: 2 for a bad command line (one line naming the option, with a did-you-mean
 * for an unknown one), 1 when it cannot start, 0 after {@code --help} or {@code --version}.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Parsed parsed = parse(args, System.getenv(), out, err);
        if (parsed.config().isEmpty()) {
            System.exit(parsed.exitCode());
            return;
        }
        A2eSimulator simulator;
        try {
            simulator = A2eSimulator.start(parsed.config().get());
        } catch (RuntimeException e) {
            err.println("a2e-simulator: cannot start: " + e.getMessage());
            System.exit(SimulatorOptions.EXIT_CANNOT_START);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("A2E simulator stopped");
        }, "a2e-simulator-shutdown"));
        describe(simulator, System.out);
    }

    /**
     * A parsed command line: the configuration to start with, or, when there is nothing to start
     * (help, version, a mistake), the exit status.
     */
    record Parsed(Optional<SimulatorConfig> config, int exitCode) {
    }

    /** Parses {@code args}, printing help, the version or a one-line error as asked. */
    static Parsed parse(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        SimulatorOptions options = new SimulatorOptions();
        CommandLine cli = SimulatorOptions.commandLine(options);
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(out, CommandLine.Help.Ansi.OFF);
                return new Parsed(Optional.empty(), 0);
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(out, CommandLine.Help.Ansi.OFF);
                return new Parsed(Optional.empty(), 0);
            }
            return new Parsed(Optional.of(options.toConfig(env)), 0);
        } catch (CommandLine.ParameterException e) {
            err.println(usageError(oneLine(e)));
        } catch (IllegalArgumentException e) {
            err.println(usageError(e.getMessage()));
        }
        err.flush();
        return new Parsed(Optional.empty(), SimulatorOptions.EXIT_USAGE);
    }

    private static String usageError(String message) {
        return "a2e-simulator: " + message + (message.endsWith("?") ? "" : ".") + " Run with --help for the options.";
    }

    /** picocli's message; an unknown option is named alone, with the nearest declared option. */
    private static String oneLine(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            if (!first.startsWith("-")) {
                return "unexpected argument '" + first + "'; options start with --";
            }
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            return "unknown option '" + name + "'" + nearest(name, e.getCommandLine().getCommandSpec().options())
                    .map(o -> "; did you mean " + o + "?").orElse("");
        }
        String message = e.getMessage().strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /**
     * The declared option closest to a mistyped one, if one is close ({@link Suggestions}, as the runner
     * suggests), also for the same name written as a Spring property ({@code --a2e.rate-limit}, as the
     * runner accepts).
     */
    static Optional<String> nearest(String typed, List<CommandLine.Model.OptionSpec> options) {
        String wanted = typed.startsWith("--a2e.") ? "--" + typed.substring(6).replace('.', '-') : typed;
        return Suggestions.closest(wanted, options.stream().map(CommandLine.Model.OptionSpec::longestName).toList(), 1)
                .stream().findFirst();
    }

    static void describe(A2eSimulator simulator, PrintStream out) {
        SimulatorConfig c = simulator.config();
        out.println("A2E simulator listening on " + simulator.baseUrl());
        out.println("  accounts: " + c.access().tokens().stream().map(TokenMask::mask).collect(Collectors.joining(", "))
                + " (" + c.access().credits() + " credits each to start, " + c.access().taskCost() + " per task)");
        out.println("  tasks: " + c.tasks().duration() + " processing, at most " + c.tasks().maxProcessing()
                + " at once per account, failure rate " + c.tasks().failureRate() + ", timeout "
                + DurationRange.format(c.tasks().timeout()));
        out.println("  requests: rate limit " + (c.access().rateLimit() == 0 ? "none" : c.access().rateLimit() + "/s per token")
                + ", error rate " + c.chaos().errorRate() + ", fault rate " + c.chaos().faultRate() + ", latency " + c.chaos().latency()
                + (c.chaos().operationLatency().isEmpty() ? "" : " " + c.chaos().operationLatency()) + ", seed " + c.seed());
        out.println("  callbacks (kie.ai): drop rate " + c.callbacks().dropRate() + ", duplicate rate "
                + c.callbacks().duplicateRate() + ", delay " + c.callbacks().delay()
                + (c.callbacks().reorder() ? ", reordered" : "") + "; result URLs expire "
                + DurationRange.format(c.tasks().resultLifetime()) + " after completion"
                + (c.chaos().maintenance() ? "; MAINTENANCE on" : ""));
        c.server().stateDir().ifPresent(dir -> out.println("  state: " + dir.toAbsolutePath()));
        out.println("  inspect: " + simulator.baseUrl() + "/__a2e/stats ; stop with Ctrl-C");
        out.flush();
    }
}
