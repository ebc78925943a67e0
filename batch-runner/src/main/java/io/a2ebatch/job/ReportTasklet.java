package io.a2ebatch.job;

import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.report.ResultsFile;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The report step: rewrites the results file in manifest order once every row is final. */
public class ReportTasklet implements Tasklet {

    private final Ledger ledger;
    private final OutputProperties output;
    private final CurrentRun run;

    public ReportTasklet(Ledger ledger, OutputProperties output, CurrentRun run) {
        this.ledger = ledger;
        this.output = output;
        this.run = run;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        ResultsFile.rebuild(OutputPaths.of(output, run.identity().manifest()).results(), ledger, run.pass());
        return RepeatStatus.FINISHED;
    }
}
