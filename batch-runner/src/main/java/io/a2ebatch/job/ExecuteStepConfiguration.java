package io.a2ebatch.job;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.callback.CallbackInbox;
import io.a2ebatch.callback.CallbackReceiver;
import io.a2ebatch.client.ClientConfiguration;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.config.ApiProperties;
import io.a2ebatch.config.CallbackProperties;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.config.RunProperties;
import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.config.TrackingProperties;
import io.a2ebatch.download.Downloads;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.engine.RunEngine;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.report.FinishedRows;
import io.a2ebatch.report.ProgressReporter;
import io.a2ebatch.report.ResultsFile;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunSettings;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.submit.CallbackUrls;
import io.a2ebatch.submit.GroupAdmission;
import io.a2ebatch.submit.InDoubtResolver;
import io.a2ebatch.submit.Submitter;
import io.a2ebatch.submit.TaskNaming;
import io.a2ebatch.throttle.InFlightLimits;
import io.a2ebatch.throttle.RequestGate;
import io.a2ebatch.throttle.ThrottleConfiguration;
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
     * This process's own rate limits, in-flight caps, poll interval and base URLs: what a run alone
     * runs by, and what a fleet's manager hands its workers.
     */
    @Bean
    RunSettings ownRunSettings(ThrottleProperties throttle, ProviderProperties providers, TrackingProperties tracking,
                               ApiProperties api) {
        Map<String, URI> baseUrls = new LinkedHashMap<>();
        FamilyCatalog.everyProvider().providers().forEach(p ->
                baseUrls.put(p.id(), ClientConfiguration.baseUrl(p, api, providers)));
        return new RunSettings(ThrottleConfiguration.rateLimits(throttle, providers),
                ThrottleConfiguration.maxInFlight(throttle, providers), tracking.pollInterval(), baseUrls);
    }

    /**
     * What the step works on: the run this process owns or, for a fleet worker's step execution, its
     * partition (the lease taken here, given back when the step ends).
     */
    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    StepRun executeRun(@Value("#{stepExecution}") StepExecution stepExecution, CurrentRun run, Ledger ledger,
                       RunControl control, OutputProperties output, RunSettings ownRunSettings,
                       ObjectProvider<PartitionRuns> partitions) throws InterruptedException {
        PartitionRuns fleet = partitions.getIfAvailable();
        if (fleet != null && fleet.isPartition(stepExecution)) {
            return fleet.open(stepExecution);
        }
        return new StepRun(run.pass(), run.identity().tag(), ledger, control, run.ownership(),
                Optional.of(OutputPaths.of(output, run.identity().manifest()).results()), Optional.empty(),
                ownRunSettings, GroupAdmission.whole(ledger), () -> { });
    }

    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    ResultsFile executeResults(StepRun executeRun) {
        return executeRun.results().map(path -> ResultsFile.rebuildAndOpen(path, executeRun.ledger(),
                executeRun.pass())).orElseGet(ResultsFile::discarding);
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    InFlightLimits executeInFlight(StepRun executeRun) {
        return ThrottleConfiguration.inFlightLimits(executeRun.settings().maxInFlight());
    }

    /**
     * The step's figures: a run's step counts into the process's counters (the summary's); a partition's
     * into its own, so that partitions sharing a process keep theirs apart.
     */
    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    StepFigures executeFigures(StepRun executeRun, RunCounters counters, RequestCounter requests,
                               InFlightLimits executeInFlight, LiveFigures live) {
        StepFigures figures = executeRun.slice().isPresent()
                ? new StepFigures(executeRun.slice(), new RunCounters(), new RequestCounter(), executeInFlight)
                : new StepFigures(Optional.empty(), counters, requests, executeInFlight);
        live.add(figures);
        return figures;
    }

    /**
     * The pass's downloads: with {@code --download}, each row's file as the row completes (none
     * without; a directory that cannot be written stops the run before anything is sent).
     */
    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    Downloads executeDownloads(DownloadsFactory downloads, StepRun executeRun) {
        return downloads.forRun(executeRun.pass());
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    FinishedRows executeFinishedRows(StepRun executeRun, ResultsFile executeResults, StepFigures executeFigures,
                                     Clock clock, Downloads executeDownloads) {
        return new FinishedRows(executeRun.pass(), executeRun.ledger(), executeResults, executeFigures.counters(),
                clock, executeDownloads::submitCompleted);
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    Tracker executeTracker(A2eClient client, StepFigures executeFigures, RequestGate gate,
                           FinishedRows executeFinishedRows, StepRun executeRun, TrackingProperties tracking, Clock clock,
                           InFlightLimits executeInFlight) {
        return new Tracker(client.countingInto(executeFigures.requests()), gate, executeFinishedRows,
                executeRun.control(), clock,
                new TrackingConfig(executeRun.settings().pollInterval(), tracking.maxWait(), tracking.batchSize(),
                        executeRun.settings().rateLimits()),
                executeInFlight, executeFigures.counters());
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    Submitter executeSubmitter(StepRun executeRun, A2eClient client, RequestGate gate, InFlightLimits executeInFlight,
                               Tracker executeTracker, FinishedRows executeFinishedRows, TrackingProperties tracking,
                               ThrottleProperties throttle, RunProperties runProperties,
                               CallbackProperties callbacks, CallbackReceiver executeCallbackReceiver,
                               StepFigures executeFigures, Clock clock) {
        A2eClient executeClient = client.countingInto(executeFigures.requests());
        // The secret is the run's, kept in the ledger: callbacks of tasks started before a restart still count.
        Optional<CallbackUrls> urls = executeCallbackReceiver.enabled()
                ? Optional.of(new CallbackUrls(executeCallbackReceiver.publicUrl(callbacks.url()), executeRun.tag(),
                        executeRun.ledger().callbackSecret(executeRun.pass(), CallbackUrls.newSecret())))
                : Optional.empty();
        return new Submitter(executeRun.pass(), executeRun.ledger(), executeClient, gate, executeInFlight,
                executeRun.admission(), executeTracker, executeFinishedRows,
                new InDoubtResolver(executeClient, gate, tracking.lookupMaxPages()),
                new TaskNaming(executeRun.tag()), FamilyCatalog.everyProvider(), executeRun.control(),
                executeFigures.counters(), executeRun.ownership(), clock,
                Submitter.SubmitConfig.forRates(throttle.submitConcurrency(), throttle.retry().inDoubtDelay(),
                        executeRun.settings().rateLimits(), runProperties.resendInDoubt(),
                        tracking.maxWait()), urls);
    }

    /**
     * With {@code --callback-listen}, the receiver: bound before the first start request is sent, so that
     * the URL the starts carry names the port actually bound.
     */
    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    CallbackReceiver executeCallbackReceiver(CallbackProperties callbacks, StepRun executeRun) {
        // A fleet's partition (no results file of its own) receives none: partitions of one process would
        // bind the same address, and its rows are followed by polling (callbacks are only a hint).
        boolean partition = executeRun.results().isEmpty();
        return callbacks.enabled() && !partition ? CallbackReceiver.start(callbacks.listen().strip())
                : CallbackReceiver.disabled();
    }

    @Bean
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    RunEngine executeEngine(Submitter executeSubmitter, Tracker executeTracker, StepRun executeRun,
                            CallbackReceiver executeCallbackReceiver, StepFigures executeFigures) {
        executeSubmitter.callbackUrls().ifPresent(urls -> executeCallbackReceiver.deliverTo(new CallbackInbox(
                executeRun.pass(), executeRun.ledger(), FamilyCatalog.everyProvider(), urls, executeSubmitter,
                executeTracker, executeFigures.counters())));
        return new RunEngine(executeSubmitter, executeTracker, executeRun.control());
    }

    @Bean(destroyMethod = "close")
    @Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
    ProgressReporter executeProgress(OutputProperties output, StepFigures executeFigures, Downloads executeDownloads) {
        ProgressReporter progress = ProgressReporter.start(output, executeFigures.slice().map(KeySlice::label),
                executeFigures.counters(), executeFigures::inFlightNow, executeFigures.requests()::total);
        if (executeDownloads.enabled()) {
            progress.showDownloads(executeDownloads.counters()::progress);
        }
        return progress;
    }

    /** Takes the progress reporter so that progress shows from the step's first second. */
    @Bean
    @StepScope
    ExecuteTasklet executeTasklet(RunEngine executeEngine, StepRun executeRun, StepFigures executeFigures,
                                  ProgressReporter executeProgress, Downloads executeDownloads) {
        return new ExecuteTasklet(executeEngine, executeRun.ledger(), executeRun.pass(), executeRun.control(),
                executeFigures, executeDownloads);
    }
}
