package io.a2ebatch.ledger;

import java.time.Instant;

/**
 * One row of the ledger.
 *
 * @param key           the manifest row key
 * @param line          manifest line where the row starts (in the last manifest that had the key)
 * @param family        task family name
 * @param request       start request body as JSON text (without the task name)
 * @param fingerprint   hash of the family and the request, to tell an edited row from the same one
 * @param state         where the row is
 * @param taskName      name sent with the start request (carries the run tag, the row key and the
 *                      attempt), or null before
 * @param taskId        A2E task id, or null before one is known
 * @param taskAttempt   1 for the row's first task; one more for each resubmission (a new task name)
 * @param resultUrl     result URL of a completed task, or null
 * @param error         why the row failed or timed out, or null
 * @param coins         credits A2E reports for the task, or null
 * @param attempts      start requests sent for the row
 * @param submittingAt  when the last start request was about to be sent, or null
 * @param submittedAt   when the task id was recorded, or null
 * @param finishedAt    when the row reached its final state, or null
 * @param seenPass      the last pass whose manifest had the key
 * @param plan          what that pass planned for the row
 * @param changedFields for {@link Plan#CHANGED_HELD}: the request fields that differ, comma-separated
 * @param download      the downloaded result file, {@link Download#NONE} when there is none (yet)
 */
public record LedgerRow(String key, long line, String family, String request, String fingerprint, RowState state,
                        String taskName, String taskId, int taskAttempt, String resultUrl, String error, Long coins,
                        int attempts, Instant submittingAt, Instant submittedAt, Instant finishedAt, long seenPass,
                        Plan plan, String changedFields, Download download) {

    /** The row as it is once recorded as about to be sent under {@code name}. */
    public LedgerRow submitting(String name, Instant at) {
        return new LedgerRow(key, line, family, request, fingerprint, RowState.SUBMITTING, name, taskId, taskAttempt,
                resultUrl, error, coins, attempts + 1, at, submittedAt, finishedAt, seenPass, plan, changedFields,
                download);
    }

    /** The row as it is once its task id is recorded. */
    public LedgerRow submitted(String id, Instant at) {
        return new LedgerRow(key, line, family, request, fingerprint, RowState.SUBMITTED, taskName, id, taskAttempt,
                resultUrl, error, coins, attempts, submittingAt, at, finishedAt, seenPass, plan, changedFields,
                download);
    }

    /** The row as it is once finished. */
    public LedgerRow finished(RowState finalState, String finalTaskId, String finalResultUrl, String finalError,
                              Long finalCoins, Instant at) {
        return new LedgerRow(key, line, family, request, fingerprint, finalState, taskName,
                finalTaskId == null ? taskId : finalTaskId, taskAttempt, finalResultUrl, finalError, finalCoins,
                attempts, submittingAt, submittedAt, at, seenPass, plan, changedFields, download);
    }

    /**
     * The download columns of a row.
     *
     * @param file   file name in the download directory once downloaded, or null
     * @param bytes  its size, or null
     * @param sha256 its SHA-256, or null
     * @param error  why its download failed, or null
     */
    public record Download(String file, Long bytes, String sha256, String error) {

        /** Nothing downloaded. */
        public static final Download NONE = new Download(null, null, null, null);
    }
}
