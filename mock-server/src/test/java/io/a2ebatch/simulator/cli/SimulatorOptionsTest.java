package io.a2ebatch.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class SimulatorOptionsTest {

    @TempDir
    Path dir;

    private static SimulatorConfig parse(String... args) {
        return SimulatorOptions.parse(args, Map.of());
    }

    @Test
    void readsTheCallbackMaintenanceAndResultLifetimeOptions() {
        SimulatorConfig c = parse("--callback-drop-rate", "0.3", "--callback-duplicate-rate", "0.2",
                "--callback-delay", "1s..5s", "--callback-reorder", "--callback-retry-backoff", "250ms",
                "--maintenance", "--task-result-lifetime", "90s");

        assertThat(c.callbacks()).isEqualTo(new SimulatorConfig.Callbacks(0.3, 0.2, DurationRange.parse("1s..5s"), true,
                Duration.ofMillis(250)));
        assertThat(c.chaos().maintenance()).isTrue();
        assertThat(c.tasks().resultLifetime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse().tasks().resultLifetime()).isEqualTo(Duration.ofDays(14));
        assertThat(parse().callbacks()).isEqualTo(new SimulatorConfig.Callbacks(0, 0, DurationRange.ZERO, false,
                Duration.ofSeconds(1)));
    }

    @Test
    void readsEveryOption() {
        SimulatorConfig c = parse("--port", "8089", "--bind=0.0.0.0", "--token", "sk_test_a", "--token", "sk_test_b",
                "--credits", "500", "--task-cost", "3", "--rate-limit", "2.5", "--max-processing", "4",
                "--task-duration", "2s..10s", "--dispatch-step", "100ms", "--task-timeout", "1h",
                "--failure-rate", "0.1", "--error-rate", "0.05", "--fault-rate", "0.01", "--latency", "5ms..50ms",
                "--latency", "start=2s", "--seed", "42", "--state-dir", dir.toString(), "--request-log-size", "7");

        assertThat(c.server().port()).isEqualTo(8089);
        assertThat(c.server().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.access().tokens()).containsExactly("sk_test_a", "sk_test_b");
        assertThat(c.access().credits()).isEqualTo(500);
        assertThat(c.access().taskCost()).isEqualTo(3);
        assertThat(c.access().rateLimit()).isEqualTo(2.5);
        assertThat(c.tasks().maxProcessing()).isEqualTo(4);
        assertThat(c.tasks().duration()).isEqualTo(DurationRange.parse("2s..10s"));
        assertThat(c.tasks().dispatchStep()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.tasks().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(c.tasks().failureRate()).isEqualTo(0.1);
        assertThat(c.chaos().errorRate()).isEqualTo(0.05);
        assertThat(c.chaos().faultRate()).isEqualTo(0.01);
        assertThat(c.chaos().latency()).isEqualTo(DurationRange.parse("5ms..50ms"));
        assertThat(c.chaos().latencyFor(SimulatorOperation.START)).isEqualTo(DurationRange.parse("2s"));
        assertThat(c.chaos().latencyFor(SimulatorOperation.DETAIL)).isEqualTo(DurationRange.parse("5ms..50ms"));
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.server().stateDir()).contains(dir);
        assertThat(c.server().requestLogSize()).isEqualTo(7);
    }

    @Test
    void readsTokensFromAFileAndTheEnvironment() throws IOException {
        Path file = Files.write(dir.resolve("tokens.txt"), List.of("# test tokens", "sk_test_file_1", "", "  sk_test_file_2  "));

        SimulatorConfig c = SimulatorOptions.parse(new String[] {"--token-file", file.toString()},
                Map.of(SimulatorOptions.TOKENS_ENV, "sk_test_env_1, sk_test_env_2"));

        assertThat(c.access().tokens()).containsExactly("sk_test_env_1", "sk_test_env_2", "sk_test_file_1", "sk_test_file_2");
    }

    @Test
    void defaultsToTheSimulatorToken() {
        assertThat(parse().access().tokens()).containsExactly(SimulatorConfig.DEFAULT_TOKEN);
    }

    /** Runs the command line as {@code main} does, capturing what it prints. */
    private record Run(SimulatorMain.Parsed parsed, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        SimulatorMain.Parsed parsed = SimulatorMain.parse(args, Map.of(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(parsed, out.toString(), err.toString());
    }

    @Test
    void answersHelpWithExitZeroAndNothingToStart() {
        Run help = run("--port", "1", "--help");

        assertThat(help.parsed().config()).isEmpty();
        assertThat(help.parsed().exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: java -jar a2e-simulator.jar [OPTIONS]");
    }

    @Test
    void printsItsVersion() {
        Run version = run("--version");

        assertThat(version.parsed().exitCode()).isZero();
        assertThat(version.out()).startsWith("a2e-simulator ").contains("WireMock 3.", "Java ");
        assertThat(version.err()).isEmpty();
    }

    @Test
    void documentsEveryOptionWithItsDefaultInTheHelp() {
        assertThat(SimulatorOptions.help()).contains("--port", "--bind", "--token=", "--token-file", "--credits",
                "--task-cost", "--rate-limit", "--max-processing", "--task-duration", "--dispatch-step",
                "--task-timeout", "--failure-rate", "--error-rate", "--fault-rate", "--latency", "--seed",
                "--state-dir", "--request-log-size", "--help", "--version", "batchDetail", "(default: 100000)",
                "2s..10s)", "500ms)", "(default: 2h)", "Exit status:");
    }

    @Test
    void listsTheOperationsLatencyAccepts() {
        assertThat(SimulatorOptions.LATENCY_OPERATIONS).isEqualTo(SimulatorOperation.latencyNames());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --colour red                     | unknown option '--colour'. Run with --help
            --prot 8089                      | unknown option '--prot'; did you mean --port?
            --task-duraton 5s                | unknown option '--task-duraton'; did you mean --task-duration?
            --a2e.rate-limit=3               | unknown option '--a2e.rate-limit'; did you mean --rate-limit?
            --port                           | Missing required parameter for option '--port' (N)
            --port 70000                     | '--port': 70000 is not a port; use 0 (any free port) or 1..65535
            --credits lots                   | '--credits': 'lots' is not a whole number
            --credits -5                     | '--credits': -5 is negative
            --max-processing 0               | '--max-processing': 0 is out of range
            --rate-limit abc                 | '--rate-limit': 'abc' is not a number
            --rate-limit -1                  | '--rate-limit': -1 is negative
            --failure-rate 2                 | '--failure-rate': 2 is not a share of 0..1
            --error-rate 0.6 --fault-rate 0.6 | --error-rate + --fault-rate is the share of requests that fail
            --latency upload=2s              | unknown operation 'upload'
            --task-duration 5                | '--task-duration': '5' has no unit; did you mean 5s?
            --dispatch-step 5                | '--dispatch-step': '5' has no unit; did you mean 5s?
            --task-timeout 0                 | --task-timeout must be positive
            --bind=                          | --bind is blank
            8089                             | unexpected argument '8089'; options start with --
            """)
    void explainsEachMistakeInOneLineWithExitTwo(String args, String message) {
        Run run = run(args.trim().split(" +"));

        assertThat(run.parsed().exitCode()).isEqualTo(SimulatorOptions.EXIT_USAGE);
        assertThat(run.parsed().config()).isEmpty();
        assertThat(run.err()).startsWith("a2e-simulator: ").contains(message).endsWith("Run with --help for the options."
                + System.lineSeparator());
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void explainsAnUnreadableTokenFile() {
        Run run = run("--token-file", dir.resolve("missing").toString());

        assertThat(run.parsed().exitCode()).isEqualTo(SimulatorOptions.EXIT_USAGE);
        assertThat(run.err()).contains("--token-file", "cannot read the token file", "(no such file)");
    }

    @Test
    void docsTableListsExactlyTheDeclaredOptionsAndExitStatuses() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "simulator.md"));
        CommandSpec spec = SimulatorOptions.commandLine(new SimulatorOptions()).getCommandSpec();
        List<String> declared = spec.options().stream().map(OptionSpec::longestName)
                .filter(n -> !n.equals("--help") && !n.equals("--version")).toList();
        List<String> documented = Pattern.compile("^\\| `(--[a-z-]+)[ `]", Pattern.MULTILINE).matcher(doc).results()
                .map(m -> m.group(1)).toList();

        assertThat(documented).as("options in the table of docs/simulator.md").containsExactlyElementsOf(declared);
        for (String line : spec.usageMessage().exitCodeList().entrySet().stream()
                .map(e -> "| " + e.getKey().strip() + " | " + e.getValue() + " |").toList()) {
            assertThat(doc).as("exit status table of docs/simulator.md").contains(line);
        }
    }
}
