package io.a2ebatch.benchmarks.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.Test;

/** The end-to-end measurement counts tasks in flight the way the runner has them: started, not yet seen final. */
class TaskTimelineTest {

    private static final String TOKEN = "sk_test_task_timeline";

    @Test
    void tasksStayInFlightUntilAPollShowsThemFinal() throws Exception {
        TaskTimeline timeline = new TaskTimeline(FamilyCatalog.bundled());
        TaskFamily family = FamilyCatalog.bundled().require(EndToEnd.FAMILY);
        SteppedClock clock = new SteppedClock(Instant.parse("2025-03-13T07:58:27.863Z"));
        try (A2eSimulator simulator = A2eSimulator.builder().tokens(TOKEN).taskDuration(Duration.ofMillis(50))
                .dispatchStep(Duration.ofMillis(10)).seed(7L).clock(clock).listener(timeline).start()) {
            A2eClient client = client(simulator.baseUrl());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(client.start(family, SpecJson.MAPPER.readTree(
                        "{\"name\":\"t" + i + "\",\"image_url\":\"https://example.com/" + i + ".png\"}")).id());
            }
            assertThat(timeline.summary().peakInFlight()).isEqualTo(3);
            assertThat(timeline.summary().leftInFlight()).isEqualTo(3);

            // The simulator's clock, not the wall clock, moves the tasks on: no waiting, nothing to time out.
            clock.advance(Duration.ofMillis(20));
            assertThat(client.batchDetail(family, ids)).noneMatch(r -> r.state() == TaskState.COMPLETED);
            clock.advance(Duration.ofSeconds(1));
            List<TaskRecord> records = client.batchDetail(family, ids);
            assertThat(records).hasSize(3).allMatch(r -> r.state() == TaskState.COMPLETED);
        }

        TaskTimeline.Summary summary = timeline.summary();
        assertThat(summary.leftInFlight()).isZero();
        assertThat(summary.peakInFlight()).isEqualTo(3);
        assertThat(summary.makespanSeconds()).isGreaterThanOrEqualTo(0.05);
        assertThat(summary.meanInFlight()).isGreaterThan(0).isLessThanOrEqualTo(3);
        assertThat(summary.submittingSeconds()).isLessThanOrEqualTo(summary.makespanSeconds());
    }

    /** A clock that stands still until the test moves it. */
    private static final class SteppedClock extends Clock {

        private final AtomicReference<Instant> now;

        SteppedClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration step) {
            now.updateAndGet(t -> t.plus(step));
        }

        @Override
        public Instant instant() {
            return now.get();
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

    private static A2eClient client(URI baseUrl) {
        return new A2eClient(baseUrl, ApiToken.of(TOKEN), A2eClient.defaultHttpClient(Duration.ofSeconds(5)),
                Duration.ofSeconds(5), new RequestCounter());
    }
}
