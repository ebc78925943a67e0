package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.simulator.FileHostStats;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.ResultContent;
import io.a2ebatch.simulator.SimulatorOperation;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged runner killed with SIGKILL in the middle of downloads, then run again. */
class DownloadCrashIT {

    private static final int ROWS = 12;
    private static final int SIZE = 200 * 1024;

    @TempDir
    Path dir;

    @Test
    void aRerunAfterKill9FetchesOnlyTheBytesThatWereMissing() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", ROWS, 9, "userText2Image", "userImage2Video");
        Path media = dir.resolve("media");
        // 50 KB/s per response: each file takes about 4 s, so the kill lands in the middle of some.
        FileHostConfig slow = FileHostConfig.DEFAULT.withSize(SIZE).withBandwidth(50 * 1024);
        try (A2eSimulator sim = RunnerHarness.simulator().fileHost(slow).start()) {
            RunnerProcess first = RunnerProcess.start(dir.resolve("runner-1.log"), arguments(harness, manifest, sim, media));
            first.awaitWhileRunning("some files complete and others part-way", Duration.ofSeconds(120),
                    () -> count(media, false) >= 1 && partBytes(media) > 0);
            first.kill();
            awaitNoResponseInProgress(sim);

            long onDisk = bytes(media);
            assertThat(count(media, true)).as("the kill left partial downloads").isPositive();
            FileHostStats before = sim.stats().files();

            sim.update(c -> c.fileHost(slow.withBandwidth(0)));
            RunnerProcess second = RunnerProcess.start(dir.resolve("runner-2.log"), arguments(harness, manifest, sim, media));
            int exit = second.awaitExit(Duration.ofMinutes(2));
            assertThat(exit).as(second.output()).isZero();

            FileHostStats after = sim.stats().files();
            assertThat(after.bytesServed() - before.bytesServed()).as("bytes fetched by the rerun")
                    .isEqualTo((long) ROWS * SIZE - onDisk);
            assertThat(after.rangeRequests()).as("partial files resumed with Range").isGreaterThan(before.rangeRequests());
            assertThat(after.withAuthorization()).isZero();
            assertThat(sim.requestLog()).filteredOn(r -> r.operation() == SimulatorOperation.RESULT_FILE)
                    .extracting(LoggedRequest::account).containsOnlyNulls();
            assertThat(count(media, true)).isZero();
            List<CSVRecord> results = harness.results(harness.results());
            assertThat(results).hasSize(ROWS).allSatisfy(r -> {
                assertThat(media.resolve(r.get("file"))).hasSize(SIZE);
                assertThat(r.get("sha256")).isEqualTo(ResultContent.sha256(r.get("task_id"), SIZE));
            });
            assertThat(sim.stats().tasksCreated()).isEqualTo(ROWS);
        }
    }

    /** Bodies the simulator was still sending to the killed process would count as the rerun's. */
    private static void awaitNoResponseInProgress(A2eSimulator sim) throws InterruptedException {
        for (int i = 0; i < 1_000 && sim.stats().files().inProgress() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(sim.stats().files().inProgress()).as("file responses still in progress 20 s after the kill").isZero();
    }

    private static List<String> arguments(RunnerHarness harness, Path manifest, A2eSimulator sim, Path media) {
        return new ArrayList<>(List.of(manifest.toString(),
                "--base-url", sim.baseUrl().toString(),
                "--token-file", harness.dir().resolve("token").toString(),
                "--state-dir", harness.dir().resolve("state").toString(),
                "--results", harness.results().toString(),
                "--progress", "log",
                "--rate-limit", "40",
                "--poll-interval", "200ms",
                "--download", media.toString(),
                "--download-concurrency", "3",
                // The killed runner's lease must expire before the rerun may take the run over.
                "--wait-for-owner", "--a2e.lease.ttl=6s", "--a2e.lease.heartbeat=1s"));
    }

    /** Complete files ({@code parts} false) or {@code .part} files in {@code media}. */
    private static long count(Path media, boolean parts) {
        return files(media).filter(p -> p.toString().endsWith(".part") == parts).count();
    }

    private static long partBytes(Path media) {
        return files(media).filter(p -> p.toString().endsWith(".part")).mapToLong(DownloadCrashIT::size).sum();
    }

    private static long bytes(Path media) {
        return files(media).mapToLong(DownloadCrashIT::size).sum();
    }

    private static Stream<Path> files(Path media) {
        if (!Files.isDirectory(media)) {
            return Stream.empty();
        }
        try (Stream<Path> list = Files.list(media)) {
            return list.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // renamed in the meantime
        }
    }
}
