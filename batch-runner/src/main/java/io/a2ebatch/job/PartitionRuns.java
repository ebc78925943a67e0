package io.a2ebatch.job;

import org.springframework.batch.core.step.StepExecution;

/**
 * Opens the {@link StepRun} of a fleet partition's step execution (a bean of the fleet's worker
 * configuration, present only where partitions run).
 */
public interface PartitionRuns {

    /** Whether {@code step} runs one partition of a run (its execution context names one). */
    boolean isPartition(StepExecution step);

    /**
     * Takes the partition's lease (waiting for a dead worker's to expire) and returns what its step works
     * on.
     *
     * @throws InterruptedException if interrupted while waiting for the lease
     */
    StepRun open(StepExecution step) throws InterruptedException;
}
