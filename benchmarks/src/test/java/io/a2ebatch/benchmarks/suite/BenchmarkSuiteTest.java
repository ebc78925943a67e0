package io.a2ebatch.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
                .contains("unknown section 'latency' in --only; sections: manifest, throttle, polling, end-to-end, memory,"
                        + " startup");
    }

    @Test
    void helpIsGeneratedFromTheOptionsAndListsTheSections() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code = BenchmarkSuite.run(List.of("--help"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--full", "--only=SECTION", "--out=FILE.json", "--runner-jar=JAR", "--launcher=SCRIPT",
                        "--work=DIR", "--keep-work", "--render=FILE.json")
                .contains("end-to-end", "startup");
    }

    @Test
    void refusesShortAndFullTogether() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code = BenchmarkSuite.run(List.of("--short", "--full"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--short and --full exclude each other");
    }

    @Test
    void rendersAStoredRunAgainJudgingItsFiguresAsTheTargetsNowDo() throws Exception {
        Path json = dir.resolve("stored.json");
        // A manifest section alone, with a stale verdict: 45 % was once written down as met.
        Files.writeString(json, """
                {"mode": "short", "started_at": "2026-11-22T00:00:00Z", "duration_seconds": 60,
                 "machine": {"cores": 2, "cpu_model": "AMD EPYC", "memory_gb": 23.5, "jdk": "OpenJDK 17",
                             "os": "Linux", "load_average": "0.5 0.5 0.5"},
                 "load_average_end": "0.5 0.5 0.5", "runner_jar": "",
                 "manifest": {"rows": 1000, "ms_per_file": {"commonsCsvParse": 9.0, "readRecords": 10.0,
                              "readAndConvert": 15.0, "parseValidateBuild": 20.0},
                              "baseline_rows_per_second": 111111.0, "rows_per_second": 50000.0, "ratio": 0.45,
                              "error_ms_per_file": {}},
                 "targets": [{"name": "manifest", "target": "x", "measured": "45 %", "met": true, "note": ""}]}
                """);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code = BenchmarkSuite.run(List.of("--render", json.toString()), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        String table = Files.readString(dir.resolve("stored.md"));
        assertThat(table).contains("| manifest parse + validate + build, 1,000 mixed rows | bare Commons CSV parse:"
                + " 111,111 rows/s | 50,000 rows/s | 0.450 |");
        assertThat(table).contains("= 45.0 % | **no** | missed by 5.0 percentage points;");
        assertThat(Files.readString(json)).contains("\"met\" : false").doesNotContain("\"met\" : true");
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
