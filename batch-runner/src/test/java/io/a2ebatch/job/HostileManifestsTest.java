package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.CliRun;
import io.a2ebatch.manifest.Datasets;
import io.a2ebatch.simulator.A2eSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile manifests of {@code datasets/malformed/hostile} (deep nesting, huge cells and keys,
 * invalid UTF-8, NULs, lying headers, binary garbage): {@code validate} and {@code run} end with exit 1
 * or 2 and problems with line numbers, never a stack trace, and the rows {@code validate} calls valid
 * are the rows {@code run} completes.
 */
class HostileManifestsTest {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) rows? checked: (\\d+) valid");

    @TempDir
    Path dir;

    static Stream<String> manifests() throws Exception {
        try (Stream<Path> files = Files.list(Datasets.root().resolve("malformed").resolve("hostile"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList().stream();
        }
    }

    private static CliRun validate(Path manifest) {
        return CliRun.of("validate", manifest.toString());
    }

    private static void assertNoTrace(String output) {
        assertThat(output).doesNotContain("\tat ", "Exception", "java.", "NullPointer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void validateAndRunEndWithLineNumbersAndTheValidRowsRun(String name) throws Exception {
        Path manifest = Datasets.root().resolve("malformed").resolve("hostile").resolve(name);
        CliRun checked = validate(manifest);
        assertThat(checked.code()).as(checked.all()).isIn(ExitCode.ROWS_FAILED, ExitCode.USAGE);
        assertNoTrace(checked.all());
        assertThat(checked.all()).as("problems name the file and line").containsPattern(
                Pattern.quote(name) + ":\\d+|" + Pattern.quote(name) + " has a header but no rows");

        RunnerHarness runner = new RunnerHarness(dir);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result run = runner.run(manifest, sim);
            assertThat(run.code()).as(run.all()).isIn(ExitCode.ROWS_FAILED, ExitCode.USAGE);
            assertNoTrace(run.all());
            if (run.code() == ExitCode.USAGE) {
                assertThat(sim.stats().tasksCreated()).as("nothing is sent from a manifest that cannot be read").isZero();
                assertThat(checked.code()).as("validate finds a problem too").isNotEqualTo(ExitCode.SUCCESS);
            } else {
                Matcher summary = SUMMARY.matcher(checked.out());
                assertThat(summary.find()).as(checked.out()).isTrue();
                long valid = Long.parseLong(summary.group(2));
                assertThat(run.out()).as(run.all()).contains(valid + " completed");
                assertThat(sim.stats().tasksCreated()).isEqualTo(valid);
            }
        }
    }

    @Test
    void aNulInATextCellIsARowProblemInValidateAndRunAndTheOtherRowsRun() throws Exception {
        Path manifest = Datasets.root().resolve("malformed").resolve("hostile").resolve("nul-bytes.csv");
        String problem = "nul-bytes.csv:4:3 prompt: contains a NUL character (U+0000) at position 4; remove it";
        CliRun checked = validate(manifest);
        assertThat(checked.code()).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(checked.out()).contains(problem).contains("4 rows checked: 2 valid");

        RunnerHarness runner = new RunnerHarness(dir);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result run = runner.run(manifest, sim);
            assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.ROWS_FAILED);
            assertThat(run.out()).contains("2 completed");
            assertThat(sim.stats().tasksCreated()).as("the NUL never reaches A2E").isEqualTo(2);
            assertThat(runner.results(runner.rejects())).extracting(r -> r.get("#problems"))
                    .anySatisfy(p -> assertThat(p).contains(problem));
        }
    }
}
