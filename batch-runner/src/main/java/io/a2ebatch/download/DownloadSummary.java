package io.a2ebatch.download;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The downloads line of a run's summary.
 *
 * @param dir          the download directory
 * @param files        files of the run complete on disk
 * @param bytes        their bytes
 * @param failed       rows whose download failed (a rerun tries them again)
 * @param filesNow     files completed by this process
 * @param bytesFetched bytes this process received
 */
public record DownloadSummary(Path dir, long files, long bytes, long failed, long filesNow, long bytesFetched) {

    /** {@code files: 10 downloaded (50.0 MB) to DIR, 0 failed; 10 this session, 50.0 MB fetched}. */
    public String line() {
        return String.format(Locale.ROOT, "files:    %d downloaded (%s) to %s, %d failed; %d this session, %s fetched",
                files, size(bytes), dir, failed, filesNow, size(bytesFetched));
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
