package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner, killed and stopped at the worst moments, then started again: every row ends
 * with exactly one task at A2E and exactly one line in the results.
 */
class CrashAndResumeIT {

    private static final int ROWS = 80;

    @TempDir
    Path dir;

    private RunnerHarness harness;
    private Path manifest;

    @BeforeEach
    void setUp() throws Exception {
        harness = new RunnerHarness(dir);
        manifest = harness.manifest("jobs.csv", ROWS, 41, "userText2Image", "userImage2Video", "headSwap",
                "userUpscale");
    }

    private RunnerProcess start(A2eSimulator sim, int attempt, String... extra) throws Exception {
        return start(sim, attempt, 40, extra);
    }

    private RunnerProcess start(A2eSimulator sim, int attempt, int rateLimit, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(manifest.toString(),
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--state-dir", dir.resolve("state").toString(),
                "--results", harness.results().toString(),
                "--progress", "log",
                "--rate-limit", String.valueOf(rateLimit),
                "--max-in-flight", "40",
                "--poll-interval", "300ms",
                "--a2e.throttle.retry.in-doubt-delay=200ms",
                // A killed runner's lease must expire before the next one may take the run over.
                "--wait-for-owner", "--a2e.lease.ttl=6s", "--a2e.lease.heartbeat=1s"));
        args.addAll(List.of(extra));
        return RunnerProcess.start(dir.resolve("runner-" + attempt + ".log"), args);
    }

    /** Slow start answers keep several start requests in doubt at any moment. */
    private static A2eSimulator simulator() {
        return RunnerHarness.simulator()
                .taskDuration(Duration.ofMillis(800), Duration.ofSeconds(2))
                .maxProcessing(100)
                .latency(SimulatorOperation.START, Duration.ofMillis(300), Duration.ofMillis(600))
                .start();
    }

    @Test
    void resubmitsNothingAfterBeingKilledAtSeveralPoints() throws Exception {
        try (A2eSimulator sim = simulator()) {
            List<String> logs = new ArrayList<>();
            int attempt = 0;

            RunnerProcess runner = start(sim, ++attempt);
            runner.awaitWhileRunning("the manifest is ingested", Duration.ofSeconds(60),
                    () -> runner.output().contains("Manifest ingested"));
            runner.kill();
            logs.add(runner.output());

            for (int createdAtLeast : new int[] {15, 45, ROWS}) {
                RunnerProcess next = start(sim, ++attempt);
                next.awaitWhileRunning(createdAtLeast + " tasks created", Duration.ofSeconds(90),
                        () -> sim.stats().tasksCreated() >= createdAtLeast);
                next.kill();
                logs.add(next.output());
            }

            RunnerProcess last = start(sim, ++attempt);
            int exit = last.awaitExit(Duration.ofMinutes(2));
            logs.add(last.output());

            assertThat(exit).as(last.output()).isZero();
            assertExactlyOneTaskAndOneResultPerRow(sim.stats());
            assertThat(String.join("\n", logs)).as("a restart looked up rows whose start request was in doubt")
                    .contains("rows in doubt");
        }
    }

    /**
     * With the in-flight window full, the submitter is waiting for a task to finish when the signal
     * arrives; the run must still stop well within the shutdown grace of 60 s.
     */
    @Test
    void stopsCleanlyOnSigtermWithAFullInFlightWindowAndResumes() throws Exception {
        try (A2eSimulator sim = simulator()) {
            RunnerProcess runner = start(sim, 1, "--max-in-flight", "10");
            runner.awaitWhileRunning("20 tasks created", Duration.ofSeconds(90),
                    () -> sim.stats().tasksCreated() >= 20);
            runner.terminate();
            int stopped = runner.awaitExit(Duration.ofSeconds(40));

            assertThat(stopped).as(runner.output()).isEqualTo(3);
            assertThat(runner.output()).contains("stopped").contains("run the same command again");
            assertThat(sim.stats().tasksCreated()).isLessThan(ROWS);

            RunnerProcess resumed = start(sim, 2);
            assertThat(resumed.awaitExit(Duration.ofMinutes(2))).as(resumed.output()).isZero();
            assertExactlyOneTaskAndOneResultPerRow(sim.stats());
        }
    }

    /**
     * At 400 requests a second a group records 20 rows as submitting before their starts; one worker
     * and slow start answers keep most of them unsent when the process is killed. The rerun finds
     * those rows in doubt, learns from the look-up that they have no task, and sends each once.
     */
    @Test
    void sendsOnceTheRowsOfARecordedGroupWhoseStartsAKillStopped() throws Exception {
        try (A2eSimulator sim = RunnerHarness.simulator().taskDuration(Duration.ofMillis(300), Duration.ofMillis(600))
                .latency(SimulatorOperation.START, Duration.ofSeconds(2), Duration.ofSeconds(2)).start()) {
            RunnerProcess runner = start(sim, 1, 400, "--submit-concurrency", "1");
            runner.awaitWhileRunning("the first start request", Duration.ofSeconds(90),
                    () -> sim.stats().requests(SimulatorOperation.START) >= 1);
            runner.kill();
            long startsBeforeTheKill = sim.stats().requests(SimulatorOperation.START);

            sim.update(c -> c.latency(SimulatorOperation.START, Duration.ZERO, Duration.ZERO));
            RunnerProcess rerun = start(sim, 2, 400, "--submit-concurrency", "8");
            assertThat(rerun.awaitExit(Duration.ofMinutes(2))).as(rerun.output()).isZero();

            assertThat(startsBeforeTheKill).as("the kill came while the first group was being sent").isLessThan(20);
            assertThat(backToPending(rerun.output())).as("rows recorded as submitting, never sent: " + rerun.output())
                    .isGreaterThanOrEqualTo(20 - startsBeforeTheKill);
            assertExactlyOneTaskAndOneResultPerRow(sim.stats());
        }
    }

    /** Rows in doubt that the rerun's look-up found without a task, summed over the families. */
    private static long backToPending(String output) {
        return java.util.regex.Pattern.compile("had a task, (\\d+) go back to pending").matcher(output).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    private void assertExactlyOneTaskAndOneResultPerRow(SimulatorStats stats) throws Exception {
        Map<String, String> families = harness.families(manifest);
        assertThat(stats.tasksCreated()).isEqualTo(ROWS);
        long unnamed = families.values().stream()
                .filter(type -> !FamilyCatalog.bundled().require(type).acceptsName()).count();
        assertThat(stats.tasksNamed("")).isEqualTo(unnamed);
        assertThat(stats.tasksByName()).hasSize(ROWS - (int) unnamed + (unnamed > 0 ? 1 : 0))
                .allSatisfy((name, n) -> assertThat(n).as(name).isEqualTo(name.isEmpty() ? unnamed : 1));

        List<CSVRecord> results = harness.results(harness.results());
        Map<String, CSVRecord> byKey = results.stream().collect(Collectors.toMap(r -> r.get("key"), Function.identity()));
        assertThat(results).hasSize(ROWS);
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(families.keySet());
        assertThat(results).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
        assertThat(results.stream().map(r -> r.get("task_id")).distinct()).hasSize(ROWS);
        assertThat(Files.readString(harness.results())).doesNotContain(RunnerHarness.TOKEN);
    }
}
