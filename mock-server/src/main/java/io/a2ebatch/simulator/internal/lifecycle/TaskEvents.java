package io.a2ebatch.simulator.internal.lifecycle;

/**
 * Every change of the task store that a restarted simulator must know, in the order it happened.
 * The store calls these while it holds the lock of the account concerned, so per account the calls
 * are ordered. Implemented by the state journal; {@link #NONE} when nothing is kept.
 */
public interface TaskEvents {

    /** Discards every event. */
    TaskEvents NONE = new TaskEvents() {
    };

    default void accountOpened(Account account) {
    }

    default void creditsChanged(Account account) {
    }

    default void enabledChanged(Account account) {
    }

    default void taskCreated(Task task) {
    }

    /** The task got a processing slot at {@link Task#processingStart()}, or timed out waiting for one. */
    default void taskScheduled(Task task) {
    }

    /** The task reached its final state; a failed task has been refunded. */
    default void taskSettled(Task task) {
    }

    default void taskDeleted(Task task, long refund) {
    }

    /** Everything was cleared ({@code reset}). */
    default void cleared() {
    }
}
