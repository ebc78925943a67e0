package io.a2ebatch.run;

/** Why a run stopped before every row reached a final state. Every one of them is restartable. */
public enum StopReason {
    /** Ctrl-C, SIGTERM or a JobOperator stop request. */
    INTERRUPTED("interrupted"),
    /** A2E answered 402: top up credits, then run again. */
    CREDITS_EXHAUSTED("credits exhausted (402)"),
    /** A2E answered 401: fix the token, then run again. */
    AUTH_REJECTED("API token rejected (401)"),
    /** A provider of the manifest has no API token (kie.ai rows without KIE_API_TOKEN): set it, then run again. */
    TOKEN_MISSING("no API token for a provider of the manifest"),
    /** Rows are in doubt and A2E's list could not be read to settle them; run again later. */
    UNRESOLVED_IN_DOUBT("rows in doubt could not be looked up"),
    /**
     * No connection to A2E could be made (refused, unknown host, TLS) even after the reads' retries:
     * rows in doubt stay in doubt and are looked up on the next run, never sent again blindly.
     */
    API_UNREACHABLE("A2E unreachable"),
    /** The download directory cannot be written (full, read-only): fix it, then run again to resume. */
    DOWNLOAD_DISK("download directory not writable"),
    /** The job repository (database) cannot be reached; the ledger is intact, run again once it is back. */
    REPOSITORY_UNAVAILABLE("job repository unavailable"),
    /**
     * Another process took the run over (this one was paused, partitioned or too slow to renew its
     * lease in time): nothing more is recorded or sent from here.
     */
    LEASE_LOST("lost ownership of the run"),
    /** A bug or an environment fault (database, disk); the ledger is intact, run again once fixed. */
    INTERNAL_ERROR("internal error");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
