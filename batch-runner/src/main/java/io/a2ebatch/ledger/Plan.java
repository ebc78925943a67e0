package io.a2ebatch.ledger;

/**
 * What a pass over the manifest does with a row, decided before anything is sent by comparing the
 * manifest's row with the ledger's (see {@link RowPlanner}).
 */
public enum Plan {
    /** Finished, and the manifest asks for the same request: nothing to do. */
    KEEP("kept (done)"),
    /** A task is in flight or in doubt, same request: it is followed, nothing is sent. */
    FOLLOW("followed (in flight)"),
    /** A key the run has not seen: sent. */
    NEW("new: sent"),
    /** Never sent (pending, withdrawn, or its start was refused): sent as the manifest now reads. */
    SEND("not sent yet: sent"),
    /** The request changed after its task was created: not resent (see {@code --resubmit-changed}). */
    CHANGED_HELD("changed after its task was created: NOT resent"),
    /** The request changed after its task was created and {@code --resubmit-changed}: a new task. */
    RESUBMIT("changed: resubmitted as a new attempt"),
    /** The task failed at A2E and {@code --retry-failed}: a new task, a new attempt. */
    RETRY("failed: retried as a new attempt");

    private final String label;

    Plan(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the row gets a start request in this pass. */
    public boolean sends() {
        return this == NEW || this == SEND || this == RESUBMIT || this == RETRY;
    }
}
