package io.a2ebatch.job;

/**
 * Another live process owns the run (its lease has not expired): this one refuses, naming it. Exit
 * code 2; {@code --wait-for-owner} waits instead.
 */
public final class RunOwnedException extends RuntimeException {

    public RunOwnedException(String run, String owner) {
        super(message(run, owner));
    }

    /** What a process refused a run says: whose it is, and what to do. */
    public static String message(String run, String owner) {
        return "the run " + run + " is owned by another a2e-batch: " + owner + ". Wait for it to end or stop it"
                + " (Ctrl-C or SIGTERM to that process), or pass --wait-for-owner to wait for it; nothing was sent.";
    }
}
