package io.a2ebatch.job;

import java.time.Clock;
import java.util.Optional;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.config.TrackingProperties;
import io.a2ebatch.download.Downloads;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.engine.RunEngine;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.report.FinishedRows;
import io.a2ebatch.report.ProgressReporter;
import io.a2ebatch.report.ResultsFile;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.submit.InDoubtResolver;
import io.a2ebatch.submit.Submitter;
import io.a2ebatch.submit.TaskNaming;
import io.a2ebatch.throttle.InFlightLimiter;
import io.a2ebatch.throttle.RequestGate;
import io.a2ebatch.tracking.Tracker;
import io.a2ebatch.tracking.TrackingConfig;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * The execute step's collaborators, one set per step execution ({@code step} scope): they hold the
 * pass's state (the results file open for appending, the in-flight permits, the tasks followed, the
 * downloads with {@code --download}) and are closed with the step. Only the tasklet is proxied (the step bean refers to it before any step
 * runs); the others are created inside the step, when the tasklet is.
 */
@Configuration(proxyBeanMethods = false)
public class ExecuteStepConfiguration {

    /** A step-scoped bean created inside the step, without a proxy (its class may be final). */
    private static final String STEP = "step";

    /**
     * What the step works on: the run this process owns or, for a fleet worker's step execution, its
     * partition (the lease taken here, given back when the step ends).
     */
    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    StepRun executeRun(@Value("#{stepExecution}") StepExecution stepExecution, CurrentRun run, Ledger ledger,
                       RunControl control, OutputProperties output, ObjectProvider<PartitionRuns> partitions)
            throws InterruptedException {
        PartitionRuns fleet = partitions.getIfAvailable();
        if (fleet != null && fleet.isPartition(stepExecution)) {
            return fleet.open(stepExecution);
        }
        return new StepRun(run.pass(), run.identity().tag(), ledger, control, run.ownership(),
                Optional.of(OutputPaths.of(output, run.identity().manifest()).results()), () -> { });
    }

    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    ResultsFile executeResults(StepRun executeRun) {
        return executeRun.results().map(path -> ResultsFile.rebuildAndOpen(path, executeRun.ledger(),
                executeRun.pass())).orElseGet(ResultsFile::discarding);
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    InFlightLimiter executeInFlight(ThrottleProperties throttle) {
        return new InFlightLimiter(throttle.maxInFlight());
    }

    /**
     * The pass's downloads: with {@code --download}, each row's file as the row completes (none
     * without; a directory that cannot be written stops the run before anything is sent).
     */
    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    Downloads executeDownloads(DownloadsFactory downloads, StepRun executeRun) {
        return downloads.forRun(executeRun.pass().lease());
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    FinishedRows executeFinishedRows(StepRun executeRun, ResultsFile executeResults, RunCounters counters,
                                     Clock clock, Downloads executeDownloads) {
        return new FinishedRows(executeRun.pass(), executeRun.ledger(), executeResults, counters, clock,
                executeDownloads::submitCompleted);
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    Tracker executeTracker(A2eClient client, RequestGate gate, FinishedRows executeFinishedRows, StepRun executeRun,
                           TrackingProperties tracking, Clock clock) {
        return new Tracker(client, gate, executeFinishedRows, executeRun.control(), clock,
                new TrackingConfig(tracking.pollInterval(), tracking.maxWait(), tracking.batchSize()));
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    Submitter executeSubmitter(StepRun executeRun, A2eClient client, RequestGate gate, InFlightLimiter executeInFlight,
                               Tracker executeTracker, FinishedRows executeFinishedRows, TrackingProperties tracking,
                               ThrottleProperties throttle, RunCounters counters, Clock clock) {
        return new Submitter(executeRun.pass(), executeRun.ledger(), client, gate, executeInFlight, executeTracker,
                executeFinishedRows, new InDoubtResolver(client, gate, tracking.lookupMaxPages()),
                new TaskNaming(executeRun.tag()), FamilyCatalog.bundled(), executeRun.control(), counters,
                executeRun.ownership(), clock,
                new Submitter.SubmitConfig(throttle.submitConcurrency(), throttle.retry().inDoubtDelay()));
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    RunEngine executeEngine(Submitter executeSubmitter, Tracker executeTracker, StepRun executeRun) {
        return new RunEngine(executeSubmitter, executeTracker, executeRun.control());
    }

    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    ProgressReporter executeProgress(OutputProperties output, RunCounters counters, InFlightLimiter executeInFlight,
                                     RequestCounter requests, Downloads executeDownloads) {
        ProgressReporter progress = ProgressReporter.start(output, counters, executeInFlight::inFlight,
                requests::total);
        if (executeDownloads.enabled()) {
            progress.showDownloads(executeDownloads.counters()::progress);
        }
        return progress;
    }

    /** Takes the progress reporter so that progress shows from the step's first second. */
    @Bean
    @StepScope
    ExecuteTasklet executeTasklet(RunEngine executeEngine, StepRun executeRun, RunCounters counters,
                                  RequestCounter requests, ProgressReporter executeProgress,
                                  Downloads executeDownloads) {
        return new ExecuteTasklet(executeEngine, executeRun.ledger(), executeRun.pass(), executeRun.control(),
                counters, requests, executeDownloads);
    }
}
