package io.a2ebatch.benchmarks.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        try (A2eSimulator simulator = A2eSimulator.builder().tokens(TOKEN).taskDuration(Duration.ofMillis(50))
                .dispatchStep(Duration.ofMillis(10)).seed(7L).listener(timeline).start()) {
            A2eClient client = client(simulator.baseUrl());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(client.start(family, SpecJson.MAPPER.readTree(
                        "{\"name\":\"t" + i + "\",\"image_url\":\"https://example.com/" + i + ".png\"}")).id());
            }
            assertThat(timeline.summary().peakInFlight()).isEqualTo(3);
            assertThat(timeline.summary().leftInFlight()).isEqualTo(3);

            List<TaskRecord> records;
            do {
                Thread.sleep(20);
                records = client.batchDetail(family, ids);
            } while (!records.stream().allMatch(r -> r.state() == TaskState.COMPLETED));
        }

        TaskTimeline.Summary summary = timeline.summary();
        assertThat(summary.leftInFlight()).isZero();
        assertThat(summary.peakInFlight()).isEqualTo(3);
        assertThat(summary.makespanSeconds()).isGreaterThanOrEqualTo(0.05);
        assertThat(summary.meanInFlight()).isGreaterThan(0).isLessThanOrEqualTo(3);
        assertThat(summary.submittingSeconds()).isLessThanOrEqualTo(summary.makespanSeconds());
    }

    private static A2eClient client(URI baseUrl) {
        return new A2eClient(baseUrl, ApiToken.of(TOKEN), A2eClient.defaultHttpClient(Duration.ofSeconds(5)),
                Duration.ofSeconds(5), new RequestCounter());
    }
}
