package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class RunOptionsTest {

    @Test
    void mapsEveryOptionToItsProperty() {
        RunOptions options = RunOptions.parse(List.of("m.csv", "--base-url", "http://127.0.0.1:9", "--rate-limit=7",
                "--max-in-flight", "20", "--poll-interval", "2s", "--max-wait", "10m", "--results", "r.csv",
                "--simulator", "--a2e.tracking.batch-size=50"));
        assertThat(options.manifest()).isEqualTo(Path.of("m.csv"));
        assertThat(options.properties()).containsEntry("a2e.api.base-url", "http://127.0.0.1:9")
                .containsEntry("a2e.throttle.rate-limit", "7")
                .containsEntry("a2e.throttle.max-in-flight", "20")
                .containsEntry("a2e.tracking.poll-interval", "2s")
                .containsEntry("a2e.tracking.max-wait", "10m")
                .containsEntry("a2e.output.results", "r.csv")
                .containsEntry("a2e.simulator.enabled", "true")
                .containsEntry("a2e.tracking.batch-size", "50");
        assertThat(options.springArguments()).contains("--a2e.throttle.rate-limit=7");
    }

    @Test
    void refusesATokenOnTheCommandLineAndSaysWhereItGoes() {
        assertThatThrownBy(() -> RunOptions.parse(List.of("m.csv", "--token", "sk_test_abc")))
                .isInstanceOf(RunOptions.UsageException.class)
                .hasMessageContaining("A2E_API_TOKEN").hasMessageContaining("--token-file")
                .hasMessageNotContaining("sk_test_abc");
        assertThatThrownBy(() -> RunOptions.parse(List.of("m.csv", "--a2e.api.token=sk_test_abc")))
                .isInstanceOf(RunOptions.UsageException.class);
    }

    @Test
    void explainsMissingManifestUnknownOptionAndMissingValue() {
        assertThatThrownBy(() -> RunOptions.parse(List.of("--simulator"))).hasMessageContaining("needs a manifest");
        assertThatThrownBy(() -> RunOptions.parse(List.of("m.csv", "--ratelimit", "3"))).hasMessageContaining("--ratelimit");
        assertThatThrownBy(() -> RunOptions.parse(List.of("m.csv", "--rate-limit"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> RunOptions.parse(List.of("a.csv", "b.csv"))).hasMessageContaining("one manifest");
    }
}
