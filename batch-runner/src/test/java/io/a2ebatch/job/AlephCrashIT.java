package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.kie.AlephFake;
import io.a2ebatch.simulator.A2eSimulator;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner killed with SIGKILL between an Aleph start request and the recording of its task
 * id, with callbacks on: Aleph cannot be asked whether the task exists (no list, no names), so the
 * restarted run waits for the callback, which names the task; the row completes with that task and
 * no second task is created.
 */
class AlephCrashIT {

    private static final String KIE_TOKEN = "kie_test_crash_0123456789SECRET";

    @TempDir
    Path dir;

    private RunnerProcess start(A2eSimulator sim, AlephFake kie, Path manifest, int port, int attempt)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(manifest.toString(),
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--kie-base-url", kie.baseUrl().toString(),
                "--kie-token-file", dir.resolve("kie-token").toString(),
                "--callback-listen", "127.0.0.1:" + port,
                "--state-dir", dir.resolve("state").toString(),
                "--results", dir.resolve("results.csv").toString(),
                "--progress", "log",
                "--poll-interval", "300ms",
                // A killed runner's lease must expire before the next one may take the run over.
                "--wait-for-owner", "--a2e.lease.ttl=6s", "--a2e.lease.heartbeat=1s"));
        return RunnerProcess.start(dir.resolve("runner-" + attempt + ".log"), args);
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aStartInDoubtAfterAKillIsSettledByItsCallbackAndCreatesNoSecondTask() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Files.writeString(dir.resolve("kie-token"), KIE_TOKEN);
        Path manifest = harness.file("aleph.csv", "key,type,prompt,videoUrl\n"
                + "clip-1,aleph,Turn the street into a watercolour,https://example.com/street.mp4\n");
        int port = freeLoopbackPort();
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             AlephFake kie = new AlephFake(KIE_TOKEN, Duration.ofSeconds(1))) {
            kie.holdStarts();
            // kie.ai retries a failed delivery; here often enough to outlive the restart.
            kie.retryCallbacks(240, Duration.ofMillis(500));

            RunnerProcess first = start(sim, kie, manifest, port, 1);
            first.awaitWhileRunning("the start request reached kie.ai", Duration.ofSeconds(90),
                    () -> kie.tasks().size() == 1);
            first.kill();
            kie.releaseHeldStarts();

            RunnerProcess second = start(sim, kie, manifest, port, 2);
            int exit = second.awaitExit(Duration.ofMinutes(2));

            assertThat(exit).as(second.output()).isZero();
            assertThat(kie.tasks()).as("no second task").hasSize(1);
            List<CSVRecord> rows = harness.results(dir.resolve("results.csv"));
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.get("status")).isEqualTo("completed");
                assertThat(row.get("task_id")).isEqualTo(kie.tasks().keySet().iterator().next());
            });
            assertThat(second.output()).contains("its callback names task");
        }
    }
}
