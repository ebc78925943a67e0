package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One key, one task, with the packaged runner as separate processes: from another working directory,
 * two runs at once with the default state location, a second process on a run someone owns (H2 and
 * PostgreSQL), an owner killed with SIGKILL, and an owner frozen with SIGSTOP past its lease and then
 * woken. Every process gets {@code XDG_STATE_HOME} in a temporary directory, never the home directory;
 * leases last 6 s so that take-overs come quickly (and a loaded machine's pauses do not cost a live
 * owner its lease).
 */
class ExactlyOnceIT {

    private static final int ROWS = 24;
    private static final List<String> SHORT_LEASE = List.of("--a2e.lease.ttl=6s", "--a2e.lease.heartbeat=1s");

    @TempDir
    Path dir;

    private RunnerHarness harness;
    private Map<String, String> env;
    private int processes;

    @BeforeEach
    void setUp() throws Exception {
        harness = new RunnerHarness(dir);
        env = Map.of("XDG_STATE_HOME", dir.resolve("xdg").toString());
    }

    /** Tasks long enough that a run is still going when the next process starts. */
    private static A2eSimulator simulator() {
        return RunnerHarness.simulator().taskDuration(Duration.ofMillis(800), Duration.ofSeconds(2))
                .maxProcessing(200).start();
    }

