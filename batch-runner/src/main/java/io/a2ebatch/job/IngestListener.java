package io.a2ebatch.job;

import java.util.Map;

import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.report.RejectsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * After the manifest is ingested: writes the rejects file and says how many rows will run, before
 * a single request is sent.
 */
public class IngestListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(IngestListener.class);

    private final Ledger ledger;
    private final OutputProperties output;
    private final ManifestRowReader reader;

    public IngestListener(Ledger ledger, OutputProperties output, ManifestRowReader reader) {
        this.ledger = ledger;
        this.output = output;
        this.reader = reader;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
            return stepExecution.getExitStatus();
        }
        long runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        ManifestIdentity identity = ManifestIdentity.of(stepExecution.getJobExecution().getJobParameters());
        OutputPaths paths = OutputPaths.of(output, identity.path());
        Map<RowState, Long> counts = ledger.counts(runId);
        long valid = counts.values().stream().mapToLong(Long::longValue).sum();
        long rejected = RejectsFile.write(paths.rejects(), reader.header(), ledger, runId);
        if (rejected > 0) {
            log.warn("{} row(s) rejected and not sent; they are in {} with their problems. Fix them there and run"
                    + " that file as a manifest of its own.", rejected, paths.rejects());
        }
        log.info("Manifest ingested: {} valid row(s) to run, {} rejected", valid, rejected);
        return stepExecution.getExitStatus();
    }
}
