package io.a2ebatch.cli;

/**
 * Process exit codes of {@code a2e-batch}, documented in the README and in {@code --help}.
 */
public enum ExitCode {
    /** Every row of the manifest completed (or, for {@code validate}, every row is valid). */
    SUCCESS(0),
    /** The run finished, but some rows failed, timed out or were rejected ({@code validate}: problems found). */
    ROWS_FAILED(1),
    /** The command line or the configuration is wrong; nothing was sent. */
    USAGE(2),
    /** The run stopped before the end (interrupted, credits exhausted, token rejected); run it again to resume. */
    STOPPED_RESTARTABLE(3),
    /** An unexpected internal error; the run can be resumed once the cause is fixed. */
    INTERNAL_ERROR(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
