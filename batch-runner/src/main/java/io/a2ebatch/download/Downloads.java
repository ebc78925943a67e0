package io.a2ebatch.download;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downloads of one run: completed rows queue up and {@code concurrency} threads fetch their
 * files with a {@link Downloader}, recording each step in the ledger under the owner's lease. A disk
 * problem, a lost lease or an unreachable job repository stops the run through its
 * {@link RunControl} (the rows stay resumable), and once the run stops no queued download starts.
 * Without {@code --download} a run has {@link #none() none}: nothing is queued, and it is always idle.
 * <p>
 * {@link #close()} interrupts the downloads in progress (a body being read, a back-off), but never a
 * thread inside a ledger statement: an interrupt during H2's file I/O closes the database.
 */
public final class Downloads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Downloads.class);

    private final RunPass pass;
    private final DownloadLedger ledger;
    private final Downloader downloader;
    private final Downloader.UrlSource freshUrl;
    private final DownloadCounters counters;
    private final RunControl control;
    private final ExecutorService pool;
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Read lock: a ledger write in progress; write lock: {@link #close()} interrupting the threads. */
    private final ReadWriteLock recording = new ReentrantReadWriteLock();
    private volatile boolean closing;

    Downloads(RunPass pass, DownloadLedger ledger, Downloader downloader, Downloader.UrlSource freshUrl,
              DownloadCounters counters, RunControl control, int concurrency) {
        this.pass = pass;
        this.ledger = ledger;
        this.downloader = downloader;
        this.freshUrl = freshUrl;
        this.counters = counters;
        this.control = control;
        this.pool = concurrency == 0 ? null : Executors.newFixedThreadPool(concurrency, new NamedThreads("a2e-download"));
    }

    /** The downloads of a run without {@code --download}: none. */
    public static Downloads none() {
        return new Downloads(null, null, null, null, new DownloadCounters(), null, 0);
    }

    /** Whether files are downloaded at all. */
    public boolean enabled() {
        return pool != null;
    }

    /**
     * Queues every completed row of the run whose file is not complete yet, and each downloaded one
     * whose file is no longer in the directory with its size (deleted or changed since).
     */
    public void submitUnfinished() {
        if (!enabled()) {
            return;
        }
        for (DownloadLedger.Pending p : ledger.completedRows(pass.runId())) {
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
        if (enabled() && resultUrl != null && !resultUrl.isEmpty()) {
            submit(new DownloadJob(row.key(), row.family(), taskId, resultUrl, null));
        }
    }

    private void submit(DownloadJob job) {
        if (control.stopping()) {
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
        if (control.stopping()) {
            return;
        }
        try {
            try {
                DownloadedFile file = downloader.download(job,
                        name -> record(() -> ledger.markDownloading(pass, job.key(), name)), this::freshUrl);
                record(() -> ledger.markDownloaded(pass, job.key(), file.file(), file.bytes(), file.sha256()));
                counters.files.incrementAndGet();
            } catch (DownloadFailedException e) {
                log.warn("Row '{}': download failed: {}", job.key(), e.getMessage());
                record(() -> ledger.markDownloadFailed(pass, job.key(), e.getMessage()));
                counters.failed.incrementAndGet();
            } catch (RuntimeException e) {
                if (stopsTheRun(e)) {
                    return;
                }
                log.error("Row '{}': download failed unexpectedly", job.key(), e);
                record(() -> ledger.markDownloadFailed(pass, job.key(), "internal error: " + e));
                counters.failed.incrementAndGet();
            }
        } catch (DiskProblemException e) {
            log.error(e.getMessage());
            control.requestStop(StopReason.DOWNLOAD_DISK, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopsTheRun(e)) {
                log.error("Row '{}': its download could not be recorded; stopping the run", job.key(), e);
                control.requestStop(StopReason.INTERNAL_ERROR, "recording the download of row '" + job.key()
                        + "' failed: " + e);
            }
        }
    }

    /** A fresh URL from the task's record, recorded so that the next attempt starts from it. */
    private String freshUrl(DownloadJob job) throws DownloadFailedException, InterruptedException {
        String url = freshUrl.fresh(job);
        record(() -> ledger.updateResultUrl(pass, job.key(), url));
        return url;
    }

    /**
     * Stops the run for a ledger failure that ends every download: a lost lease (nothing more may be
     * recorded) or an unreachable job repository. Whether {@code e} was one.
     */
    private boolean stopsTheRun(RuntimeException e) {
        if (e instanceof LeaseLostException) {
            control.requestStop(StopReason.LEASE_LOST, e.getMessage());
            return true;
        }
        if (RepositoryFailures.isUnavailable(e)) {
            RepositoryFailures.TRACE.warn("A download: job repository unavailable", e);
            control.requestStop(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
            return true;
        }
        return false;
    }

    /** Runs a ledger write, unless downloads are closing (then the download ends as interrupted). */
    private void record(Runnable write) throws InterruptedException {
        recording.readLock().lock();
        try {
            if (closing || Thread.interrupted()) {
                throw new InterruptedException("downloads stopped");
            }
            write.run();
        } finally {
            recording.readLock().unlock();
        }
    }

    /** Whether every queued download has ended. */
    public boolean idle() {
        return outstanding.get() == 0;
    }

    public DownloadCounters counters() {
        return counters;
    }

    /** Waits until every queued download has ended or the run stops. */
    public void awaitIdle() throws InterruptedException {
        while (!idle() && !control.stopping()) {
            Thread.sleep(50);
        }
    }

    /**
     * Interrupts downloads in progress, once no ledger write is in progress: their {@code .part} files
     * stay and resume next time (a file renamed before its row was recorded is found complete then).
     */
    @Override
    public void close() {
        if (!enabled()) {
            return;
        }
        recording.writeLock().lock();
        try {
            closing = true;
            pool.shutdownNow();
        } finally {
            recording.writeLock().unlock();
        }
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
