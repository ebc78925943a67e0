package io.a2ebatch.job;

import java.nio.file.Path;
import java.time.Clock;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.ReconcileProperties;
import io.a2ebatch.config.RunProperties;
import io.a2ebatch.failure.RepositoryRetry;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowPlanner;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.submit.Reconciler;
import io.a2ebatch.submit.TaskNaming;
import io.a2ebatch.throttle.RequestGate;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one job of a2e-batch: {@code ingest} (manifest → ledger with each row's plan, chunked, in the
 * chunk transaction), {@code plan} (fresh-state reconcile, then the plan printed), {@code execute}
 * (submit and track; ledger writes commit on their own), {@code report} (results in manifest order).
 */
@Configuration(proxyBeanMethods = false)
public class ManifestJobConfiguration {

    /** Name of the job in the job repository. */
    public static final String JOB_NAME = "a2eManifestRun";
    /** Rows per ingest transaction. */
    static final int INGEST_CHUNK = 1000;

    @Bean
    Job a2eManifestRun(JobRepository jobRepository, Step ingestStep, Step planStep, Step executeStep,
                       Step reportStep) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(ingestStep)
                .next(planStep)
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
        return new ManifestRowReader(Path.of(manifest), FamilyCatalog.everyProvider());
    }

    @Bean
    @StepScope
    LedgerItemWriter ledgerItemWriter(Ledger ledger, CurrentRun run, RunProperties runProperties,
                                      ManifestRowReader manifestRowReader) {
        return new LedgerItemWriter(ledger, run.pass(), new RowPlanner(planOptions(runProperties)),
                manifestRowReader::converter);
    }

    static RowPlanner.Options planOptions(RunProperties run) {
        return new RowPlanner.Options(run.retryFailed(), run.resubmitChanged());
    }

    @Bean
    @StepScope
    IngestListener ingestListener(Ledger ledger, OutputProperties output, ManifestRowReader manifestRowReader,
                                  CurrentRun run) {
        return new IngestListener(ledger, output, manifestRowReader, run);
    }

    /** Runs on every start of the job, also when an earlier execution completed it: the plan is always shown. */
    @Bean
    Step planStep(JobRepository jobRepository, PlanTasklet planTasklet) {
        return new StepBuilder("plan", jobRepository)
                .tasklet(planTasklet, new ResourcelessTransactionManager())
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @StepScope
    PlanTasklet planTasklet(Ledger ledger, A2eClient client, RequestGate gate, ReconcileProperties reconcile,
                            CurrentRun run, RunControl control, Clock clock) {
        return new PlanTasklet(ledger, new Reconciler(client, gate, ledger, FamilyCatalog.everyProvider(),
                new TaskNaming(run.identity().tag()), clock), reconcile, run, control);
    }

    /**
     * The execute step holds no database transaction of its own: its tasklet only waits and
     * checkpoints, and the engine's ledger writes must commit on their own. With {@code --partitions}
     * the fleet's manager step replaces it ({@code io.a2ebatch.fleet.FleetManagerConfiguration}).
     */
    @Bean
    @ConditionalOnExpression("${a2e.fleet.partitions:0} == 0")
    Step executeStep(JobRepository jobRepository, ExecuteTasklet executeTasklet) {
        return new StepBuilder("execute", jobRepository)
                .tasklet(executeTasklet, new ResourcelessTransactionManager())
                .listener(executeTasklet)
                .build();
    }

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, Ledger ledger,
                    OutputProperties output, CurrentRun run) {
        return new StepBuilder("report", jobRepository)
                .tasklet(new ReportTasklet(ledger, output, run), transactionManager)
                .build();
    }

    @Bean
    RunControl runControl() {
        return new RunControl();
    }

    @Bean
    RunCounters runCounters() {
        return new RunCounters();
    }

    @Bean
    LiveFigures liveFigures() {
        return new LiveFigures();
    }

    @Bean
    CurrentRun currentRun() {
        return new CurrentRun();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Takes the ledger so that the lease table exists before the first lease is taken. */
    @Bean
    RunLeases runLeases(JdbcTemplate jdbcTemplate, LeaseProperties lease, Ledger ledger, RepositoryRetry retry) {
        return new RunLeases(jdbcTemplate, lease.ttl(), retry);
    }
}
