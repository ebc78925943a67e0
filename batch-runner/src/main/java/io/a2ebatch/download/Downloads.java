package io.a2ebatch.download;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.submit.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downloads of one run: completed rows queue up and {@code concurrency} threads fetch their
 * files with a {@link Downloader}, recording each step in the ledger. A disk problem stops every
 * download (the rows stay resumable) and is reported by {@link #diskProblem()}.
 */
public final class Downloads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Downloads.class);

    private final long runId;
    private final DownloadLedger ledger;
    private final Downloader downloader;
    private final Downloader.UrlSource freshUrl;
    private final DownloadCounters counters;
    private final ExecutorService pool;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile DiskProblemException diskProblem;

    Downloads(long runId, DownloadLedger ledger, Downloader downloader, Downloader.UrlSource freshUrl,
              DownloadCounters counters, int concurrency) {
        this.runId = runId;
        this.ledger = ledger;
        this.downloader = downloader;
        this.freshUrl = freshUrl;
        this.counters = counters;
        this.pool = Executors.newFixedThreadPool(concurrency, new NamedThreads("a2e-download"));
    }

    /**
     * Queues every completed row of the run whose file is not complete yet, and each downloaded one
     * whose file is no longer in the directory with its size (deleted or changed since).
     */
    public void submitUnfinished() {
        for (DownloadLedger.Pending p : ledger.completedRows(runId)) {
            if (!p.downloaded()) {
                submit(new DownloadJob(p.key(), p.family(), p.taskId(), p.resultUrl(), p.file()));
            } else if (!downloader.isOnDisk(p.file(), p.downloadedBytes())) {
                log.info("Row '{}': {} is no longer in the download directory; fetching it again", p.key(), p.file());
                submit(new DownloadJob(p.key(), p.family(), p.taskId(), p.resultUrl(), null));
            }
        }
    }

    /** Queues a row that just completed. */
    public void submitCompleted(LedgerRow row, String taskId, String resultUrl) {
        if (resultUrl != null && !resultUrl.isEmpty()) {
            submit(new DownloadJob(row.key(), row.family(), taskId, resultUrl, null));
        }
    }

    private void submit(DownloadJob job) {
        if (diskProblem != null) {
            return;
        }
        outstanding.incrementAndGet();
        pool.execute(() -> {
            try {
                fetch(job);
            } finally {
                outstanding.decrementAndGet();
            }
        });
    }

    private void fetch(DownloadJob job) {
        if (diskProblem != null) {
            return;
        }
        try {
            DownloadedFile file = downloader.download(job, name -> ledger.markDownloading(runId, job.key(), name),
                    freshUrl);
            ledger.markDownloaded(runId, job.key(), file.file(), file.bytes(), file.sha256());
            counters.files.incrementAndGet();
        } catch (DownloadFailedException e) {
            log.warn("Row '{}': download failed: {}", job.key(), e.getMessage());
            ledger.markDownloadFailed(runId, job.key(), e.getMessage());
            counters.failed.incrementAndGet();
        } catch (DiskProblemException e) {
            if (diskProblem == null) {
                diskProblem = e;
                log.error(e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Row '{}': download failed unexpectedly", job.key(), e);
            ledger.markDownloadFailed(runId, job.key(), "internal error: " + e);
            counters.failed.incrementAndGet();
        }
    }

    /** Whether every queued download has ended. */
    public boolean idle() {
        return outstanding.get() == 0;
    }

    /** The disk problem that stopped downloads, if any. */
    public Optional<DiskProblemException> diskProblem() {
        return Optional.ofNullable(diskProblem);
    }

    public DownloadCounters counters() {
        return counters;
    }

    /** Waits until every queued download has ended or a disk problem stopped them. */
    public void awaitIdle() throws InterruptedException {
        while (!idle() && diskProblem == null) {
            Thread.sleep(50);
        }
    }

    /** Interrupts downloads in progress: their {@code .part} files stay and resume next time. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