    private RunnerProcess start(A2eSimulator sim, Path workDir, String manifest, List<String> extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(manifest,
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--progress", "log",
                "--rate-limit", "8",
                "--poll-interval", "300ms",
                "--a2e.throttle.retry.in-doubt-delay=200ms"));
        args.addAll(SHORT_LEASE);
        args.addAll(extra);
        return RunnerProcess.start(dir.resolve("runner-" + ++processes + ".log"), workDir, env, args);
    }

    private static void assertOneTaskPerKey(SimulatorStats stats, int keys) {
        assertThat(stats.tasksCreated()).isEqualTo(keys);
        assertThat(stats.tasksByName()).hasSize(keys).allSatisfy((name, n) -> assertThat(n).as(name).isEqualTo(1));
    }

    private Path manifest(String name) throws Exception {
        return harness.manifest(name, ROWS, 17, "userText2Image", "userImage2Video");
    }

    @Test
    void theSameManifestRunFromAnotherWorkingDirectorySendsNothing() throws Exception {
        manifest("jobs.csv");
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        try (A2eSimulator sim = simulator()) {
            RunnerProcess first = start(sim, a, "../jobs.csv", List.of());
            assertThat(first.awaitExit(Duration.ofMinutes(2))).as(first.output()).isZero();
            long requests = sim.stats().requestsTotal();

            RunnerProcess second = start(sim, b, "../jobs.csv", List.of());

            assertThat(second.awaitExit(Duration.ofMinutes(2))).as(second.output()).isZero();
            assertThat(second.output()).contains("already ran to the end; nothing sent");
            assertThat(sim.stats().requestsTotal()).isEqualTo(requests);
            assertOneTaskPerKey(sim.stats(), ROWS);
            assertThat(a.resolve(".a2e-batch")).doesNotExist();
            assertThat(dir.resolve("xdg/a2e-batch/runs")).isDirectory();
            assertThat(b.resolve("jobs.results.csv")).isRegularFile();
        }
    }

    @Test
    void twoDifferentManifestsRunAtOnceWithTheDefaultStateLocation() throws Exception {
        manifest("one.csv");
        harness.manifest("two.csv", ROWS, 18, "userText2Image");
        try (A2eSimulator sim = simulator()) {
            RunnerProcess one = start(sim, dir, "one.csv", List.of());
            RunnerProcess two = start(sim, dir, "two.csv", List.of());

            assertThat(one.awaitExit(Duration.ofMinutes(2))).as(one.output()).isZero();
            assertThat(two.awaitExit(Duration.ofMinutes(2))).as(two.output()).isZero();
            assertOneTaskPerKey(sim.stats(), 2 * ROWS);
            assertThat(harness.results(dir.resolve("one.results.csv"))).hasSize(ROWS);
            assertThat(harness.results(dir.resolve("two.results.csv"))).hasSize(ROWS);
        }
    }

    @Test
    void aSecondProcessOnTheSameRunRefusesNamingTheOwner() throws Exception {
        manifest("jobs.csv");
        try (A2eSimulator sim = simulator()) {
            RunnerProcess owner = start(sim, dir, "jobs.csv", List.of());
            owner.awaitWhileRunning("5 tasks created", Duration.ofSeconds(90), () -> sim.stats().tasksCreated() >= 5);

            RunnerProcess refused = start(sim, dir, "jobs.csv", List.of());
            int refusedExit = refused.awaitExit(Duration.ofMinutes(1));

            assertThat(owner.awaitExit(Duration.ofMinutes(2))).as(owner.output()).isZero();
            if (refused.output().contains("owned by")) {
                assertThat(refusedExit).as(refused.output()).isEqualTo(2);
                assertThat(refused.output()).contains("process " + owner.pid() + " on ").contains("owner since")
                        .contains("--wait-for-owner");
            } else {
                // The owner finished before this process looked: it found the run done.
                assertThat(refused.output()).as("refused or found done").contains("already ran to the end");
            }
            assertOneTaskPerKey(sim.stats(), ROWS);
        }
    }

    @Test
    void twoProcessesOnOnePostgresStartedTogetherAndOneMidRunGiveOneTaskPerKey() throws Exception {
        manifest("jobs.csv");
        try (FreshPostgres pg = FreshPostgres.create(); A2eSimulator sim = simulator()) {
            RunnerProcess a = start(sim, dir, "jobs.csv", withState(pg, "state-a"));
            RunnerProcess b = start(sim, dir, "jobs.csv", withState(pg, "state-b"));
            for (long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                 sim.stats().tasksCreated() < 5 && (a.isAlive() || b.isAlive()) && System.nanoTime() < deadline; ) {
                Thread.sleep(20);
            }
            RunnerProcess late = start(sim, dir, "jobs.csv", withState(pg, "state-c", "--wait-for-owner"));

            int exitA = a.awaitExit(Duration.ofMinutes(2));
            int exitB = b.awaitExit(Duration.ofMinutes(2));
            assertThat(late.awaitExit(Duration.ofMinutes(2))).as(late.output()).isZero();

            RunnerProcess refused = exitA == 0 ? b : a;
            RunnerProcess owner = exitA == 0 ? a : b;
            assertThat(owner.awaitExit(Duration.ZERO)).as(a.output() + b.output()).isZero();
            if (refused.output().contains("owned by")) {
                assertThat(refused.awaitExit(Duration.ZERO)).isEqualTo(2);
                assertThat(refused.output()).contains("owned by another a2e-batch: process " + owner.pid());
            } else {
                // Its JVM started so late that the owner had finished: it found the run done.
                assertThat(refused.output()).as("refused or found done").contains("already ran to the end");
            }
            assertOneTaskPerKey(sim.stats(), ROWS);
        }
    }

    @Test
    void aKilledOwnerIsTakenOverOnceItsLeaseExpired() throws Exception {
        manifest("jobs.csv");
        try (FreshPostgres pg = FreshPostgres.create(); A2eSimulator sim = simulator()) {
            RunnerProcess owner = start(sim, dir, "jobs.csv", withState(pg, "state-a"));
            owner.awaitWhileRunning("8 tasks created", Duration.ofSeconds(90), () -> sim.stats().tasksCreated() >= 8);
            owner.kill();

            RunnerProcess next = start(sim, dir, "jobs.csv", withState(pg, "state-b", "--wait-for-owner"));

            assertThat(next.awaitExit(Duration.ofMinutes(2))).as(next.output()).isZero();
            assertThat(next.output()).contains("recovering its state");
            assertOneTaskPerKey(sim.stats(), ROWS);
        }
    }

    @Test
    void aFrozenOwnerWokenAfterItsLeaseExpiredSendsNothingMoreAndStops() throws Exception {
        manifest("jobs.csv");
        try (FreshPostgres pg = FreshPostgres.create(); A2eSimulator sim = simulator()) {
            RunnerProcess owner = start(sim, dir, "jobs.csv", withState(pg, "state-a"));
            owner.awaitWhileRunning("8 tasks created", Duration.ofSeconds(90), () -> sim.stats().tasksCreated() >= 8);
            owner.pause();
            RunnerProcess next;
            try {
                next = start(sim, dir, "jobs.csv", withState(pg, "state-b", "--wait-for-owner"));
                next.awaitWhileRunning("the run taken over", Duration.ofSeconds(90),
                        () -> next.output().contains("recovering its state"));
            } finally {
                owner.resume();
            }

            assertThat(owner.awaitExit(Duration.ofMinutes(1))).as(owner.output()).isEqualTo(3);
            assertThat(owner.output()).contains("lost ownership of the run");
            assertThat(next.awaitExit(Duration.ofMinutes(2))).as(next.output()).isZero();
            assertOneTaskPerKey(sim.stats(), ROWS);
        }
    }

    private List<String> withState(FreshPostgres pg, String stateDir, String... extra) {
        List<String> options = new ArrayList<>(pg.runnerOptions());
        options.addAll(List.of("--state-dir", dir.resolve(stateDir).toString(),
                "--results", dir.resolve(stateDir + ".results.csv").toString()));
        options.addAll(List.of(extra));
        return options;
    }
}
