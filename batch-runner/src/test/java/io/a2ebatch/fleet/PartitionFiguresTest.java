package io.a2ebatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.client.ApiCall;
import io.a2ebatch.job.StepFigures;

import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.RunSettings;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

/**
 * The figures the manager prints for a fleet: each partition's line, and the fleet's, which adds up
 * every partition's own figures as their step execution contexts recorded them, whether they ran in
 * different workers, one after another in one worker, or at once in one process.
 */
class PartitionFiguresTest {

    private static final LocalDateTime T0 = LocalDateTime.of(2026, 12, 6, 12, 0);
    private static final JobExecution JOB = new JobExecution(1L, new JobInstance(1L, "a2eManifestRun"),
            new JobParameters());

    private static StepExecution partition(int index, String worker, int fromSecond, int toSecond, long sent,
                                           long requests, long rateLimited, long peakInFlight) {
        StepExecution step = new StepExecution(index + 10L, "executePartition:partition" + index, JOB);
        step.setExecutionContext(new PartitionContext("run", 1, new KeySlice(index, 3),
                new RunSettings(Map.of(), Map.of(), Duration.ofSeconds(1), Map.of())).toContext());
        step.getExecutionContext().putString(PartitionFigures.WORKER, worker);
        KeySlice slice = new KeySlice(index, 3);
        new StepFigures.Totals(sent, Map.of(ApiCall.START, sent, ApiCall.BATCH_DETAIL, requests - sent), rateLimited,
                rateLimited, peakInFlight).writeTo(step.getExecutionContext(), Optional.of(slice));
        step.setStartTime(T0.plusSeconds(fromSecond));
        step.setEndTime(T0.plusSeconds(toSecond));
        step.setStatus(BatchStatus.COMPLETED);
        return step;
    }

    @Test
    void describesOnePartitionWithItsRates() {
        assertThat(PartitionFigures.describe(partition(1, "pid 7 on a", 0, 10, 300, 400, 2, 40)))
                .isEqualTo("partition 2 of 3 completed on pid 7 on a in 10.0 s: 300 rows sent (30.0/s),"
                        + " 400 requests (40.0/s), 2 × 429, peak 40 in flight");
    }

    @Test
    void addsUpWorkersAndPartitionsRunOneAfterAnotherWithTheManagersSampledPeak() {
        List<StepExecution> partitions = List.of(
                partition(0, "pid 1 on a", 0, 10, 300, 330, 0, 20),
                partition(1, "pid 2 on b", 0, 20, 300, 340, 1, 30),
                partition(2, "pid 1 on a", 10, 20, 400, 430, 0, 25));
        // The partitions' peaks add up to 75, but the manager saw at most 48 rows in flight at once.
        assertThat(PartitionFigures.describeFleet(partitions, 48)).isEqualTo("fleet: 3 partition(s) on 2 worker(s)"
                + " in 20.0 s: 1000 rows sent (50.0/s), 1100 requests (55.0/s), 1 × 429, peak 48 in flight");
    }

    @Test
    void addsUpPartitionsThatRanAtOnceInOneProcess() {
        List<StepExecution> partitions = List.of(
                partition(0, "pid 1 on a", 0, 10, 300, 330, 1, 10),
                partition(1, "pid 1 on a", 1, 10, 300, 320, 0, 10),
                partition(2, "pid 1 on a", 2, 10, 290, 310, 2, 10));
        assertThat(PartitionFigures.describeFleet(partitions, 30)).isEqualTo("fleet: 3 partition(s) on 1 worker(s)"
                + " in 10.0 s: 890 rows sent (89.0/s), 960 requests (96.0/s), 3 × 429, peak 30 in flight");
    }
}
