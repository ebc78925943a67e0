package io.a2ebatch.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkSuiteTest {

    @TempDir
    Path dir;

    @Test
    void refusesAnUnknownSectionAndNamesTheKnownOnes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code = BenchmarkSuite.run(List.of("--only", "manifest,latency"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("unknown section 'latency' in --only; sections: manifest, throttle, polling, end-to-end, memory");
    }

    @Test
    void saysHowToBuildTheRunnerWhenItsJarIsMissing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path missing = dir.resolve("a2e-batch.jar");

        int code = BenchmarkSuite.run(List.of("--only", "memory", "--runner-jar", missing.toString()),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(missing + " does not exist; build it first");
    }
}
