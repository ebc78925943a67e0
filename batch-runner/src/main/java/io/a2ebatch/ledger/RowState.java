package io.a2ebatch.ledger;

/**
 * The state of a manifest row in the ledger:
 * {@code PENDING → SUBMITTING → SUBMITTED → COMPLETED | FAILED | TIMED_OUT}. A row in
 * {@code SUBMITTING} may or may not have a task at A2E (the start request was sent, its answer not
 * recorded): it must be looked up before anything is sent again. A pending row whose key is no longer
 * in the manifest is {@code WITHDRAWN}: kept, never sent, pending again if its key comes back.
 */
public enum RowState {
    PENDING, SUBMITTING, SUBMITTED, COMPLETED, FAILED, TIMED_OUT, WITHDRAWN;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == TIMED_OUT;
    }

    /** Lower-case name as written to the results file. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
