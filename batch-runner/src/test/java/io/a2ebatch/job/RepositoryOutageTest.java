package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.simulator.A2eSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The job repository (PostgreSQL, in a database of its own) goes away in the middle of a run: the
 * connection runs through a {@link TcpProxy} the test cuts, so the shared server keeps running. The
 * run stops with one line naming the repository and exit 3, never a line per row; the same command
 * afterwards completes every key with one task each.
 */
@ExtendWith(OutputCaptureExtension.class)
class RepositoryOutageTest {

    @TempDir
    Path dir;

    private FreshPostgresDatabase database;

    @BeforeEach
    void createDatabase() {
        database = FreshPostgresDatabase.create("a2e_outage");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void stopsWithOneLineAndExitThreeThenTheSameCommandCompletesEveryKeyOnce(CapturedOutput screen) throws Exception {
        RunnerHarness runner = new RunnerHarness(dir);
        Path manifest = runner.manifest("outage.csv", 60, 5, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             TcpProxy proxy = new TcpProxy(database.host(), database.port())) {
            String proxied = database.url(proxy.port());
            List<String> args = new ArrayList<>(List.of(database.runArguments(proxy.port())));
            args.addAll(List.of("--spring.datasource.hikari.connection-timeout=2000", "--rate-limit", "20",
                    "--a2e.lease.ttl=3s", "--a2e.lease.heartbeat=1s"));
            CompletableFuture<RunnerHarness.Result> first = CompletableFuture.supplyAsync(
                    () -> runner.run(manifest, sim, args.toArray(String[]::new)));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (sim.stats().tasksCreated() < 5 && !first.isDone() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(first.isDone()).as("the run was still going when the repository went away").isFalse();
            proxy.cut();
            RunnerHarness.Result stopped = first.get(3, TimeUnit.MINUTES);

            assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            String line = stopped.all().lines().filter(l -> l.contains("job repository unavailable"))
                    .reduce((a, b) -> a + "\n" + b).orElse("");
            assertThat(line).as(stopped.all()).contains("job repository unavailable (" + proxied)
                    .contains("run the same command again to resume");
            assertThat(stopped.all()).doesNotContain("\tat ", "Exception", "PreparedStatementCallback");
            assertThat(stopped.err().lines()).as("one line, not one per row").hasSizeLessThanOrEqualTo(1);
            assertThat(screen.getAll()).doesNotContain("\tat ");

            // The stopped run could not give its lease back (the database was gone): the same command
            // waits for it to expire, as a process that crashed would leave it.
            List<String> again = new ArrayList<>(List.of(database.runArguments(database.port())));
            again.add("--wait-for-owner");
            RunnerHarness.Result resumed = runner.run(manifest, sim, again.toArray(String[]::new));
            assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(60);
            assertThat(sim.stats().tasksByName()).hasSize(60).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
        }
    }
}
