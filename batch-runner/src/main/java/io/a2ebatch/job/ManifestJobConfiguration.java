package io.a2ebatch.job;

import java.nio.file.Path;
import java.time.Clock;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.config.TrackingProperties;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.engine.RunSession;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.throttle.RequestGate;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one job of a2e-batch: {@code ingest} (manifest → ledger, chunked, in the chunk transaction),
 * {@code execute} (submit and track; ledger writes commit on their own), {@code report} (results in
 * manifest order).
 */
@Configuration(proxyBeanMethods = false)
public class ManifestJobConfiguration {

    /** Name of the job in the job repository. */
    public static final String JOB_NAME = "a2eManifestRun";
    /** Rows per ingest transaction. */
    static final int INGEST_CHUNK = 1000;

    @Bean
    Job a2eManifestRun(JobRepository jobRepository, Step ingestStep, Step executeStep, Step reportStep) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(ingestStep)
                .next(executeStep)
                .next(reportStep)
                .build();
    }

    @Bean
    Step ingestStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                    ManifestRowReader manifestRowReader, LedgerItemWriter ledgerItemWriter,
                    IngestListener ingestListener) {
        return new StepBuilder("ingest", jobRepository)
                .<RowOutcome, RowOutcome>chunk(INGEST_CHUNK)
                .transactionManager(transactionManager)
                .reader(manifestRowReader)
                .writer(ledgerItemWriter)
                .listener(ingestListener)
                .build();
    }

    @Bean
    @StepScope
    ManifestRowReader manifestRowReader(@Value("#{jobParameters['manifest.path']}") String manifest) {
        return new ManifestRowReader(Path.of(manifest), FamilyCatalog.bundled());
    }

    @Bean
    @StepScope
    LedgerItemWriter ledgerItemWriter(Ledger ledger, @Value("#{stepExecution}") StepExecution stepExecution,
                                      ManifestRowReader manifestRowReader) {
        return new LedgerItemWriter(ledger, stepExecution.getJobExecution().getJobInstance().getInstanceId(),
                manifestRowReader::converter);
    }

    @Bean
    @StepScope
    IngestListener ingestListener(Ledger ledger, OutputProperties output, ManifestRowReader manifestRowReader) {
        return new IngestListener(ledger, output, manifestRowReader);
    }

    /**
     * The execute step holds no database transaction of its own: its tasklet only waits and
     * checkpoints, and the engine's ledger writes must commit on their own.
     */
    @Bean
    Step executeStep(JobRepository jobRepository, ExecuteTasklet executeTasklet) {
        return new StepBuilder("execute", jobRepository)
                .tasklet(executeTasklet, new ResourcelessTransactionManager())
                .listener(executeTasklet)
                .build();
    }

    @Bean
    @StepScope
    ExecuteTasklet executeTasklet(Ledger ledger, A2eClient client, RequestGate gate, RunSession session,
                                  ThrottleProperties throttle, TrackingProperties tracking, OutputProperties output,
                                  DownloadsFactory downloads) {
        return new ExecuteTasklet(ledger, client, gate, FamilyCatalog.bundled(), session, throttle, tracking, output,
                Clock.systemUTC(), downloads);
    }

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, Ledger ledger,
                    OutputProperties output) {
        return new StepBuilder("report", jobRepository)
                .tasklet(new ReportTasklet(ledger, output), transactionManager)
                .build();
    }

    @Bean
    RunSession runSession() {
        return new RunSession();
    }
}
