package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of real processes on loopback: a manager ({@code run --partitions 3 --broker ...}) and three
 * workers ({@code worker --broker ...}), the packaged jar each, with an Artemis broker embedded in this
 * JVM, a fresh PostgreSQL database as the shared job repository and the simulator limited to R requests
 * a second. The broker, the database, the simulator and the three workers are started once for the
 * class and serve its tests in turn (each test is a run of its own, on a reset simulator; a test
 * needs live workers, not what the one before did):
 * <ol>
 * <li>a run of 2,000 rows: the manager is given {@code --rate-limit R}; the workers are started with
 * other limits, caps and poll interval, which they do not use (each says so): every process takes its
 * permits from one bucket in the job repository at the manager's rate, so the fleet stays within the
 * account's limit;</li>
 * <li>a second run of 2,000 rows on the same workers, one of which is killed with SIGKILL mid-run (the
 * broker hands its partition to another worker, which waits for the dead worker's partition lease to
 * expire, looks up the rows it left in doubt and carries on), then the manager killed with SIGKILL
 * and its same command run again: the partitioned step resumes;</li>
 * <li>a third run whose manager names the simulator by another base URL: the workers refuse its
 * partitions (a worker's token goes only to its own base URL), and the manager fails at once with
 * their reason instead of waiting for the other partitions (spring-batch issue 4006).</li>
 * </ol>
 * The first two: one task per key, no 429, every row in the results. Leases last 6 s so that the
 * take-overs come quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    private static final int ROWS = 2000;
    private static final int RATE = 100;
    private static final int WORKERS = 3;
    /** The manager's {@code --max-in-flight}: the cap of the whole fleet. */
    private static final int FLEET_IN_FLIGHT = 150;
    private static final List<String> SHORT_LEASE = List.of("--a2e.lease.ttl=6s", "--a2e.lease.heartbeat=1s");

    /** Static: a per-class instance's fields are given their temporary directory only after {@code @BeforeAll}. */
    @TempDir
    static Path dir;

    private RunnerHarness harness;
    private EmbeddedBroker broker;
    private String brokerUrl;
    private FreshPostgres pg;
    private A2eSimulator sim;
    private final List<RunnerProcess> workers = new ArrayList<>();
    private final List<RunnerProcess> processes = new ArrayList<>();

    @BeforeAll
    void startFleet() throws Exception {
        harness = new RunnerHarness(dir);
        broker = EmbeddedBroker.start();
        brokerUrl = broker.url();
        pg = FreshPostgres.create();
        // Short tasks: the runs are bound by the rate limit, not by A2E's processing time.
        sim = RunnerHarness.simulator().rateLimit(RATE).maxProcessing(10_000)
                .taskDuration(Duration.ofMillis(200), Duration.ofMillis(600)).start();
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(worker(i));
        }
    }

    @AfterAll
    void stopFleet() throws Exception {
        for (RunnerProcess process : processes) {
            if (process.isAlive()) {
                process.terminate();
            }
        }
        for (RunnerProcess process : processes) {
            if (!process.ended(Duration.ofSeconds(30))) {
                process.kill();
            }
        }
        for (AutoCloseable resource : new AutoCloseable[] {sim, pg, broker}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    @Order(1)
    void threeWorkersRunEveryRowOnceWithinTheManagersRateLimitWhateverTheirOwnOptions() throws Exception {
        Path manifest = harness.manifest("first.csv", ROWS, 23, "userText2Image", "userImage2Video");
        sim.reset();

        RunnerProcess manager = manager(sim.baseUrl().toString(), manifest);

        assertThat(manager.awaitExit(Duration.ofMinutes(4))).as(manager.output()).isZero();
        assertFleetRanEveryRowOnce(manager, "first");
        // Every request the simulator saw is in the manager's summary: its own and each partition's, read
        // from the partitions' step executions in the job repository.
        assertThat(manager.output()).contains("requests: " + sim.stats().requestsTotal() + " this session");
        assertThat(workers.get(0).output()).as("a worker names the options it does not use")
                .contains("runs by its manager's settings, not this worker's: --rate-limit 100.0/s (this worker:"
                        + " 1000.0/s), --max-in-flight 150 (this worker: 20), --poll-interval 500ms (this"
                        + " worker: 3000ms)");
    }

    @Test
    @Order(2)
    void aKilledWorkerAndThenAKilledManagerRerunLoseNoRowAndSendNoRowTwice() throws Exception {
        Path manifest = harness.manifest("second.csv", ROWS, 29, "userText2Image", "userImage2Video");
        sim.reset();
        RunnerProcess manager = manager(sim.baseUrl().toString(), manifest);
        RunnerProcess victim = workers.get(0);
        victim.awaitWhileRunning("a partition of this run started and a fifth of its tasks created",
                Duration.ofMinutes(3), () -> victim.output().contains("of the run " + manifest)
                        && sim.stats().tasksCreated() >= ROWS / 5);
        victim.kill();
        manager.awaitWhileRunning("half of the run's tasks created", Duration.ofMinutes(3),
                () -> sim.stats().tasksCreated() >= ROWS / 2);
        manager.kill();

        RunnerProcess again = manager(sim.baseUrl().toString(), manifest);

        assertThat(again.awaitExit(Duration.ofMinutes(3))).as(again.output()).isZero();
        assertFleetRanEveryRowOnce(again, "second");
        String survivors = workers.get(1).output() + workers.get(2).output();
        assertThat(survivors).as("the surviving workers ran the partitions again for the rerun manager")
                .containsPattern("Running (partition \\d of 3) of the run " + manifest);
    }

    @Test
    @Order(3)
    void workersRefuseAManagerWithAnotherBaseUrlAndItFailsAtOnceWithTheirReason() throws Exception {
        Path manifest = harness.manifest("third.csv", 30, 31, "userText2Image");
        sim.reset();
        String elsewhere = sim.baseUrl().toString().replace("127.0.0.1", "localhost");

        RunnerProcess manager = manager(elsewhere, manifest, "--no-reconcile");

        assertThat(manager.awaitExit(Duration.ofMinutes(2))).as(manager.output()).isEqualTo(3);
        assertThat(manager.output()).contains("partitions failed: partition")
                .contains("its manager sends a2e requests to " + elsewhere)
                .contains("Start the workers with --base-url " + elsewhere);
        assertThat(sim.stats().tasksCreated()).as("nothing sent").isZero();
    }

    private void assertFleetRanEveryRowOnce(RunnerProcess manager, String run) throws IOException {
        SimulatorStats stats = sim.stats();
        assertThat(stats.tasksCreated()).as(manager.output()).isEqualTo(ROWS);
        assertThat(stats.tasksByName()).hasSize(ROWS).allSatisfy((name, n) -> assertThat(n).as(name).isEqualTo(1));
        assertThat(stats.rateLimited()).as("429 responses").isZero();
        assertThat(harness.results(dir.resolve(run + ".results.csv"))).hasSize(ROWS)
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("completed"));
        assertThat(manager.output()).contains("all rows completed")
                .containsPattern("fleet: 3 partition\\(s\\) on \\d worker\\(s\\) in [\\d.]+ s: \\d+ rows sent .*, 0 × 429");
        manager.output().lines().filter(line -> line.contains("fleet: ")).forEach(System.out::println);
        // The manager samples the whole run's rows in flight: never more than the fleet's cap.
        Matcher peak = Pattern.compile("fleet: .*, peak (\\d+) in flight").matcher(manager.output());
        assertThat(peak.find()).as(manager.output()).isTrue();
        assertThat(Integer.parseInt(peak.group(1))).as("the fleet's sampled peak in flight").isPositive()
                .isLessThanOrEqualTo(FLEET_IN_FLIGHT);
    }

    /**
     * The manager of {@code manifest}'s run, with the account's rate limit and the fleet's in-flight cap;
     * the same command each time it is started for that run (it waits for a killed manager's lease).
     */
    private RunnerProcess manager(String baseUrl, Path manifest, String... extra) throws IOException {
        String run = manifest.getFileName().toString().replace(".csv", "");
        List<String> args = new ArrayList<>(List.of(manifest.toString(),
                "--partitions", String.valueOf(WORKERS),
                "--broker", brokerUrl,
                "--base-url", baseUrl,
                "--token-file", dir.resolve("token").toString(),
                "--state-dir", dir.resolve("manager").toString(),
                "--results", dir.resolve(run + ".results.csv").toString(),
                "--progress", "none",
                "--rate-limit", String.valueOf(RATE),
                "--max-in-flight", String.valueOf(FLEET_IN_FLIGHT),
                "--poll-interval", "500ms",
                "--wait-for-owner",
                "--fleet-timeout", "3m",
                "--a2e.fleet.poll-interval=300ms"));
        args.addAll(pg.runnerOptions());
        args.addAll(SHORT_LEASE);
        args.addAll(List.of(extra));
        RunnerProcess manager = RunnerProcess.start(dir.resolve(run + "-manager-" + processes.size() + ".log"), dir,
                Map.of(), args);
        processes.add(manager);
        return manager;
    }

    /** A worker started with other limits than the runs': it runs by their managers'. */
    private RunnerProcess worker(int n) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker",
                "--broker", brokerUrl,
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--state-dir", dir.resolve("worker-" + n).toString(),
                "--progress", "none",
                "--rate-limit", "1000",
                "--max-in-flight", "20",
                "--poll-interval", "3s",
                "--a2e.throttle.retry.in-doubt-delay=200ms"));
        args.addAll(pg.runnerOptions());
        args.addAll(SHORT_LEASE);
        RunnerProcess worker = RunnerProcess.command(dir.resolve("worker-" + n + ".log"), dir, Map.of(), args);
        processes.add(worker);
        return worker;
    }
}
