package io.a2ebatch.run;

/**
 * A failure after which the run stops restartable (exit 3) rather than failing with an internal error:
 * its message says what happened and what to do, and running the same command again carries on.
 */
public interface RestartableFailure {

    /** What happened and what to do, for the user. */
    String getMessage();
}
