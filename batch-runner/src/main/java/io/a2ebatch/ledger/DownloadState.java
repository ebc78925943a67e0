package io.a2ebatch.ledger;

/**
 * Where the download of a completed row's result file is: none yet (no state), then
 * {@code DOWNLOADING → DOWNLOADED | DOWNLOAD_FAILED}. Only {@code DOWNLOADED} files are known to be
 * complete and checked; the others are fetched (or resumed) by the next run or {@code download}.
 */
public enum DownloadState {
    DOWNLOADING, DOWNLOADED, DOWNLOAD_FAILED
}
