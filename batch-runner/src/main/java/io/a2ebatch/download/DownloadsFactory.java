package io.a2ebatch.download;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.throttle.Backoff;
import io.a2ebatch.throttle.RequestGate;

/** Starts the {@link Downloads} of a run with the configured settings. */
public final class DownloadsFactory {

    private final DownloadProperties properties;
    private final DownloadLedger ledger;
    private final A2eClient client;
    private final RequestGate gate;
    private final FamilyCatalog catalog;
    private final DownloadCounters counters = new DownloadCounters();

    public DownloadsFactory(DownloadProperties properties, DownloadLedger ledger, A2eClient client, RequestGate gate,
                            FamilyCatalog catalog) {
        this.properties = properties;
        this.ledger = ledger;
        this.client = client;
        this.gate = gate;
        this.catalog = catalog;
    }

    public DownloadProperties properties() {
        return properties;
    }

    public DownloadLedger ledger() {
        return ledger;
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
     * the end.
     *
     * @return the disk problem that stopped the downloads, if one did
     */
    public Optional<DiskProblemException> fetchMissing(long runId, Path dir) throws InterruptedException {
        try (Downloads run = start(runId, dir)) {
            run.submitUnfinished();
            run.awaitIdle();
            return run.diskProblem();
        } catch (DiskProblemException e) {
            return Optional.of(e);
        }
    }

    /**
     * Downloads for run {@code runId} into {@code dir}.
     *
     * @throws DiskProblemException when {@code dir} cannot be created or written
     */
    public Downloads start(long runId, Path dir) throws DiskProblemException {
        Downloader downloader = new Downloader(Downloader.httpClient(properties.connectTimeout()), dir,
                new FileNamer(properties.name()), new ByteRate(properties.bytesPerSecond()),
                new Backoff(properties.retryInitial(), 2.0, properties.retryMax(), properties.maxAttempts()),
                properties.headerTimeout(), new Random(), counters.bytesFetched);
        downloader.checkDirectory();
        return new Downloads(runId, ledger, downloader, new TaskLookup(runId, client, gate, catalog, ledger),
                counters, properties.concurrency());
    }
}
