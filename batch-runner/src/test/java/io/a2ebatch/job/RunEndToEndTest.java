package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The runner end to end against the in-process simulator, through the same entry point as the
 * command line.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunEndToEndTest {

    @TempDir
    Path dir;

    private RunnerHarness runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = new RunnerHarness(dir);
    }

    /**
     * Every row of the manifest got exactly one task: one task named after each row of a family
     * that takes a name, and as many unnamed tasks as rows of families that take none (headSwap).
     */
    private void assertOneTaskPerKey(SimulatorStats stats, Path manifest) throws Exception {
        Map<String, String> families = runner.families(manifest);
        assertThat(stats.tasksCreated()).isEqualTo(families.size());
        long unnamed = 0;
        for (var row : families.entrySet()) {
            if (FamilyCatalog.bundled().find(row.getValue()).orElseThrow().acceptsName()) {
                assertThat(stats.tasksByName().entrySet()).as("one task named after %s", row.getKey())
                        .filteredOn(e -> e.getKey().startsWith(row.getKey() + " [a2e ")
                                || e.getKey().endsWith(" " + row.getKey() + "]"))
                        .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo(1));
            } else {
                unnamed++;
            }
        }
        assertThat(stats.tasksNamed("")).isEqualTo(unnamed);
    }

    @Test
    void completesAMixedFamilyManifestWithOneTaskPerRow() throws Exception {
        Path manifest = runner.manifest("mixed.csv", 52, 3);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
            List<CSVRecord> rows = runner.results(runner.results());
            assertThat(rows).hasSize(52).allSatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("completed");
                assertThat(r.get("result_url")).startsWith(sim.baseUrl().toString());
                assertThat(r.get("task_id")).isNotEmpty();
            });
            assertThat(rows).extracting(r -> r.get("key")).containsExactlyElementsOf(runner.keys(manifest));
            SimulatorStats stats = sim.stats();
            assertOneTaskPerKey(stats, manifest);
            assertThat(stats.tasksByFamily().keySet()).as("every family of the manifest")
                    .containsExactlyInAnyOrderElementsOf(new java.util.HashSet<>(runner.families(manifest).values()))
                    .hasSizeGreaterThan(15);
            assertThat(result.out()).contains("52 completed");
        }
    }

    @Test
    void pollsManyTasksWithBatchDetailNotWithPerTaskReads() throws Exception {
        Path manifest = runner.manifest("two.csv", 60, 5, "userText2Image", "headSwap");
        try (A2eSimulator sim = RunnerHarness.simulator().taskDuration(Duration.ofSeconds(2)).maxProcessing(100)
                .start()) {
            assertThat(runner.run(manifest, sim, "--max-in-flight", "60").code()).isEqualTo(ExitCode.SUCCESS);
            SimulatorStats stats = sim.stats();
            assertThat(stats.requests(SimulatorOperation.DETAIL)).isZero();
            assertThat(stats.requests(SimulatorOperation.BATCH_DETAIL)).isPositive()
                    .isLessThan(stats.requests(SimulatorOperation.START));
        }
    }

    /**
     * The starts take 6 s, as long as the poll interval, so the first polling round comes right after the
     * last start and sees the tasks started a second or more before it completed; the rest are due a second
     * after their start. Polling only at the interval, the run would read them 6 s after the last start; it
     * reads them when they are due, about 1 s after it. The 3.5 s threshold leaves seconds for a loaded
     * machine on either side.
     */
    @Test
    void readsTheLastTasksWhenTheyAreDueInsteadOfAtTheNextPollInterval() throws Exception {
        runOneSecondTasksAtTwentyPerSecond("tail.csv", 9, "6s", "500", sim -> {
            Instant lastStart = lastArrival(sim, SimulatorOperation.START);
            Instant lastRound = lastArrival(sim, SimulatorOperation.BATCH_DETAIL);
            assertThat(Duration.between(lastStart, lastRound)).isLessThan(Duration.ofMillis(3_500));
        });
    }

    /**
     * 120 rows at 20/s: the starts take 6 s; polls would give way to them for 4.5 s (ten intervals of 450 ms),
     * and the cap holds every row. No poll goes out among the starts: each would delay every later start, and
     * the last start is due within twice that time (PollYield). Polls that gave way 4.5 s would have gone out
     * a second before the last start.
     */
    @Test
    void sendsNoPollAmongTheStartsWhenTheLastStartIsDueWithinTwiceThePollsWait() throws Exception {
        runOneSecondTasksAtTwentyPerSecond("no-poll-among-starts.csv", 11, "450ms", "120", sim -> {
            Instant firstStart = firstArrival(sim, SimulatorOperation.START);
            Instant lastStart = lastArrival(sim, SimulatorOperation.START);
            assertThat(sim.requestLog()).filteredOn(r -> r.operation() == SimulatorOperation.BATCH_DETAIL)
                    .extracting(LoggedRequest::time)
                    .isNotEmpty()
                    .noneMatch(at -> at.isAfter(firstStart) && at.isBefore(lastStart));
        });
    }

    /**
     * Runs 120 rows of one family whose tasks take 1 s, started at 20/s (6 s of starts), with the poll interval
     * and the in-flight cap given, then hands the simulator to {@code check}.
     */
    private void runOneSecondTasksAtTwentyPerSecond(String name, long seed, String pollInterval, String maxInFlight,
                                                    SimulatorCheck check) throws Exception {
        Path manifest = runner.manifest(name, 120, seed, "userImage2Video");
        try (A2eSimulator sim = RunnerHarness.simulator().taskDuration(Duration.ofSeconds(1)).maxProcessing(500)
                .dispatchStep(Duration.ofMillis(10)).start()) {
            assertThat(runner.run(manifest, sim, "--rate-limit", "20", "--poll-interval", pollInterval,
                    "--max-in-flight", maxInFlight).code()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(120);
            check.accept(sim);
        }
    }

    /** Assertions on a simulator after a run. */
    @FunctionalInterface
    private interface SimulatorCheck {
        void accept(A2eSimulator sim) throws Exception;
    }

    private static Instant firstArrival(A2eSimulator sim, SimulatorOperation operation) {
        return sim.requestLog().stream().filter(r -> r.operation() == operation).map(LoggedRequest::time)
                .min(Instant::compareTo).orElseThrow();
    }

    private static Instant lastArrival(A2eSimulator sim, SimulatorOperation operation) {
        return sim.requestLog().stream().filter(r -> r.operation() == operation).map(LoggedRequest::time)
                .max(Instant::compareTo).orElseThrow();
    }

    @Test
    void absorbsA429StormWithoutFailingARow() throws Exception {
        Path manifest = runner.manifest("storm.csv", 30, 7, "userText2Image", "headSwap", "userUpscale");
        try (A2eSimulator sim = RunnerHarness.simulator().rateLimit(8).start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--rate-limit", "60");

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
            SimulatorStats stats = sim.stats();
            assertThat(stats.rateLimited()).as("the simulator answered 429s").isPositive();
            assertOneTaskPerKey(stats, manifest);
            assertThat(runner.results(runner.results())).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
        }
    }

    @Test
    void stopsWhenCreditsRunOutAndFinishesAfterATopUp() throws Exception {
        Path manifest = runner.manifest("credits.csv", 12, 9, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().credits(50).taskCost(10).start()) {
            RunnerHarness.Result first = runner.run(manifest, sim);
            assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(first.out()).contains("credits exhausted");
            assertThat(sim.stats().tasksCreated()).isEqualTo(5);

            sim.addCredits(RunnerHarness.TOKEN, 1_000);
            RunnerHarness.Result second = runner.run(manifest, sim);

            assertThat(second.code()).as(second.all()).isEqualTo(ExitCode.SUCCESS);
            assertOneTaskPerKey(sim.stats(), manifest);
            assertThat(runner.results(runner.results())).hasSize(12)
                    .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
        }
    }

    @Test
    void stopsWhenTheTokenIsRejectedAndResumesOnceItIsValid() throws Exception {
        Path manifest = runner.manifest("auth.csv", 6, 13, "headSwap");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            sim.setTokenEnabled(RunnerHarness.TOKEN, false);
            RunnerHarness.Result first = runner.run(manifest, sim);
            assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(first.out()).contains("API token rejected");
            assertThat(sim.stats().tasksCreated()).isZero();

            sim.setTokenEnabled(RunnerHarness.TOKEN, true);
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            assertOneTaskPerKey(sim.stats(), manifest);
        }
    }

    @Test
    void settlesAmbiguousStartFailuresWithoutCreatingASecondTask() throws Exception {
        Path manifest = runner.manifest("faults.csv", 40, 17, "userText2Image", "userImage2Video", "headSwap");
        try (A2eSimulator sim = RunnerHarness.simulator().errorRate(0.2).faultRate(0.1).seed(23).start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
            SimulatorStats stats = sim.stats();
            assertThat(stats.injectedOnStartTaskCreated()).as("some start requests failed after creating a task")
                    .isPositive();
            assertOneTaskPerKey(stats, manifest);
        }
    }

    @Test
    void findsATaskCreatedByAFailedStartBehindTheRunsLaterStartsInsteadOfSendingTheRowAgain() throws Exception {
        // By the time a failed start is looked up (1 s later), the run's later starts fill the newest pages of
        // the list: one page (lookup-max-pages) is far too few, and "not found in it" must not mean "no task".
        // Before the look-up counted the run's own starts, this run created about 15 tasks twice.
        Path manifest = runner.manifest("deep.csv", 1_200, 29, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().maxProcessing(2_000).faultRate(0.03).seed(31).start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--rate-limit", "5000", "--max-in-flight", "1200",
                    "--a2e.tracking.lookup-max-pages=1", "--a2e.throttle.retry.in-doubt-delay=1s");

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
            SimulatorStats stats = sim.stats();
            assertThat(stats.injectedOnStartTaskCreated()).as("some start requests failed after creating a task")
                    .isPositive();
            assertOneTaskPerKey(stats, manifest);
        }
    }

    @Test
    void failsOnlyTheRowsA2eRejects() throws Exception {
        Path manifest = runner.file("moderated.csv", """
                key,type,image_url,target_image_url
                ok-1,headSwap,https://example.com/a.jpg,https://example.com/b.jpg
                minor-1,headSwap,https://example.com/a2e-moderation:minor.jpg,https://example.com/b.jpg
                ok-2,headSwap,https://example.com/c.jpg,https://example.com/d.jpg
                """);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
            Map<String, CSVRecord> rows = byKey(runner.results(runner.results()));
            assertThat(rows.get("ok-1").get("status")).isEqualTo("completed");
            assertThat(rows.get("ok-2").get("status")).isEqualTo("completed");
            assertThat(rows.get("minor-1").get("status")).isEqualTo("failed");
            assertThat(rows.get("minor-1").get("error")).startsWith("403 1003");
            assertThat(sim.stats().requests(SimulatorOperation.START)).as("a 403 is not retried").isEqualTo(3);
        }
    }

    @Test
    void marksTasksThatOutliveMaxWaitAsTimedOut() throws Exception {
        Path manifest = runner.manifest("slow.csv", 3, 19, "userUpscale");
        try (A2eSimulator sim = RunnerHarness.simulator().taskDuration(Duration.ofMinutes(5)).start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--max-wait", "1s");

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
            assertThat(runner.results(runner.results())).hasSize(3).allSatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("timed_out");
                assertThat(r.get("error")).contains("no final state");
            });
        }
    }

    @Test
    void sendsNothingWhenTheManifestAlreadyRanToTheEnd() throws Exception {
        Path manifest = runner.manifest("twice.csv", 8, 29, "headSwap");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            long requests = sim.stats().requestsTotal();
            Files.delete(runner.results());

            RunnerHarness.Result again = runner.run(manifest, sim);

            assertThat(again.code()).isEqualTo(ExitCode.SUCCESS);
            assertThat(again.out()).contains("already ran to the end");
            assertThat(sim.stats().requestsTotal()).isEqualTo(requests);
            assertThat(runner.results(runner.results())).as("results rebuilt from the ledger").hasSize(8);
        }
    }

    @Test
    void sendsOnlyTheNewKeysOfAnEditedManifestAndNamesEachChangedKey(CapturedOutput output) throws Exception {
        String header = "key,type,prompt,width,height\n";
        Path manifest = runner.file("edit.csv", header + "a,userText2Image,a red fox,512,512\n"
                + "b,userText2Image,a grey wolf,512,512\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            Files.writeString(manifest, header + "a,userText2Image,a BLUE fox,512,768\n"
                    + "b,userText2Image,a grey wolf,512,512\n" + "c,userText2Image,an owl,512,512\n"
                    + "d,userText2Image,a hare,512,512\n");

            RunnerHarness.Result planned = runner.plan(manifest, sim);
            assertThat(planned.code()).as(planned.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(planned.out()).contains("a (line 2): height,prompt changed").contains("dry run")
                    .containsPattern("new: sent: +2").containsPattern("kept \\(done\\): +1");
            assertThat(sim.stats().tasksCreated()).as("plan sends nothing").isEqualTo(2);

            RunnerHarness.Result edited = runner.run(manifest, sim);

            assertThat(edited.code()).as(edited.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).as("only c and d are new").isEqualTo(4);
            assertThat(sim.stats().tasksByName()).containsOnlyKeys(
                    List.of("a", "b", "c", "d").stream().map(k -> k + " [a2e " + tag(manifest) + "]").toList())
                    .allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
            assertThat(edited.out()).contains("2 sent this pass, 1 kept, 0 followed, 1 changed after their task was"
                    + " created (not resent)");
            assertThat(output.getAll()).contains("a (line 2): height,prompt changed; its task");
            assertThat(runner.results(runner.results())).extracting(r -> r.get("key"))
                    .containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void resubmitsAChangedKeyAsANewAttemptOnlyWithResubmitChanged() throws Exception {
        String header = "key,type,prompt,width,height\n";
        Path manifest = runner.file("resubmit.csv", header + "a,userText2Image,a red fox,512,512\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            Files.writeString(manifest, header + "a,userText2Image,a blue fox,512,512\n");
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).isEqualTo(1);

            RunnerHarness.Result resubmitted = runner.run(manifest, sim, "--resubmit-changed");

            assertThat(resubmitted.code()).as(resubmitted.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksByName()).containsOnlyKeys("a [a2e " + tag(manifest) + "]",
                    "a [a2e " + tag(manifest) + " #2]");
        }
    }

    @Test
    void adoptsTheTasksA2eAlreadyHasWhenTheStateIsLostAndSendsNothing() throws Exception {
        Path manifest = runner.manifest("lost.csv", 24, 5, "userText2Image", "headSwap", "userImage2Video");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            long created = sim.stats().tasksCreated();
            Files.delete(runner.results());

            RunnerHarness.Result fresh = runner.run(manifest, sim, "--state-dir", dir.resolve("new-state").toString());

            assertThat(fresh.code()).as(fresh.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).as("nothing sent again").isEqualTo(created);
            assertThat(fresh.out()).contains("adopted:  24 row(s) found at A2E on fresh state")
                    .contains("0 sent this pass, 0 kept, 24 followed");
            assertThat(runner.results(runner.results())).hasSize(24)
                    .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
        }
    }

    @Test
    void sendsEverythingOnFreshStateWithNoReconcile() throws Exception {
        Path manifest = runner.manifest("skip.csv", 3, 5, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            assertThat(runner.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            RunnerHarness.Result skipped = runner.run(manifest, sim, "--state-dir", dir.resolve("s2").toString(),
                    "--no-reconcile");
            assertThat(skipped.code()).as(skipped.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().tasksCreated()).as("the user asked not to look").isEqualTo(6);
        }
    }

    private static String tag(Path manifest) {
        return io.a2ebatch.run.RunIdentity.tagOf(io.a2ebatch.run.RunIdentity.nameOf(manifest, null));
    }

    @Test
    void rejectsInvalidRowsIntoARejectsFileAndRunsTheValidOnes() throws Exception {
        Path manifest = runner.file("mixed-validity.csv", """
                key,type,image_url,target_image_url,prompt
                good-1,headSwap,https://example.com/a.jpg,https://example.com/b.jpg,
                bad-type,headSwapp,https://example.com/a.jpg,https://example.com/b.jpg,
                no-target,headSwap,https://example.com/a.jpg,,
                good-1,headSwap,https://example.com/c.jpg,https://example.com/d.jpg,
                good-2,userText2Image,,,a red bicycle
                """);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
            assertThat(sim.stats().tasksCreated()).isEqualTo(2);
            List<CSVRecord> rejects = runner.results(runner.rejects());
            assertThat(rejects).extracting(r -> r.get("key")).containsExactly("bad-type", "no-target", "good-1");
            assertThat(rejects.get(0).get("#problems")).contains("mixed-validity.csv:3:2").contains("headSwapp");
            assertThat(rejects.get(1).get("#problems")).contains("target_image_url");
            assertThat(rejects.get(2).get("#problems")).contains("duplicate key").contains("line 2");
            assertThat(rejects.get(2).get("image_url")).as("the row as written").isEqualTo("https://example.com/c.jpg");
            assertThat(runner.results(runner.results())).filteredOn(r -> r.get("key").equals("good-2"))
                    .singleElement().satisfies(r -> assertThat(r.get("status")).isEqualTo("completed"));
            assertThat(runner.results(runner.results())).filteredOn(r -> r.get("status").equals("rejected")).hasSize(3);
        }
    }

    @Test
    void neverPrintsOrWritesTheToken(CapturedOutput output) throws Exception {
        Path manifest = runner.manifest("secret.csv", 5, 31, "headSwap");
        try (A2eSimulator sim = RunnerHarness.simulator().errorRate(0.3).seed(5).start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            sim.setTokenEnabled(RunnerHarness.TOKEN, false);
            RunnerHarness.Result rejected = runner.run(runner.manifest("secret2.csv", 2, 37, "headSwap"), sim);

            assertThat(result.all() + rejected.all() + output.getAll()).doesNotContain(RunnerHarness.TOKEN)
                    .doesNotContain("0123456789abcdef");
            assertThat(Files.readString(runner.results())).doesNotContain(RunnerHarness.TOKEN);
        }
    }

    private static Map<String, CSVRecord> byKey(List<CSVRecord> rows) {
        return rows.stream().collect(java.util.stream.Collectors.toMap(r -> r.get("key"), r -> r));
    }
}
