package io.a2ebatch.cli;

/**
 * Something the user wrote (an option, a property, a path) cannot be used; the message names it and
 * says what to write instead. Always exit code {@link ExitCode#USAGE}.
 */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
