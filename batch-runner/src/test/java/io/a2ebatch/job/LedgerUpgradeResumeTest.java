package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.simulator.A2eSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A run stopped half-way by an earlier a2e-batch, whose ledger was at schema version 3 (rows keyed by
 * run name), is resumed by this version, which upgrades the ledger as it starts: every row is sent
 * once in all, a row left in doubt is found at A2E by its task name instead of being sent again. The
 * version 3 ledger is what this version's own first run wrote, turned back into version 3's keys.
 */
class LedgerUpgradeResumeTest {

    @TempDir
    Path dir;

    @Test
    void resumesAVersion3RunOnH2WithoutSendingAnyRowTwice() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("repo") + ";WRITE_DELAY=0";
        resumesWithoutSendingAnyRowTwice(List.of("--jdbc-url", url), new DriverManagerDataSource(url, "sa", ""));
    }

    @Test
    void resumesAVersion3RunOnPostgresWithoutSendingAnyRowTwice() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create("a2e_upgrade")) {
            resumesWithoutSendingAnyRowTwice(pg.runnerOptions(), new DriverManagerDataSource(pg.url(), "a2e", "a2e"));
        }
    }

    private void resumesWithoutSendingAnyRowTwice(List<String> repository, DataSource ds) throws Exception {
        RunnerHarness runner = new RunnerHarness(dir);
        Path manifest = runner.manifest("upgrade.csv", 8, 53, "userText2Image");
        String[] options = repository.toArray(String[]::new);
        try (A2eSimulator sim = RunnerHarness.simulator().credits(40).taskCost(10).start()) {
            RunnerHarness.Result first = runner.run(manifest, sim, options);
            assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            // A crash between a start request and the recording of its answer: the row is in doubt.
            assertThat(jdbc.update("UPDATE A2E_ROW SET STATE = 'SUBMITTING', TASK_ID = NULL, SUBMITTED_AT = NULL,"
                    + " FINISHED_AT = NULL, RESULT_URL = NULL, PLAN = 'NEW' WHERE LINE = (SELECT MIN(LINE)"
                    + " FROM A2E_ROW WHERE TASK_ID IS NOT NULL)")).isOne();
            toVersion3(jdbc);

            sim.addCredits(RunnerHarness.TOKEN, 1_000);
            RunnerHarness.Result second = runner.run(manifest, sim, options);

            assertThat(second.code()).as(second.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(8);
            assertThat(sim.stats().tasksByName()).hasSize(8).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
            assertThat(runner.results(runner.results())).hasSize(8)
                    .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT RUN_ID) FROM A2E_ROW", Integer.class)).isOne();
        }
    }

    /**
     * Keys the ledger's tables by run name again, as version 3 did, and forgets the run numbers:
     * the reverse of JobRepositorySchema's upgrade, with version 3's constraint and index names.
     */
    private static void toVersion3(JdbcTemplate jdbc) {
        record Table(String name, String keyAfterRun, List<String> indexes) {
        }
        List<Table> tables = List.of(new Table("A2E_ROW", "ROW_KEY", List.of(
                        "A2E_ROW_STATE_LINE (RUN_NAME, STATE, LINE)", "A2E_ROW_LINE (RUN_NAME, LINE)",
                        "A2E_ROW_TASK (RUN_NAME, TASK_ID)")),
                new Table("A2E_REQUEST", "ROW_KEY", List.of()), new Table("A2E_SUPERSEDED", "TASK_ID", List.of()),
                new Table("A2E_REJECT", "PASS, LINE", List.of("A2E_REJECT_KEY (RUN_NAME, PASS, ROW_KEY)")));
        for (Table t : tables) {
            jdbc.execute("ALTER TABLE " + t.name() + " ADD COLUMN RUN_NAME VARCHAR(1000)");
            jdbc.update("UPDATE " + t.name() + " SET RUN_NAME = (SELECT R.RUN_NAME FROM A2E_RUN R WHERE R.RUN_ID = "
                    + t.name() + ".RUN_ID)");
            jdbc.execute("ALTER TABLE " + t.name() + " ALTER COLUMN RUN_NAME SET NOT NULL");
            jdbc.execute("ALTER TABLE " + t.name() + " DROP CONSTRAINT " + t.name() + "_PK");
            for (String index : t.indexes()) {
                jdbc.execute("DROP INDEX " + index.substring(0, index.indexOf(' ')));
            }
            jdbc.execute("ALTER TABLE " + t.name() + " DROP COLUMN RUN_ID");
            jdbc.execute("ALTER TABLE " + t.name() + " ADD CONSTRAINT " + t.name() + "_PK PRIMARY KEY (RUN_NAME, "
                    + t.keyAfterRun() + ")");
            for (String index : t.indexes()) {
                jdbc.execute("CREATE INDEX " + index.replace(" (", " ON " + t.name() + " ("));
            }
        }
        jdbc.execute("DROP INDEX A2E_RUN_ID");
        jdbc.execute("ALTER TABLE A2E_RUN DROP COLUMN RUN_ID");
    }
}
