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
    void mapsTheRunIdentityAndOwnershipOptionsAndNamesTheRunsDatabase() {
        RunOptions options = RunOptions.parse(List.of("m.csv", "--run-name", "nightly", "--dry-run", "--retry-failed",
                "--resubmit-changed", "--wait-for-owner", "--no-reconcile", "--reconcile-since", "12h"));
        assertThat(options.properties()).containsEntry("a2e.run.name", "nightly")
                .containsEntry("a2e.run.dry-run", "true")
                .containsEntry("a2e.run.retry-failed", "true")
                .containsEntry("a2e.run.resubmit-changed", "true")
                .containsEntry("a2e.lease.wait-for-owner", "true")
                .containsEntry("a2e.reconcile.enabled", "false")
                .containsEntry("a2e.reconcile.since", "12h")
                .containsEntry("a2e.run.tag", io.a2ebatch.run.RunIdentity.tagOf("nightly"));
        assertThat(options.dryRun()).isTrue();
        assertThat(RunOptions.parse(List.of("m.csv")).properties().get("a2e.run.tag"))
                .isEqualTo(io.a2ebatch.run.RunIdentity.tagOf(Path.of("m.csv").toAbsolutePath().normalize().toString()));
    }

    @Test
    void defaultsTheStateDirectoryToTheXdgStateHome() {
        assertThat(io.a2ebatch.config.StateProperties.defaultDir(java.util.Map.of("XDG_STATE_HOME", "/var/xdg"),
                "/home/u")).isEqualTo(Path.of("/var/xdg/a2e-batch"));
        assertThat(io.a2ebatch.config.StateProperties.defaultDir(java.util.Map.of("XDG_STATE_HOME", "relative"),
                "/home/u")).as("XDG says: ignore a relative path").isEqualTo(Path.of("/home/u/.local/state/a2e-batch"));
        assertThat(io.a2ebatch.config.StateProperties.defaultDir(java.util.Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/state/a2e-batch"));
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
