package io.a2ebatch.simulator.cli;

import java.io.PrintStream;
import java.util.stream.Collectors;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.accounts.TokenMask;

/**
 * {@code java -jar a2e-simulator.jar [options]}: starts a simulator, prints its base URL and serves
 * until Ctrl-C or SIGTERM, when it closes cleanly. Exit status 2 for a bad command line, 1 when it
 * cannot start.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        SimulatorConfig config;
        try {
            config = SimulatorOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("a2e-simulator: " + e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.print(SimulatorOptions.help());
            return;
        }
        A2eSimulator simulator;
        try {
            simulator = A2eSimulator.start(config);
        } catch (RuntimeException e) {
            System.err.println("a2e-simulator: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("A2E simulator stopped");
        }, "a2e-simulator-shutdown"));
        describe(simulator, System.out);
    }

    static void describe(A2eSimulator simulator, PrintStream out) {
        SimulatorConfig c = simulator.config();
        out.println("A2E simulator listening on " + simulator.baseUrl());
        out.println("  accounts: " + c.tokens().stream().map(TokenMask::mask).collect(Collectors.joining(", "))
                + " (" + c.credits() + " credits each to start, " + c.taskCost() + " per task)");
        out.println("  tasks: " + c.taskDuration() + " processing, at most " + c.maxProcessing()
                + " at once per account, failure rate " + c.failureRate() + ", timeout "
                + DurationRange.format(c.taskTimeout()));
        out.println("  requests: rate limit " + (c.rateLimit() == 0 ? "none" : c.rateLimit() + "/s per token")
                + ", error rate " + c.errorRate() + ", fault rate " + c.faultRate() + ", latency " + c.latency()
                + (c.operationLatency().isEmpty() ? "" : " " + c.operationLatency()) + ", seed " + c.seed());
        c.stateDir().ifPresent(dir -> out.println("  state: " + dir.toAbsolutePath()));
        out.println("  inspect: " + simulator.baseUrl() + "/__a2e/stats ; stop with Ctrl-C");
        out.flush();
    }
}
