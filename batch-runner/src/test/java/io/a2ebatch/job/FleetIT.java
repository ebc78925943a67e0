package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of real processes on loopback: a manager ({@code run --partitions 3 --broker ...}) and three
 * workers ({@code worker --broker ...}), the packaged jar each, with an Artemis broker embedded in this
 * JVM, a fresh PostgreSQL database as the shared job repository and the simulator limited to R requests
 * a second. Every process is given {@code --rate-limit R}: they take their permits from one bucket in
 * the job repository, so the fleet together stays within the account's limit. Then the same with one worker killed with SIGKILL mid-run: the broker hands its
 * partition to another worker, which waits for the dead worker's partition lease to expire, looks up
 * the rows it left in doubt and carries on. Either way: one task per key, no 429, every row in the
 * results. Leases last 6 s so that the take-over comes quickly.
 */
class FleetIT {

    private static final int ROWS = 2000;
    private static final int RATE = 100;
    private static final int WORKERS = 3;
    private static final List<String> SHORT_LEASE = List.of("--a2e.lease.ttl=6s", "--a2e.lease.heartbeat=1s");

    @TempDir
    Path dir;

    private RunnerHarness harness;
    private EmbeddedBroker broker;
    private String brokerUrl;
    private final List<RunnerProcess> workers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        harness = new RunnerHarness(dir);
        broker = EmbeddedBroker.start();
        brokerUrl = broker.url();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (RunnerProcess worker : workers) {
            if (worker.isAlive()) {
                worker.terminate();
            }
        }
        for (RunnerProcess worker : workers) {
            if (!worker.ended(Duration.ofSeconds(30))) {
                worker.kill();
            }
        }
        broker.close();
    }

    /** Short tasks: the run is bound by the rate limit, not by A2E's processing time. */
    private static A2eSimulator simulator() {
        return RunnerHarness.simulator().rateLimit(RATE).maxProcessing(10_000)
                .taskDuration(Duration.ofMillis(200), Duration.ofMillis(600)).start();
    }

    @Test
    void threeWorkerProcessesRunEveryRowOnceWithinTheAccountsRateLimit() throws Exception {
        Path manifest = harness.manifest("jobs.csv", ROWS, 23, "userText2Image", "userImage2Video");
        try (FreshPostgres pg = FreshPostgres.create(); A2eSimulator sim = simulator()) {
            RunnerProcess manager = startFleet(sim, pg, manifest);

            assertThat(manager.awaitExit(Duration.ofMinutes(6))).as(manager.output()).isZero();

            assertFleetRanEveryRowOnce(sim.stats(), manager);
            // Every request the simulator saw is in the manager's summary: its own and each partition's, read
            // from the partitions' step executions in the job repository.
            assertThat(manager.output()).contains("requests: " + sim.stats().requestsTotal() + " this session");
        }
    }

    @Test
    void aWorkerKilledMidRunLosesNoRowAndSendsNoRowTwice() throws Exception {
        Path manifest = harness.manifest("jobs.csv", ROWS, 29, "userText2Image", "userImage2Video");
        try (FreshPostgres pg = FreshPostgres.create(); A2eSimulator sim = simulator()) {
            RunnerProcess manager = startFleet(sim, pg, manifest);
            RunnerProcess victim = workers.get(0);
            victim.awaitWhileRunning("its partition started and a fifth of the tasks created", Duration.ofMinutes(5),
                    () -> victim.output().contains("Running partition") && sim.stats().tasksCreated() >= ROWS / 5);
            victim.kill();

            assertThat(manager.awaitExit(Duration.ofMinutes(6))).as(manager.output()).isZero();

            assertFleetRanEveryRowOnce(sim.stats(), manager);
            String survivors = workers.get(1).output() + workers.get(2).output();
            assertThat(survivors).as("another worker took the dead worker's partition over")
                    .containsPattern("Running (partition \\d of 3)[\\s\\S]*Running (partition \\d of 3)");
        }
    }

    private void assertFleetRanEveryRowOnce(SimulatorStats stats, RunnerProcess manager) throws IOException {
        assertThat(stats.tasksCreated()).as(manager.output()).isEqualTo(ROWS);
        assertThat(stats.tasksByName()).hasSize(ROWS).allSatisfy((name, n) -> assertThat(n).as(name).isEqualTo(1));
        assertThat(stats.rateLimited()).as("429 responses").isZero();
        assertThat(harness.results(dir.resolve("results.csv"))).hasSize(ROWS)
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("completed"));
        assertThat(manager.output()).contains("all rows completed")
                .containsPattern("fleet: 3 partition\\(s\\) on \\d worker\\(s\\) in [\\d.]+ s: \\d+ rows sent .*, 0 × 429");
    }

    /** Starts the workers, then the manager, which it returns. */
    private RunnerProcess startFleet(A2eSimulator sim, FreshPostgres pg, Path manifest) throws IOException {
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(worker(sim, pg, i));
        }
        return manager(sim, pg, manifest);
    }

    private RunnerProcess manager(A2eSimulator sim, FreshPostgres pg, Path manifest) throws IOException {
        List<String> args = new ArrayList<>(List.of(manifest.toString(),
                "--partitions", String.valueOf(WORKERS),
                "--broker", brokerUrl,
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--state-dir", dir.resolve("manager").toString(),
                "--results", dir.resolve("results.csv").toString(),
                "--progress", "none",
                "--rate-limit", String.valueOf(RATE),
                "--fleet-timeout", "3m",
                "--a2e.fleet.poll-interval=300ms"));
        args.addAll(pg.runnerOptions());
        args.addAll(SHORT_LEASE);
        return RunnerProcess.start(dir.resolve("manager.log"), dir, Map.of(), args);
    }

    /** A worker with the account's rate limit, which it shares with the fleet. */
    private RunnerProcess worker(A2eSimulator sim, FreshPostgres pg, int n) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker",
                "--broker", brokerUrl,
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--state-dir", dir.resolve("worker-" + n).toString(),
                "--progress", "none",
                "--rate-limit", String.valueOf(RATE),
                "--poll-interval", "500ms",
                "--a2e.throttle.retry.in-doubt-delay=200ms"));
        args.addAll(pg.runnerOptions());
        args.addAll(SHORT_LEASE);
        return RunnerProcess.command(dir.resolve("worker-" + n + ".log"), dir, Map.of(), args);
    }
}
