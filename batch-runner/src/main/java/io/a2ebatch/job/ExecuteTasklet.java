package io.a2ebatch.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.config.TrackingProperties;
import io.a2ebatch.download.DiskProblemException;
import io.a2ebatch.download.Downloads;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.engine.RunControl;
import io.a2ebatch.engine.RunCounters;
import io.a2ebatch.engine.RunEngine;
import io.a2ebatch.engine.RunSession;
import io.a2ebatch.engine.StopReason;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.report.FinishedRows;
import io.a2ebatch.report.ProgressReporter;
import io.a2ebatch.report.ResultsFile;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.submit.InDoubtResolver;
import io.a2ebatch.submit.Submitter;
import io.a2ebatch.submit.TaskNaming;
import io.a2ebatch.throttle.InFlightLimiter;
import io.a2ebatch.throttle.RequestGate;
import io.a2ebatch.tracking.Tracker;
import io.a2ebatch.tracking.TrackingConfig;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The execute step: runs the {@link RunEngine} (submission and tracking on their own threads) and
 * returns to Spring Batch every second, so that the step's progress is checkpointed and a stop
 * request is noticed. No start request is sent from this thread: nothing here is replayed.
 */
public class ExecuteTasklet implements Tasklet, StepExecutionListener {

    /** How long a stopping run waits for requests in progress before it lets go. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Ledger ledger;
    private final A2eClient client;
    private final RequestGate gate;
    private final FamilyCatalog catalog;
    private final RunSession session;
    private final ThrottleProperties throttle;
    private final TrackingProperties tracking;
    private final OutputProperties output;
    private final Clock clock;
    private final DownloadsFactory downloadsFactory;

    private long runId;
    private long stopSeenAt;
    private RunEngine engine;
    private ResultsFile results;
    private ProgressReporter progress;
    private Downloads downloads;

    public ExecuteTasklet(Ledger ledger, A2eClient client, RequestGate gate, FamilyCatalog catalog, RunSession session,
                          ThrottleProperties throttle, TrackingProperties tracking, OutputProperties output,
                          Clock clock, DownloadsFactory downloadsFactory) {
        this.ledger = ledger;
        this.client = client;
        this.gate = gate;
        this.catalog = catalog;
        this.session = session;
        this.throttle = throttle;
        this.tracking = tracking;
        this.output = output;
        this.clock = clock;
        this.downloadsFactory = downloadsFactory;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        ManifestIdentity identity = ManifestIdentity.of(stepExecution.getJobExecution().getJobParameters());
        OutputPaths paths = OutputPaths.of(output, identity.path());
        RunCounters counters = session.counters();
        seedCounters(counters);

        results = ResultsFile.rebuildAndOpen(paths.results(), ledger, runId);
        InFlightLimiter inFlight = new InFlightLimiter(throttle.maxInFlight());
        RunControl control = session.control();
        startDownloads();
        FinishedRows finished = downloads == null ? new FinishedRows(runId, ledger, results, counters, clock)
                : new FinishedRows(runId, ledger, results, counters, clock, downloads::submitCompleted);
        Tracker tracker = new Tracker(client, gate, finished, inFlight, control, clock,
                new TrackingConfig(tracking.pollInterval(), tracking.maxWait(), tracking.batchSize()));
        Submitter submitter = new Submitter(runId, ledger, client, gate, inFlight, tracker, finished,
                new InDoubtResolver(client, gate, tracking.lookupMaxPages()), new TaskNaming(identity.runTag()),
                catalog, control, counters, clock,
                new Submitter.SubmitConfig(throttle.submitConcurrency(), throttle.retry().inDoubtDelay()));
        engine = new RunEngine(submitter, tracker, control);
        session.attach(engine);
        progress = ProgressReporter.start(output, counters, inFlight::inFlight, client.counter()::total);
        if (downloads != null) {
            progress.showDownloads(downloads.counters()::progress);
        }
        engine.start();
    }

    /** With {@code --download}: downloads start, and rows completed by earlier runs queue first. */
    private void startDownloads() {
        if (!downloadsFactory.properties().enabled()) {
            return;
        }
        try {
            downloads = downloadsFactory.start(runId, downloadsFactory.properties().dir());
            downloads.submitUnfinished();
        } catch (DiskProblemException e) {
            session.control().requestStop(StopReason.DOWNLOAD_DISK, e.getMessage());
        }
    }

