package io.a2ebatch.job;

import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.report.RejectsFile;
import io.a2ebatch.run.RunPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * After the manifest is ingested: withdraws the pending rows whose key the manifest no longer has
 * (they are kept, never sent), writes the rejects file and says how many rows were read, before a
 * single request is sent.
 */
public class IngestListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(IngestListener.class);

    private final Ledger ledger;
    private final OutputProperties output;
    private final ManifestRowReader reader;
    private final CurrentRun run;

    public IngestListener(Ledger ledger, OutputProperties output, ManifestRowReader reader, CurrentRun run) {
        this.ledger = ledger;
        this.output = output;
        this.reader = reader;
        this.run = run;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
            return stepExecution.getExitStatus();
        }
        RunPass pass = run.pass();
        OutputPaths paths = OutputPaths.of(output, run.identity().manifest());
        ledger.withdrawMissing(pass);
        long rejected = RejectsFile.write(paths.rejects(), reader.header(), ledger, pass);
        if (rejected > 0) {
            log.warn("{} row(s) rejected and not sent; they are in {} with their problems. Fix them there and run"
                    + " that file as a manifest of its own.", rejected, paths.rejects());
        }
        log.info("Manifest ingested: {} row(s) read, {} rejected", stepExecution.getWriteCount(), rejected);
        return stepExecution.getExitStatus();
    }
}
