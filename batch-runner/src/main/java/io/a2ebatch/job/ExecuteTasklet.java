package io.a2ebatch.job;

import java.time.Duration;
import java.util.Map;

import io.a2ebatch.download.Downloads;
import io.a2ebatch.engine.RunEngine;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The execute step: runs the {@link RunEngine} (submission and tracking on their own threads) and
 * waits for it in one call, checking every second for a stop request. It returns to Spring Batch only
 * at the end: Spring Batch writes the step's execution to the job repository after every return, and
 * a repository outage during such a write would fail the step, whereas the engine's own ledger writes
 * ride an outage out. No start request is sent from this thread: nothing here is replayed. With
 * {@code --download} the step ends once the last completed row's download has ended too. Its
 * collaborators are step-scoped beans of {@link ExecuteStepConfiguration}.
 */
public class ExecuteTasklet implements Tasklet, StepExecutionListener {

    /** How long a stopping run waits for requests in progress before it lets go. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final RunEngine engine;
    private final Ledger ledger;
    private final RunPass pass;
    private final RunControl control;
    private final RunCounters counters;
    private final StepFigures figures;
    private final Downloads downloads;
    private long stopSeenAt;

    public ExecuteTasklet(RunEngine engine, Ledger ledger, RunPass pass, RunControl control, StepFigures figures,
                          Downloads downloads) {
        this.engine = engine;
        this.ledger = ledger;
        this.pass = pass;
        this.control = control;
        this.counters = figures.counters();
        this.figures = figures;
        this.downloads = downloads;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        seedCounters();
        // Rows completed by earlier passes queue before the engine completes new ones.
        downloads.submitUnfinished();
        engine.start();
    }

    /** Whether every queued download has ended (or the run stops: they resume on the next run). */
    private boolean downloadsDone() {
        return downloads.idle() || control.stopping();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        while (true) {
            if (step.isTerminateOnly() || step.getJobExecution().isStopping()) {
                control.requestStop(StopReason.INTERRUPTED, "the run was stopped");
            }
            boolean engineDone = engine.awaitDone(Duration.ofSeconds(1));
            figures.sample();
            // After the engine's end, so that the downloads of the last rows it completed are waited for.
            if ((downloadsDone() && engineDone) || stopOverdue()) {
                break;
            }
        }
        checkpoint(step);
        if (control.stop().isEmpty() && !allRowsFinal()) {
            control.requestStop(StopReason.UNRESOLVED_IN_DOUBT, engine.submitter().unresolved()
                    + " rows are in doubt: A2E's list could not be read to settle them (run again to settle them),"
                    + " or their provider cannot be asked and no callback named their task (they are never sent"
                    + " again silently; --resend-in-doubt sends them again)");
        }
        control.stop().ifPresent(stop -> {
            step.setTerminateOnly();
            contribution.setExitStatus(new ExitStatus(ExitStatus.STOPPED.getExitCode(),
                    stop.reason().name() + ": " + stop.message()));
        });
        return RepeatStatus.FINISHED;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        try {
            // beforeStep may have failed before the engine existed (results file not writable).
            if (engine != null && !engine.shutdown(STOP_GRACE)) {
                // Requests still in progress: their rows stay in doubt and are settled on the next run.
                control.requestStop(StopReason.INTERRUPTED, "stopped with requests still in progress");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stepExecution.getExitStatus();
    }

    /**
     * Whether a stop was requested longer than {@link #STOP_GRACE} ago: the step then ends without
     * waiting for the engine any longer (the ledger is consistent whatever the engine was doing).
     */
    private boolean stopOverdue() {
        if (!control.stopping()) {
            return false;
        }
        long now = System.nanoTime();
        if (stopSeenAt == 0) {
            stopSeenAt = now;
        }
        return now - stopSeenAt > STOP_GRACE.toNanos();
    }

    private boolean allRowsFinal() {
        Map<RowState, Long> counts = ledger.counts(pass.runId());
        return counts.get(RowState.PENDING) + counts.get(RowState.SUBMITTING) + counts.get(RowState.SUBMITTED) == 0;
    }

    private void seedCounters() {
        Map<RowState, Long> counts = ledger.counts(pass.runId());
        counters.total.set(counts.values().stream().mapToLong(Long::longValue).sum()
                - counts.get(RowState.WITHDRAWN));
        counters.completed.set(counts.get(RowState.COMPLETED));
        counters.failed.set(counts.get(RowState.FAILED));
        counters.timedOut.set(counts.get(RowState.TIMED_OUT));
    }

    private void checkpoint(StepExecution step) {
        step.getExecutionContext().putLong("rows.completed", counters.completed.get());
        step.getExecutionContext().putLong("rows.failed", counters.failed.get());
        step.getExecutionContext().putLong("rows.timedOut", counters.timedOut.get());
        figures.writeTo(step.getExecutionContext());
    }
}
