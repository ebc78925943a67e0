package io.a2ebatch.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;

class TaskDurationsTest {

    private static final TaskFamily VIDEO = FamilyCatalog.bundled().require("userImage2Video");
    private static final TaskFamily IMAGE = FamilyCatalog.bundled().require("userText2Image");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final TaskDurations durations = new TaskDurations();

    private static InFlightTask task(TaskFamily family, Instant submittedAt) {
        // The row and the in-flight permit play no part in when a task should have ended.
        return new InFlightTask(null, family, "task-" + submittedAt.toEpochMilli(), submittedAt, null);
    }

    @Test
    void estimatesAFamilyByTheShortestTimeToCompletionSeen() {
        durations.completed(VIDEO, T0, T0.plusMillis(2_400));
        durations.completed(VIDEO, T0.plusSeconds(1), T0.plusMillis(3_050));
        durations.completed(VIDEO, T0.plusSeconds(2), T0.plusMillis(4_900));

        assertThat(durations.estimate(VIDEO)).contains(Duration.ofMillis(2_050));
        assertThat(durations.estimate(IMAGE)).isEmpty();
    }

    @Test
    void dueTimeIsTheLastSubmissionPlusItsFamilysEstimateAndAMargin() {
        durations.completed(VIDEO, T0, T0.plusSeconds(2));
        durations.completed(IMAGE, T0, T0.plusMillis(500));

        Instant due = durations.allEndedBy(List.of(task(VIDEO, T0.plusSeconds(10)), task(IMAGE, T0.plusSeconds(11)),
                task(VIDEO, T0.plusSeconds(9)))).orElseThrow();

        // The video task of 10 s ends after the image task of 11 s: 12 s + 1 % of 2 s.
        assertThat(due).isEqualTo(T0.plusMillis(12_020));
    }

    @Test
    void marginIsOnePercentAndAtLeastFiveMilliseconds() {
        assertThat(TaskDurations.margin(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(5));
        assertThat(TaskDurations.margin(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void noDueTimeWhileATaskInFlightBelongsToAFamilyNotSeenCompleted() {
        durations.completed(VIDEO, T0, T0.plusSeconds(2));

        assertThat(durations.allEndedBy(List.of(task(VIDEO, T0.plusSeconds(3)), task(IMAGE, T0.plusSeconds(3)))))
                .isEmpty();
        assertThat(durations.allEndedBy(List.of())).isEmpty();
    }

    @Test
    void ignoresACompletionSeenBeforeItsSubmissionWasRecorded() {
        durations.completed(VIDEO, T0.plusSeconds(5), T0.plusSeconds(4));

        assertThat(durations.estimate(VIDEO)).isEmpty();
    }
}
