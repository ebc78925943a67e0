package io.a2ebatch.download;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskState;
import io.a2ebatch.throttle.RequestGate;

/**
 * A fresh result URL for an expired one: the task's record read again with the API's detail call,
 * under the API's rate limit; the new URL is recorded in the ledger.
 */
public final class TaskLookup implements Downloader.UrlSource {

    private final long runId;
    private final A2eClient client;
    private final RequestGate gate;
    private final FamilyCatalog catalog;
    private final DownloadLedger ledger;

    public TaskLookup(long runId, A2eClient client, RequestGate gate, FamilyCatalog catalog, DownloadLedger ledger) {
        this.runId = runId;
        this.client = client;
        this.gate = gate;
        this.catalog = catalog;
        this.ledger = ledger;
    }

    @Override
    public String fresh(DownloadJob job) throws DownloadFailedException, InterruptedException {
        if (job.taskId() == null) {
            throw new DownloadFailedException("the result URL was refused and the row has no task id to look up");
        }
        TaskRecord record;
        try {
            record = gate.read(() -> client.detail(catalog.require(job.type()), job.taskId()));
        } catch (A2eApiException e) {
            throw new DownloadFailedException("the result URL was refused and reading task " + job.taskId()
                    + " again for a fresh one failed: " + e.summary());
        }
        if (record.state() != TaskState.COMPLETED || record.resultUrl() == null || record.resultUrl().isEmpty()) {
            throw new DownloadFailedException("the result URL was refused and task " + job.taskId()
                    + " no longer shows one (status " + record.rawStatus() + ")");
        }
        ledger.updateResultUrl(runId, job.key(), record.resultUrl());
        return record.resultUrl();
    }
}
