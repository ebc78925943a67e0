package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
 * connection runs through a {@link TcpProxy} the test cuts, so the shared server keeps running. A
 * short outage is ridden out: the run goes on once the repository answers again and completes every
 * key with one task each. A longer one than the run tolerates stops it with one line naming the
 * repository and exit 3, never a line per row; the same command afterwards completes every key once.
 */
@ExtendWith(OutputCaptureExtension.class)
class RepositoryOutageTest {

    private static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private FreshPostgres database;

    @BeforeEach
    void createDatabase() {
        database = FreshPostgres.create("a2e_outage");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void aShortOutageIsRiddenOutAndEveryKeyIsSentOnce(CapturedOutput screen) throws Exception {
        RunnerHarness runner = new RunnerHarness(dir);
        Path manifest = runner.manifest("outage.csv", 60, 5, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             TcpProxy proxy = new TcpProxy(database.host(), database.port())) {
            // The lease outlives the outage by far, and the run tolerates it for longer than this test waits.
            List<String> args = new ArrayList<>(database.runnerOptions(proxy.port()));
            args.addAll(List.of("--spring.datasource.hikari.connection-timeout=1000", "--rate-limit", "20",
                    "--a2e.lease.ttl=60s", "--a2e.lease.heartbeat=1s", "--a2e.repository.outage-tolerance=50s"));
            CompletableFuture<RunnerHarness.Result> run = CompletableFuture.supplyAsync(
                    () -> runner.run(manifest, sim, args.toArray(String[]::new)));
            awaitOrFail(() -> sim.stats().tasksCreated() >= 5 || run.isDone(), "5 tasks created");
            assertThat(run.isDone()).as("the run was still going when the repository went away").isFalse();

            proxy.cut();
            // Out of reach until the run has noticed and tried to reconnect a few times.
            awaitOrFail(() -> screen.getAll().contains("Job repository unavailable (" + database.url(proxy.port()))
                    && proxy.refused() >= 4 || run.isDone(), "the run noticing the outage");
            proxy.restore();
            RunnerHarness.Result result = run.get(3, TimeUnit.MINUTES);

            assertThat(result.code()).as(result.all() + screen.getAll()).isEqualTo(ExitCode.SUCCESS);
            assertThat(screen.getAll()).contains("Job repository back after").doesNotContain("\tat ");
            assertThat(sim.stats().tasksCreated()).isEqualTo(60);
            assertThat(sim.stats().tasksByName()).hasSize(60).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
            assertThat(runner.results(runner.results())).hasSize(60)
                    .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
        }
    }

    @Test
    void aLongerOutageStopsWithOneLineAndExitThreeThenTheSameCommandCompletesEveryKeyOnce(CapturedOutput screen)
            throws Exception {
        RunnerHarness runner = new RunnerHarness(dir);
        Path manifest = runner.manifest("outage.csv", 60, 5, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             TcpProxy proxy = new TcpProxy(database.host(), database.port())) {
            String proxied = database.url(proxy.port());
            List<String> args = new ArrayList<>(database.runnerOptions(proxy.port()));
            args.addAll(List.of("--spring.datasource.hikari.connection-timeout=1000", "--rate-limit", "20",
                    "--a2e.lease.ttl=3s", "--a2e.lease.heartbeat=1s", "--a2e.repository.outage-tolerance=2s"));
            CompletableFuture<RunnerHarness.Result> first = CompletableFuture.supplyAsync(
                    () -> runner.run(manifest, sim, args.toArray(String[]::new)));
            awaitOrFail(() -> sim.stats().tasksCreated() >= 5 || first.isDone(), "5 tasks created");
            assertThat(first.isDone()).as("the run was still going when the repository went away").isFalse();
            proxy.cut();
            RunnerHarness.Result stopped = first.get(3, TimeUnit.MINUTES);

            assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            String line = stopped.all().lines().filter(l -> l.contains("job repository unavailable"))
                    .reduce((a, b) -> a + "\n" + b).orElse("");
            assertThat(line).as(stopped.all()).contains("job repository unavailable (" + proxied)
                    .contains("out of reach for longer than 2.0 s").contains("run the same command again to resume");
            assertThat(stopped.all()).doesNotContain("\tat ", "Exception", "PreparedStatementCallback");
            assertThat(stopped.err().lines()).as("one line, not one per row").hasSizeLessThanOrEqualTo(1);
            assertThat(screen.getAll()).doesNotContain("\tat ");
            assertThat(screen.getAll().lines().filter(l -> l.contains("Job repository unavailable")))
                    .as("the outage announced once, not once per row or thread").hasSize(1);

            // The stopped run could not give its lease back (the database was gone): the same command
            // waits for it to expire, as a process that crashed would leave it.
            List<String> again = new ArrayList<>(database.runnerOptions());
            again.add("--wait-for-owner");
            RunnerHarness.Result resumed = runner.run(manifest, sim, again.toArray(String[]::new));
            assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(60);
            assertThat(sim.stats().tasksByName()).hasSize(60).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
        }
    }

    /** Waits for {@code condition}, failing the test if it does not hold within {@link #BOUND}. */
    private static void awaitOrFail(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(BOUND);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
