package io.a2ebatch.download;

import java.util.function.Supplier;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.client.TokenUnavailableException;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import io.a2ebatch.throttle.RequestGate;

/**
 * A fresh result URL for an expired one: the task's record read again with the API's detail call,
 * under the API's rate limit ({@link Downloads} records the new URL in the ledger). The client is
 * asked for only then: {@code download} needs no API token until a URL has expired.
 */
public final class TaskLookup implements Downloader.UrlSource {

    private final Supplier<A2eClient> client;
    private final RequestGate gate;
    private final FamilyCatalog catalog;

    public TaskLookup(Supplier<A2eClient> client, RequestGate gate, FamilyCatalog catalog) {
        this.client = client;
        this.gate = gate;
        this.catalog = catalog;
    }

    @Override
    public String fresh(DownloadJob job) throws DownloadFailedException, InterruptedException {
        if (job.taskId() == null) {
            throw new DownloadFailedException("the result URL was refused and the row has no task id to look up");
        }
        A2eClient api;
        try {
            api = client.get();
        } catch (TokenUnavailableException e) {
            throw new DownloadFailedException("the result URL was refused and task " + job.taskId()
                    + " cannot be read again for a fresh one: " + e.getMessage());
        }
        TaskFamily family = catalog.require(job.type());
        TaskRecord record;
        try {
            record = gate.forProvider(family.provider()).read(() -> api.detail(family, job.taskId()));
        } catch (A2eApiException e) {
            throw new DownloadFailedException("the result URL was refused and reading task " + job.taskId()
                    + " again for a fresh one failed: " + e.summary());
        }
        if (record.state() != TaskState.COMPLETED || record.resultUrl() == null || record.resultUrl().isEmpty()) {
            throw new DownloadFailedException("the result URL was refused and task " + job.taskId()
                    + " no longer shows one (status " + record.rawStatus() + ")");
        }
        return record.resultUrl();
    }
}
