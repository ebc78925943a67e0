package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.simulator.A2eSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job repository and the ledger on a real PostgreSQL: stop, resume, and recovery of an
 * execution a killed process left {@code STARTED}, each test in a database of its own
 * ({@link FreshPostgres}). CI starts the server with {@code scripts/postgres.sh} (which installs Debian's
 * package if needed) and passes its URL in {@code A2E_TEST_POSTGRES_URL}; without a reachable server
 * these tests are skipped and say why.
 */
class JobRepositoryOnPostgresTest {

    private FreshPostgres postgres;
    private String url;

    @TempDir
    Path dir;

    private RunnerHarness runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = new RunnerHarness(dir);
        postgres = FreshPostgres.create();
        url = postgres.url();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        postgres.close();
    }

    private RunnerHarness.Result run(Path manifest, A2eSimulator sim) {
        return runner.run(manifest, sim, "--jdbc-url", url, "--jdbc-user", "a2e", "--spring.datasource.password=a2e");
    }

    @Test
    void stopsOnInsufficientCreditsAndResumesFromThePostgresJobRepository() throws Exception {
        Path manifest = runner.manifest("pg-credits.csv", 10, 43, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().credits(40).taskCost(10).start()) {
            RunnerHarness.Result first = run(manifest, sim);
            assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);

            sim.addCredits(RunnerHarness.TOKEN, 1_000);
            RunnerHarness.Result second = run(manifest, sim);

            assertThat(second.code()).as(second.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(10);
            assertThat(sim.stats().tasksByName()).hasSize(10).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
            assertThat(status(manifest)).isEqualTo(Map.of("COMPLETED", 1L, "STOPPED", 1L));
        }
    }

    @Test
    void recoversAnExecutionThatAKilledProcessLeftStarted() throws Exception {
        Path manifest = runner.manifest("pg-crash.csv", 6, 47, "headSwap");
        try (A2eSimulator sim = RunnerHarness.simulator().credits(30).taskCost(10).start()) {
            assertThat(run(manifest, sim).code()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            // What a SIGKILL leaves behind: the execution and its step still marked as running.
            try (Connection c = DriverManager.getConnection(url, "a2e", "a2e")) {
                long execution = lastExecution(c, manifest);
                c.createStatement().executeUpdate("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', END_TIME = NULL"
                        + " WHERE JOB_EXECUTION_ID = " + execution);
                c.createStatement().executeUpdate("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', END_TIME = NULL"
                        + " WHERE JOB_EXECUTION_ID = " + execution + " AND STEP_NAME = 'execute'");
            }
            sim.addCredits(RunnerHarness.TOKEN, 1_000);

            RunnerHarness.Result resumed = run(manifest, sim);

            assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(6);
            assertThat(status(manifest)).containsEntry("COMPLETED", 1L).containsEntry("FAILED", 1L);
        }
    }

    private long lastExecution(Connection c, Path manifest) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SELECT MAX(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e"
                + " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                + " WHERE p.PARAMETER_NAME = 'manifest.path' AND p.PARAMETER_VALUE = '"
                + manifest.toAbsolutePath().normalize() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Executions of the manifest's job instance by status. */
    private Map<String, Long> status(Path manifest) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "a2e", "a2e");
             var rs = c.createStatement().executeQuery("SELECT e.STATUS, COUNT(*) FROM BATCH_JOB_EXECUTION e"
                     + " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                     + " WHERE p.PARAMETER_NAME = 'manifest.path' AND p.PARAMETER_VALUE = '"
                     + manifest.toAbsolutePath().normalize() + "' GROUP BY e.STATUS")) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        }
    }
}
