package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.Main;
import io.a2ebatch.manifest.Datasets;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo manifest (A2E families and kie.ai Aleph rows) end to end with {@code --simulator}, which
 * plays both providers: without callbacks, and with callbacks while the simulator drops 30 % of them
 * and sends 20 % twice. Every row completes, each with a task of its own.
 */
class MixedProvidersSimulatorTest {

    @TempDir
    Path dir;

    private RunnerHarness.Result run(String... extra) throws Exception {
        Path manifest = Files.copy(Datasets.root().resolve("demo.csv"), dir.resolve("demo.csv"));
        List<String> args = new ArrayList<>(List.of("run", manifest.toString(), "--simulator",
                "--state-dir", dir.resolve("state").toString(),
                "--results", dir.resolve("results.csv").toString(),
                "--progress", "none",
                "--poll-interval", "300ms",
                "--rate-limit", "100", "--kie-rate-limit", "100",
                "--a2e.simulator.task-duration-min=200ms", "--a2e.simulator.task-duration-max=800ms"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunnerHarness.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertEveryRowCompletedOnce(RunnerHarness.Result result) throws Exception {
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<CSVRecord> rows = new RunnerHarness(dir).results(dir.resolve("results.csv"));
        assertThat(rows).hasSize(18).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
        assertThat(rows).extracting(r -> r.get("task_id")).doesNotHaveDuplicates().doesNotContain("");
        assertThat(rows).filteredOn(r -> r.get("type").equals("aleph")).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("result_url")).isNotEmpty());
        assertThat(result.out()).contains("18 completed");
    }

    @Test
    void theDemoManifestCompletesAtBothSimulatedProvidersWithoutCallbacks() throws Exception {
        assertEveryRowCompletedOnce(run());
    }

    @Test
    void theDemoManifestCompletesWithCallbacksWhileThirtyPercentAreLostAndTwentyPercentDuplicated()
            throws Exception {
        assertEveryRowCompletedOnce(run("--callback-listen", "127.0.0.1:0",
                "--a2e.simulator.callback-drop-rate=0.3", "--a2e.simulator.callback-duplicate-rate=0.2"));
    }
}
