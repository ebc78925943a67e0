package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.simulator.A2eSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager whose partitions no worker takes does not wait for ever (Spring Batch's polling manager
 * would, spring-batch issue 4006): after {@code --fleet-timeout} it stops with exit 3, says what to do,
 * and has sent nothing.
 */
class FleetWithoutWorkersTest {

    @TempDir
    Path dir;

    @Test
    void aManagerWithoutWorkersStopsAfterItsTimeoutSayingWhatToDo() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 12, 5, "userText2Image");
        try (EmbeddedBroker broker = EmbeddedBroker.start(); FreshPostgres pg = FreshPostgres.create();
             A2eSimulator sim = RunnerHarness.simulator().start()) {
            String brokerUrl = broker.url();
            List<String> args = new ArrayList<>(List.of("--partitions", "2", "--broker", brokerUrl,
                    "--fleet-timeout", "10s", "--no-reconcile", "--a2e.fleet.poll-interval=500ms"));
            args.addAll(pg.runnerOptions());

            RunnerHarness.Result r = harness.run(manifest, sim, args.toArray(String[]::new));

            assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(r.all()).contains("not every partition ended within 10 s")
                    .contains("a2e-batch worker --broker " + brokerUrl).contains("run the same command again");
            assertThat(sim.stats().tasksCreated()).isZero();
        }
    }
}
