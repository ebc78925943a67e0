package io.a2ebatch.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.RunSettings;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the execute step of a pass into {@code gridSize} partitions, one per {@link KeySlice}: together
 * they cover every row of the run once (pending, in doubt or in flight), whichever state each is in.
 * Each carries the manager's settings, which its worker runs by.
 */
final class RunPartitioner implements Partitioner {

    private final java.util.function.Supplier<RunPass> pass;
    private final RunSettings settings;

    RunPartitioner(java.util.function.Supplier<RunPass> pass, RunSettings settings) {
        this.pass = pass;
        this.settings = settings;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        RunPass current = pass.get();
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < gridSize; i++) {
            partitions.put("partition" + i,
                    new PartitionContext(current.runName(), current.pass(), new KeySlice(i, gridSize), settings)
                            .toContext());
        }
        return partitions;
    }
}
