package io.a2ebatch.simulator.internal.tasks;

import io.a2ebatch.spec.family.StatusRule;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * The record writer of each family, chosen by its provider's {@link StatusRule}: lifecycle names
 * ({@link TaskRecords}, A2E) or a success flag ({@link FlagRecords}, kie.ai).
 */
public final class RecordWriters {

    private final RecordWriter wireNames;
    private final RecordWriter successFlag;

    public RecordWriters(ResultFiles files) {
        this.wireNames = new TaskRecords(files);
        this.successFlag = new FlagRecords(files);
    }

    /** The writer of {@code family}'s records. */
    public RecordWriter of(TaskFamily family) {
        return family.provider().status() instanceof StatusRule.SuccessFlag ? successFlag : wireNames;
    }
}