    /** Whether downloads are done, or stopped, or not wanted; a disk problem stops the run. */
    private boolean downloadsDone() {
        if (downloads == null) {
            return true;
        }
        Optional<DiskProblemException> disk = downloads.diskProblem();
        if (disk.isPresent()) {
            if (session.control().stop().isEmpty()) {
                engine.requestStop(StopReason.DOWNLOAD_DISK, disk.get().getMessage());
            }
            return true;
        }
        return downloads.idle() || session.control().stopping();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        if (step.isTerminateOnly() || step.getJobExecution().isStopping()) {
            engine.requestStop(StopReason.INTERRUPTED, "the run was stopped");
        }
        boolean engineDone = engine.awaitDone(Duration.ofSeconds(1));
        // Asked every time, so that a disk problem stops the engine too; after the engine's end, so
        // that the downloads of the last rows it completed are counted.
        boolean done = downloadsDone() && engineDone;
        checkpoint(step);
        if (!done && !stopOverdue()) {
            return RepeatStatus.CONTINUABLE;
        }
        if (session.control().stop().isEmpty() && !allRowsFinal()) {
            session.control().requestStop(StopReason.UNRESOLVED_IN_DOUBT, engine.submitter().unresolved()
                    + " rows are in doubt and A2E's list could not be read to settle them; run again to settle them");
        }
        session.control().stop().ifPresent(stop -> {
            step.setTerminateOnly();
            contribution.setExitStatus(new ExitStatus(ExitStatus.STOPPED.getExitCode(),
                    stop.reason().name() + ": " + stop.message()));
        });
        return RepeatStatus.FINISHED;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        try {
            if (!engine.shutdown(STOP_GRACE)) {
                // Requests still in progress: their rows stay in doubt and are settled on the next run.
                session.requestStop(StopReason.INTERRUPTED, "stopped with requests still in progress");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.detach();
            if (downloads != null) {
                downloads.close();
            }
            progress.close();
            results.close();
        }
        return stepExecution.getExitStatus();
    }

    /**
     * Whether a stop was requested longer than {@link #STOP_GRACE} ago: the step then ends without
     * waiting for the engine any longer (the ledger is consistent whatever the engine was doing).
     */
    private boolean stopOverdue() {
        if (!session.control().stopping()) {
            return false;
        }
        long now = System.nanoTime();
        if (stopSeenAt == 0) {
            stopSeenAt = now;
        }
        return now - stopSeenAt > STOP_GRACE.toNanos();
    }

    private boolean allRowsFinal() {
        Map<RowState, Long> counts = ledger.counts(runId);
        return counts.get(RowState.PENDING) + counts.get(RowState.SUBMITTING) + counts.get(RowState.SUBMITTED) == 0;
    }

    private void seedCounters(RunCounters counters) {
        Map<RowState, Long> counts = ledger.counts(runId);
        counters.total.set(counts.values().stream().mapToLong(Long::longValue).sum());
        counters.completed.set(counts.get(RowState.COMPLETED));
        counters.failed.set(counts.get(RowState.FAILED));
        counters.timedOut.set(counts.get(RowState.TIMED_OUT));
    }

    private void checkpoint(StepExecution step) {
        RunCounters c = session.counters();
        step.getExecutionContext().putLong("rows.completed", c.completed.get());
        step.getExecutionContext().putLong("rows.failed", c.failed.get());
        step.getExecutionContext().putLong("rows.timedOut", c.timedOut.get());
        step.getExecutionContext().putLong("rows.submittedThisRun", c.submittedThisRun.get());
        step.getExecutionContext().putLong("requests", client.counter().total());
    }
}
