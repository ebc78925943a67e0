package io.a2ebatch.simulator.internal.lifecycle;

import java.time.Duration;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;

/**
 * One simulated task. What is fixed at its start (id, input, timeline parameters, planned outcome) is
 * final; when it got a processing slot is decided by its {@link Account}'s schedule under that
 * account's lock, and read without it. Its status is never stored: {@link #state(long)} derives it from the
 * timeline for the moment asked about.
 *
 * <pre>
 * initialized [created, created+step)  sent [.., created+2·step)  pending [.., processingStart)
 * processing [processingStart, end)    completed | failed [end, ...)
 * </pre>
 */
public final class Task {

    private final long seq;
    private final String id;
    private final TaskFamily family;
    private final Account account;
    private final String name;
    private final byte[] body;
    private final long createdAt;
    private final long step;
    private final long deadline;
    private final long cost;
    private final TaskPlan plan;
    private final RenderCache rendered = new RenderCache();

    // Written under the account's lock, read without it by views (TaskStore): volatile, and endAt is
    // written last and read first, so a view that sees an end also sees whether it timed out.
    private volatile long processingStart = -1;
    private volatile long endAt = -1;
    private volatile boolean timedOut;
    private boolean settled;
    private volatile boolean deleted;

    Task(long seq, String id, TaskFamily family, Account account, String name, byte[] body, long createdAt, long step,
         long deadline, long cost, TaskPlan plan) {
        this.seq = seq;
        this.id = id;
        this.family = family;
        this.account = account;
        this.name = name;
        this.body = body;
        this.createdAt = createdAt;
        this.step = step;
        this.deadline = deadline;
        this.cost = cost;
        this.plan = plan;
    }

    /** Status at {@code now}; the account's schedule must have been advanced to {@code now}. */
    TaskState state(long now) {
        if (endAt >= 0 && now >= endAt) {
            return failure() != null ? TaskState.FAILED : TaskState.COMPLETED;
        }
        if (now < createdAt + step) {
            return TaskState.INITIALIZED;
        }
        if (now < createdAt + 2 * step) {
            return TaskState.SENT;
        }
        if (processingStart >= 0 && now >= processingStart) {
            return TaskState.PROCESSING;
        }
        return TaskState.PENDING;
    }

    /** When the status shown at {@code now} began. */
    long updatedAt(TaskState state) {
        return switch (state) {
            case INITIALIZED, UNKNOWN -> createdAt;
            case SENT -> createdAt + step;
            case PENDING -> createdAt + 2 * step;
            case PROCESSING -> processingStart;
            case COMPLETED, FAILED -> endAt;
        };
    }

    /** Why the task fails or failed: a timeout, or the planned failure; {@code null} when it completes. */
    Failure failure() {
        if (timedOut) {
            return new Failure("TIMEOUT", "The task did not finish within the task timeout of "
                    + DurationRange.format(Duration.ofMillis(deadline - createdAt))
                    + " and was stopped; its coins were refunded. Start it again, or raise --task-timeout");
        }
        return plan.failure();
    }

    TaskView view(long now) {
        TaskState state = state(now);
        return new TaskView(id, family, name, body, state, createdAt, updatedAt(state), cost,
                state == TaskState.FAILED ? failure() : null, rendered);
    }

    /** The task as its start response shows it: always {@code initialized}, whatever the step. */
    TaskView initialView() {
        return new TaskView(id, family, name, body, TaskState.INITIALIZED, createdAt, createdAt, cost, null, rendered);
    }

    /** Earliest moment it may start processing. */
    long readyAt() {
        return createdAt + 3 * step;
    }

    void schedule(long start, long end, boolean timedOut) {
        this.timedOut = timedOut;
        this.processingStart = start;
        this.endAt = end;
    }

    void markSettled() {
        this.settled = true;
    }

    void markDeleted() {
        this.deleted = true;
    }

    /** Creation order across the whole store. */
    public long seq() {
        return seq;
    }

    public String id() {
        return id;
    }

    public TaskFamily family() {
        return family;
    }

    public Account account() {
        return account;
    }

    public String name() {
        return name;
    }

    /** The start request body as compact JSON; not copied, do not modify. */
    public byte[] body() {
        return body;
    }

    public long createdAt() {
        return createdAt;
    }

    public long step() {
        return step;
    }

    public long deadline() {
        return deadline;
    }

    public long cost() {
        return cost;
    }

    public TaskPlan plan() {
        return plan;
    }

    /** When processing started, or -1 while waiting (or when it timed out waiting). */
    public long processingStart() {
        return processingStart;
    }

    /** When it reaches its final state, or -1 while not yet scheduled. */
    public long endAt() {
        return endAt;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** Whether its final state has been reached and, if failed, refunded. */
    public boolean settled() {
        return settled;
    }

    public boolean deleted() {
        return deleted;
    }

    /** Whether the task ends failed once it ends: planned failure or timeout. */
    boolean fails() {
        return timedOut || plan.failure() != null;
    }
}
