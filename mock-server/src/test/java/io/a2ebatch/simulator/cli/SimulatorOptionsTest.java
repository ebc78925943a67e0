package io.a2ebatch.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorOptionsTest {

    @TempDir
    Path dir;

    private static SimulatorConfig parse(String... args) {
        return SimulatorOptions.parse(args, Map.of());
    }

    @Test
    void readsEveryOption() {
        SimulatorConfig c = parse("--port", "8089", "--bind=0.0.0.0", "--token", "sk_test_a", "--token", "sk_test_b",
                "--credits", "500", "--task-cost", "3", "--rate-limit", "2.5", "--max-processing", "4",
                "--task-duration", "2s..10s", "--dispatch-step", "100ms", "--task-timeout", "1h",
                "--failure-rate", "0.1", "--error-rate", "0.05", "--fault-rate", "0.01", "--latency", "5ms..50ms",
                "--latency", "start=2s", "--seed", "42", "--state-dir", dir.toString(), "--request-log-size", "7");

        assertThat(c.port()).isEqualTo(8089);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.tokens()).containsExactly("sk_test_a", "sk_test_b");
        assertThat(c.credits()).isEqualTo(500);
        assertThat(c.taskCost()).isEqualTo(3);
        assertThat(c.rateLimit()).isEqualTo(2.5);
        assertThat(c.maxProcessing()).isEqualTo(4);
        assertThat(c.taskDuration()).isEqualTo(DurationRange.parse("2s..10s"));
        assertThat(c.dispatchStep()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.taskTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(c.failureRate()).isEqualTo(0.1);
        assertThat(c.errorRate()).isEqualTo(0.05);
        assertThat(c.faultRate()).isEqualTo(0.01);
        assertThat(c.latency()).isEqualTo(DurationRange.parse("5ms..50ms"));
        assertThat(c.latencyFor(SimulatorOperation.START)).isEqualTo(DurationRange.parse("2s"));
        assertThat(c.latencyFor(SimulatorOperation.DETAIL)).isEqualTo(DurationRange.parse("5ms..50ms"));
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.stateDir()).contains(dir);
        assertThat(c.requestLogSize()).isEqualTo(7);
    }

    @Test
    void readsTokensFromAFileAndTheEnvironment() throws IOException {
        Path file = Files.write(dir.resolve("tokens.txt"), List.of("# test tokens", "sk_test_file_1", "", "  sk_test_file_2  "));

        SimulatorConfig c = SimulatorOptions.parse(new String[] {"--token-file", file.toString()},
                Map.of(SimulatorOptions.TOKENS_ENV, "sk_test_env_1, sk_test_env_2"));

        assertThat(c.tokens()).containsExactly("sk_test_env_1", "sk_test_env_2", "sk_test_file_1", "sk_test_file_2");
    }

    @Test
    void defaultsToTheSimulatorToken() {
        assertThat(parse().tokens()).containsExactly(SimulatorConfig.DEFAULT_TOKEN);
    }

    @Test
    void answersHelpWithNoConfiguration() {
        assertThat(parse("--port", "1", "--help")).isNull();
    }

    @Test
    void documentsEveryOptionInTheHelp() {
        assertThat(SimulatorOptions.help()).contains("--port", "--bind", "--token ", "--token-file", "--credits",
                "--task-cost", "--rate-limit", "--max-processing", "--task-duration", "--dispatch-step",
                "--task-timeout", "--failure-rate", "--error-rate", "--fault-rate", "--latency", "--seed",
                "--state-dir", "--request-log-size", "--help", "batchDetail");
    }

    @Test
    void explainsBadOptions() {
        assertThatThrownBy(() -> parse("--colour", "red")).hasMessageContaining("--colour red: unknown option");
        assertThatThrownBy(() -> parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> parse("--credits", "lots")).hasMessageContaining("--credits lots: not a whole number");
        assertThatThrownBy(() -> parse("--failure-rate", "2")).hasMessageContaining("failureRate is a share of 0..1");
        assertThatThrownBy(() -> parse("--latency", "upload=2s")).hasMessageContaining("unknown operation 'upload'");
        assertThatThrownBy(() -> parse("--task-duration", "5")).hasMessageContaining("number and a unit");
        assertThatThrownBy(() -> parse("8089")).hasMessageContaining("Unexpected argument '8089'");
        assertThatThrownBy(() -> parse("--token-file", dir.resolve("missing").toString()))
                .hasMessageContaining("cannot read the token file");
    }
}
