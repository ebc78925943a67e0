package io.a2ebatch.download;

import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.throttle.Backoff;
import io.a2ebatch.throttle.RequestGate;

/** Starts the {@link Downloads} of a run with the configured settings. */
public final class DownloadsFactory {

    private final DownloadProperties properties;
    private final DownloadLedger ledger;
    private final Supplier<A2eClient> client;
    private final RequestGate gate;
    private final FamilyCatalog catalog;
    private final RunControl control;
    private final DownloadCounters counters = new DownloadCounters();

    /** @param client the API client, asked for only when an expired URL needs a fresh look-up */
    public DownloadsFactory(DownloadProperties properties, DownloadLedger ledger, Supplier<A2eClient> client,
                            RequestGate gate, FamilyCatalog catalog, RunControl control) {
        this.properties = properties;
        this.ledger = ledger;
        this.client = client;
        this.gate = gate;
        this.catalog = catalog;
        this.control = control;
    }

    public DownloadProperties properties() {
        return properties;
    }

    /** This process's download counts, over every {@link #start}. */
    public DownloadCounters counters() {
        return counters;
    }

    /** What the summary says about the run's downloads into {@code dir}. */
    public DownloadSummary summary(long runId, Path dir) {
        DownloadLedger.Totals totals = ledger.totals(runId);
        return new DownloadSummary(dir, totals.downloaded(), totals.bytes(), totals.failed(), counters.files.get(),
                counters.bytesFetched.get());
    }

    /**
     * Fetches every file of the run's completed rows that is not complete on disk yet, and waits for
     * the end. A directory that cannot be written, a lost lease or a signal stops the run's
     * {@link RunControl}, which then says why.
     */
    public void fetchMissing(RunPass pass, Path dir) throws InterruptedException {
        try (Downloads run = start(pass, dir)) {
            run.submitUnfinished();
            run.awaitIdle();
        } catch (DiskProblemException e) {
            control.requestStop(StopReason.DOWNLOAD_DISK, e.getMessage());
        }
    }

    /**
     * The downloads of {@code pass}: into {@code --download DIR}, or {@link Downloads#none()}
     * without it. A directory that cannot be written stops the run before anything is sent.
     */
    public Downloads forRun(RunPass pass) {
        if (!properties.enabled()) {
            return Downloads.none();
        }
        try {
            return start(pass, properties.dir());
        } catch (DiskProblemException e) {
            control.requestStop(StopReason.DOWNLOAD_DISK, e.getMessage());
            return Downloads.none();
        }
    }

    /**
     * Downloads for the run of {@code pass}, written under its lease, into {@code dir}.
     *
     * @throws DiskProblemException when {@code dir} cannot be created or written
     */
    public Downloads start(RunPass pass, Path dir) throws DiskProblemException {
        Downloader downloader = new Downloader(Downloader.httpClient(properties.connectTimeout()), dir,
                new FileNamer(properties.name()), new ByteRate(properties.bytesPerSecond()),
                new Backoff(properties.retryInitial(), 2.0, properties.retryMax(), properties.maxAttempts()),
                properties.headerTimeout(), new Random(), counters.bytesFetched);
        downloader.checkDirectory();
        return new Downloads(pass, ledger, downloader, new TaskLookup(client, gate, catalog), counters, control,
                properties.concurrency());
    }
}
