package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.manifest.Datasets;
import io.a2ebatch.simulator.A2eSimulator;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rejected rows that PostgreSQL's columns cannot hold as they are (a key or a cell with U+0000, keys of 1,200
 * and 1,500 characters) are rejects with their line numbers there too, and the valid rows run.
 */
class HostileRowsOnPostgresTest {

    @TempDir
    Path dir;

    private List<CSVRecord> run(String name, long valid) throws Exception {
        RunnerHarness runner = new RunnerHarness(java.nio.file.Files.createDirectories(dir.resolve(name)));
        try (FreshPostgres database = FreshPostgres.create("a2e_hostile");
             A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(Datasets.root().resolve("malformed").resolve("hostile").resolve(name),
                    sim, database.runnerOptions().toArray(String[]::new));
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
            assertThat(result.out()).contains(valid + " completed");
            assertThat(result.all()).doesNotContain("\tat ", "Exception");
            return runner.results(runner.rejects());
        }
    }

    @Test
    void aKeyOrACellWithANulIsARejectAndTheOtherRowsRun() throws Exception {
        assertThat(run("nul-bytes.csv", 2)).extracting(r -> r.get("#line")).containsExactly("3", "4");
    }

    @Test
    void keysLongerThanTheLedgerColumnAreRejectsKeptWholeInTheRejectsFile() throws Exception {
        List<CSVRecord> rejects = run("huge-key.csv", 2);
        assertThat(rejects).extracting(r -> r.get("#line")).containsExactly("3", "4");
        assertThat(rejects.get(0).get("key")).hasSize(1500);
    }
}
