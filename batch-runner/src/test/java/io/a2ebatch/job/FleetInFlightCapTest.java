package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-flight cap is the fleet's, not each partition's: two partitions on PostgreSQL with
 * {@code --max-in-flight 3} never have more than 3 tasks unfinished at the simulator, by the
 * simulator's own count taken at every start it answers (each partition alone would take 3). The
 * partitions run in one process here ({@code --workers-in-process}); the cap lives in the job
 * repository, so processes on other machines share it the same way.
 */
class FleetInFlightCapTest {

    private static final int CAP = 3;
    private static final int ROWS = 9;

    @TempDir
    Path dir;

    @Test
    void twoPartitionsTogetherNeverHaveMoreTasksInFlightThanTheCap() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", ROWS, 7, "userText2Image");
        AtomicReference<A2eSimulator> simulator = new AtomicReference<>();
        AtomicLong peak = new AtomicLong();
        // Long enough tasks that, uncapped, the two partitions' starts would overlap at the simulator.
        try (FreshPostgres pg = FreshPostgres.create(); A2eSimulator sim = RunnerHarness.simulator()
                .taskDuration(Duration.ofMillis(1500), Duration.ofMillis(2000)).maxProcessing(1000)
                .listener(exchange -> {
                    if (exchange.operation() == SimulatorOperation.START && exchange.status() == 200) {
                        long unfinished = simulator.get().stats().tasksByState().entrySet().stream()
                                .filter(e -> !TaskState.fromWire(e.getKey()).isFinal())
                                .mapToLong(e -> e.getValue()).sum();
                        peak.accumulateAndGet(unfinished, Math::max);
                    }
                }).start()) {
            simulator.set(sim);
            List<String> args = new ArrayList<>(List.of("--partitions", "2", "--workers-in-process",
                    "--max-in-flight", String.valueOf(CAP), "--no-reconcile", "--a2e.fleet.poll-interval=200ms"));
            args.addAll(pg.runnerOptions());

            RunnerHarness.Result r = harness.run(manifest, sim, args.toArray(String[]::new));

            assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(ROWS);
            assertThat(sim.stats().listenerErrors()).isZero();
            assertThat(peak.get()).as("tasks unfinished at the simulator at a start").isEqualTo(CAP);
        }
    }
}
