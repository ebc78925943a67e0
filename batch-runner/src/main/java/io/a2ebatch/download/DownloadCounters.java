package io.a2ebatch.download;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Live download counts of this process, for the progress line and the summary. */
public final class DownloadCounters {

    /** Body bytes received, cut responses included. */
    public final AtomicLong bytesFetched = new AtomicLong();
    /** Files completed (downloaded, or found complete on disk). */
    public final AtomicLong files = new AtomicLong();
    /** Files whose download failed. */
    public final AtomicLong failed = new AtomicLong();
    private final long startNanos = System.nanoTime();

    /** The progress line's download segment: files, failures and throughput since the start. */
    public String progress() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%d files%s | %.1f MB/s", files.get(),
                failed.get() == 0 ? "" : " (" + failed.get() + " failed)", bytesFetched.get() / seconds / (1 << 20));
    }
}
