package io.a2ebatch.ledger;

import java.util.List;

import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.RunPass;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The download columns of the ledger's rows, keyed like the rows by the run's number and key: each statement
 * commits on its own, so a restart knows which files are complete ({@link DownloadState#DOWNLOADED},
 * with size and SHA-256), which were started (their {@code .part} name) and which failed.
 * <p>
 * Every write is fenced by the owner's lease like the {@link Ledger}'s: a process that lost the run
 * records no download and throws {@link LeaseLostException}. Each operation rides out a job
 * repository outage through the ledger's retry; every write sets the same values when run again.
 */
public final class DownloadLedger {

    private final JdbcTemplate jdbc;
    private final Ledger ledger;

    public DownloadLedger(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /**
     * Completed rows of the run with a result URL, in manifest order: those not downloaded yet (never
     * tried, interrupted or failed), and the downloaded ones with their size, so the caller can check
     * that their file is still there. Rows no longer in the manifest count too: their files were paid for.
     * Ordered as the index of states and lines, so that it is walked over the completed rows alone.
     */
    public List<Pending> completedRows(long runId) {
        return ledger.retry().call(() -> jdbc.query("SELECT ROW_KEY, FAMILY, TASK_ID, RESULT_URL, FILE_NAME,"
                        + " DOWNLOAD_STATE, FILE_BYTES"
                        + " FROM A2E_ROW WHERE RUN_ID = ? AND STATE = ? AND RESULT_URL IS NOT NULL"
                        + " AND RESULT_URL <> '' ORDER BY RUN_ID, STATE, LINE",
                (rs, n) -> {
                    long bytes = rs.getLong(7);
                    return new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), DownloadState.DOWNLOADED.name().equals(rs.getString(6)) ? bytes : -1);
                },
                runId, RowState.COMPLETED.name()));
    }

    /** The download has a file name; its {@code .part} may now be written. */
    public void markDownloading(RunPass pass, String key, String file) {
        write(pass, key, "record the download of " + file, "DOWNLOAD_STATE = ?, FILE_NAME = ?, DOWNLOAD_ERROR = NULL",
                DownloadState.DOWNLOADING.name(), file);
    }

    /** The file is complete and checked under its final name. */
    public void markDownloaded(RunPass pass, String key, String file, long bytes, String sha256) {
        write(pass, key, "record the downloaded file " + file, "DOWNLOAD_STATE = ?, FILE_NAME = ?, FILE_BYTES = ?,"
                + " FILE_SHA256 = ?, DOWNLOAD_ERROR = NULL", DownloadState.DOWNLOADED.name(), file, bytes, sha256);
    }

    /** The file could not be had; the next run or {@code download} tries again. */
    public void markDownloadFailed(RunPass pass, String key, String error) {
        write(pass, key, "record a failed download", "DOWNLOAD_STATE = ?, DOWNLOAD_ERROR = ?",
                DownloadState.DOWNLOAD_FAILED.name(), error);
    }

    /** A newer result URL (after a fresh look-up), so the next attempt starts from it. */
    public void updateResultUrl(RunPass pass, String key, String url) {
        write(pass, key, "record a fresh result URL", "RESULT_URL = ?", url);
    }

    /**
     * Sets {@code assignments} (with {@code values}) on the row of {@code key}, fenced by the pass's
     * lease. Every such write sets the same values when run again, so it is retried as it is.
     */
    private void write(RunPass pass, String key, String what, String assignments, Object... values) {
        Object[] args = java.util.Arrays.copyOf(values, values.length + 5);
        System.arraycopy(new Object[] {pass.runId(), key, pass.lease().runName(), pass.lease().ownerId(),
                pass.lease().epoch()}, 0, args, values.length, 5);
        ledger.retry().run(() -> ledger.expectOne(jdbc.update("UPDATE A2E_ROW SET " + assignments
                + " WHERE RUN_ID = ? AND ROW_KEY = ?" + Ledger.FENCE, args), pass, key, what));
    }

    /** Files downloaded and their bytes, and downloads that failed, over the whole run. */
    public Totals totals(long runId) {
        return ledger.retry().call(() -> jdbc.queryForObject(
                "SELECT COALESCE(SUM(CASE WHEN DOWNLOAD_STATE = ? THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN DOWNLOAD_STATE = ? THEN FILE_BYTES ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN DOWNLOAD_STATE = ? THEN 1 ELSE 0 END), 0) FROM A2E_ROW"
                        + " WHERE RUN_ID = ?",
                (rs, n) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                DownloadState.DOWNLOADED.name(), DownloadState.DOWNLOADED.name(), DownloadState.DOWNLOAD_FAILED.name(),
                runId));
    }

    /**
     * A completed row.
     *
     * @param file            name chosen by an earlier attempt, or null
     * @param downloadedBytes size of the file when it was downloaded, -1 when it is not downloaded
     */
    public record Pending(String key, String family, String taskId, String resultUrl, String file,
                          long downloadedBytes) {

        public boolean downloaded() {
            return downloadedBytes >= 0;
        }
    }

    /** Download totals of a run. */
    public record Totals(long downloaded, long bytes, long failed) {
    }
}
