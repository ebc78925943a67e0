package io.a2ebatch.contract.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.Exchange;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the runner follows its tasks: many in flight are read with batchDetail, not one GET each;
 * a task A2E no longer knows (404) fails its own row and nothing else.
 */
@ExtendWith(ContractExtension.class)
class PollingContractTest {

    @Test
    void pollsTwoOrMoreTasksInFlightWithBatchDetailNotPerTaskReads(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.taskDuration(Duration.ofMillis(1500)).maxProcessing(50));
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("many.csv", Manifests.rows(20, "userText2Image", "userUpscale"));

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl(), "--max-in-flight", "20");

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<Interaction> client = scenario.traffic().fromClient();
        assertThat(Calls.of(client, OperationIndex.Role.DETAIL)).as("per-task reads").isEmpty();
        List<Integer> idsPerRead = Calls.of(client, OperationIndex.Role.BATCH_DETAIL).stream()
                .map(i -> i.requestJson().orElseThrow().path("ids").size()).toList();
        assertThat(idsPerRead).as("task ids per batchDetail read").isNotEmpty().anySatisfy(n -> assertThat(n).isGreaterThan(1));
        assertThat(idsPerRead.size()).as("batchDetail reads, fewer than the tasks they followed")
                .isLessThan(idsPerRead.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aTaskA2eNoLongerKnowsFailsOnlyItsOwnRow(Scenario scenario) throws Exception {
        TaskFamily family = FamilyCatalog.bundled().require("userText2Image");
        AtomicReference<URI> baseUrl = new AtomicReference<>();
        AtomicReference<String> deleted = new AtomicReference<>();
        // The simulator's time stands still until the task is deleted, so it is still `initialized` (which
        // may be deleted) however long a loaded machine takes between its creation and the delete.
        HeldClock clock = new HeldClock(Duration.ofSeconds(30));
        A2eSimulator simulator = scenario.simulator(b -> b.clock(clock).listener(e -> {
            deleteBehindTheRunnersBack(e, family, baseUrl, deleted, scenario.token());
            if (deleted.get() != null) {
                clock.release();
            }
        }));
        baseUrl.set(simulator.baseUrl());
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("vanishing.csv", """
                key,type,prompt
                kept-1,userText2Image,a red bicycle
                vanishing,userText2Image,a blue bicycle
                kept-2,userText2Image,a green bicycle
                """);

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl());

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(deleted.get()).as("the task deleted behind the runner's back").isNotNull();
        Map<String, CSVRecord> rows = runner.resultRows();
        assertThat(rows.get("kept-1").get("status")).isEqualTo("completed");
        assertThat(rows.get("kept-2").get("status")).isEqualTo("completed");
        assertThat(rows.get("vanishing").get("status")).isEqualTo("failed");
        assertThat(rows.get("vanishing").get("error")).contains(deleted.get()).contains("404");
        assertThat(scenario.traffic().fromClient()).as("the poll that found the task gone")
                .anySatisfy(i -> {
                    assertThat(i.path()).isEqualTo(family.detail().path(deleted.get()));
                    assertThat(i.status()).isEqualTo(404);
                });
    }

    /**
     * A clock that stands still at its creation until {@link #release()} (or until {@code limit} has
     * passed, so that a run that never gets that far still ends), then runs at the real pace.
     */
    private static final class HeldClock extends Clock {

        private final Instant heldAt = Instant.now();
        private final long createdNanos = System.nanoTime();
        private final long limitNanos;
        private volatile long releasedNanos = Long.MIN_VALUE;

        HeldClock(Duration limit) {
            this.limitNanos = limit.toNanos();
        }

        void release() {
            if (releasedNanos == Long.MIN_VALUE) {
                releasedNanos = System.nanoTime();
            }
        }

        @Override
        public Instant instant() {
            long now = System.nanoTime();
            long released = releasedNanos != Long.MIN_VALUE ? releasedNanos : createdNanos + limitNanos;
            return now <= released ? heldAt : heldAt.plusNanos(now - released);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC");
        }
    }

    /**
     * Deletes the row's task the moment it is created, before the runner has its answer: the task is
     * still {@code initialized}, which A2E lets its owner delete. The delete is the suite's request, not
     * the client's, so it is held to the contract as an answer only.
     */
    private static void deleteBehindTheRunnersBack(Exchange e, TaskFamily family, AtomicReference<URI> baseUrl,
                                                   AtomicReference<String> deleted, String token) {
        if (e.operation() != SimulatorOperation.START || e.status() != 200
                || !e.requestBodyAsString().contains("\"vanishing [a2e ")) {
            return;
        }
        String id = SpecJson.MAPPER.readTree(e.responseBodyAsString()).path("data").path("_id").asString();
        HttpRequest delete = HttpRequest.newBuilder(URI.create(baseUrl.get() + family.delete().orElseThrow().path(id)))
                .DELETE().header("Authorization", "Bearer " + token)
                .header("User-Agent", Interaction.PROBE_USER_AGENT).build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(delete, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                deleted.set(id);
            }
        } catch (Exception ex) {
            throw new IllegalStateException("Could not delete task " + id + ": " + ex, ex);
        }
    }
}
