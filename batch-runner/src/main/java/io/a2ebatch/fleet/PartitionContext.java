package io.a2ebatch.fleet;

import io.a2ebatch.run.KeySlice;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a partition's step execution context says: the run, the pass and the slice of its rows. Written
 * by the manager's {@link RunPartitioner}, read by the worker that runs the partition; the job
 * repository carries it, so a worker needs neither the manifest nor the manager.
 *
 * @param runName the run
 * @param pass    the pass the partition belongs to
 * @param slice   its rows
 */
public record PartitionContext(String runName, long pass, KeySlice slice) {

    static final String RUN_NAME = "a2e.partition.run-name";
    static final String PASS = "a2e.partition.pass";
    static final String INDEX = "a2e.partition.index";
    static final String COUNT = "a2e.partition.count";

    /** Whether {@code context} is a partition's. */
    static boolean isPartition(ExecutionContext context) {
        return context.containsKey(RUN_NAME);
    }

    static PartitionContext of(ExecutionContext context) {
        return new PartitionContext(context.getString(RUN_NAME), context.getLong(PASS),
                new KeySlice(context.getInt(INDEX), context.getInt(COUNT)));
    }

    ExecutionContext toContext() {
        ExecutionContext context = new ExecutionContext();
        context.putString(RUN_NAME, runName);
        context.putLong(PASS, pass);
        context.putInt(INDEX, slice.index());
        context.putInt(COUNT, slice.count());
        return context;
    }
}
