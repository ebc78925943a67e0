package io.a2ebatch.job;

/**
 * Another live process owns the run (its lease has not expired): this one refuses, naming it. Exit
 * code 2; {@code --wait-for-owner} waits instead.
 */
public final class RunOwnedException extends RuntimeException {

    public RunOwnedException(String message) {
        super(message);
    }
}
