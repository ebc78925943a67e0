package io.a2ebatch.cli;

/**
 * Process exit codes of {@code a2e-batch}. {@code --help} and the README's exit-code table are built
 * from {@link #meaning()} (the README's is checked by a test).
 */
public enum ExitCode {
    /** Every row of the manifest completed (or, for {@code validate}, every row is valid). */
    SUCCESS(0, "every row completed (validate: every row valid)"),
    /** The run finished, but some rows failed, timed out or were rejected ({@code validate}: problems found). */
    ROWS_FAILED(1, "the run finished but some rows failed, timed out or were rejected, or some result files could not"
            + " be downloaded (validate: problems found)"),
    /** The command line, the configuration or the manifest is wrong; nothing was sent. */
    USAGE(2, "usage or configuration error, a manifest that cannot be read or has no rows, or a run owned by"
            + " another process; nothing was sent"),
    /** The run stopped before the end (interrupted, credits exhausted, token rejected); run it again to resume. */
    STOPPED_RESTARTABLE(3, "stopped before the end (Ctrl-C / SIGTERM, credits exhausted, token rejected, A2E or the job"
            + " repository unreachable, the download directory full or not writable); run the same command again to"
            + " resume"),
    /** An unexpected internal error; the run can be resumed once the cause is fixed. */
    INTERNAL_ERROR(4, "unexpected internal error (details in the log file); the run resumes once the cause is fixed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** What the code means, for help and the README. */
    public String meaning() {
        return meaning;
    }
}
