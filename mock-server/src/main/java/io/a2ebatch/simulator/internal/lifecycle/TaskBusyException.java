package io.a2ebatch.simulator.internal.lifecycle;

import io.a2ebatch.spec.family.TaskState;

/** A delete of a task that is still on its way ({@code sent}, {@code pending}, {@code processing}). */
public final class TaskBusyException extends Exception {

    private final TaskState state;

    public TaskBusyException(String id, TaskState state) {
        super("Task " + id + " is " + state.wire() + "; only initialized, completed or failed tasks can be deleted. "
                + "Wait until it has finished, then delete it");
        this.state = state;
    }

    public TaskState state() {
        return state;
    }
}
