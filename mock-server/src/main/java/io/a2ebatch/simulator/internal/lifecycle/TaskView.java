package io.a2ebatch.simulator.internal.lifecycle;

import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;

/**
 * A task as it is at one moment, taken without blocking writers (see {@link TaskStore}) and rendered without any lock.
 *
 * @param id        24 lowercase hex characters
 * @param family    the task's family
 * @param name      the name the start request gave, or empty
 * @param body      the start request body (compact JSON)
 * @param state     status at the moment of the view
 * @param createdAt epoch milliseconds of the start request
 * @param updatedAt epoch milliseconds of the last status change before the moment of the view
 * @param coins     credits charged
 * @param failure   why it failed when {@code state} is {@code FAILED}, else {@code null}
 * @param rendered  the task's own cache of what the renderer made of {@code body}
 */
public record TaskView(String id, TaskFamily family, String name, byte[] body, TaskState state, long createdAt,
                       long updatedAt, long coins, Failure failure, RenderCache rendered) {
}
