package io.a2ebatch.simulator.internal.chaos;

/**
 * What the simulator does to one API request instead of (or after) answering it.
 *
 * @param kind        nothing, an injected 5xx, or a dropped connection
 * @param status      500 or 503 for {@link Kind#ERROR}, else 0
 * @param afterCreate for a start request: whether the task is created before the failure, leaving the
 *                    client in doubt whether its task exists
 */
public record Injection(Kind kind, int status, boolean afterCreate) {

    /** The request is answered normally. */
    public static final Injection NONE = new Injection(Kind.NONE, 0, false);

    /** Kinds of injected failure. */
    public enum Kind {
        NONE, ERROR, FAULT
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }
}
