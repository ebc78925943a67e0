package io.a2ebatch.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.InFlightLimiter;
import io.a2ebatch.tracking.InFlightTask;
import io.a2ebatch.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the task ids of started rows in groups: one thread takes what the submit workers handed
 * in for up to {@link #GATHER} after the first (or {@link #MAX_GROUP} ids), commits them in one
 * ledger transaction, and only then counts the rows as submitted and hands their tasks to the tracker
 * (with whether their callback is expected; a task a callback already named is read at once).
 * <p>
 * A row whose id is not recorded yet stays {@code SUBMITTING} in the ledger: a crash or a stop leaves
 * it in doubt, and the look-up by name finds its task. If recording fails (lease lost, job repository
 * unavailable) the run stops; the rows of the failed group and of every later one give their places
 * in flight back and stay in doubt.
 */
final class SubmittedRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SubmittedRecorder.class);
    /** Most ids in one transaction: bounds the statement batch and the time a group holds the lock of its rows. */
    static final int MAX_GROUP = 500;
    private static final long IDLE_CHECK_MILLIS = 50;
    /**
     * How long a group gathers after its first id: answers arrive one by one, far more often than a
     * commit takes, so without it most groups would hold one id. A task is followed this much later.
     */
    static final Duration GATHER = Duration.ofMillis(20);

    /**
     * A started row waiting to be recorded.
     *
     * @param row    the row as read before it was started (its name, attempt and request)
     * @param family its family
     * @param taskId the task A2E gave, or a look-up found
     * @param at     when that was learnt
     * @param permit its place in flight, given to the tracker with the task
     * @param callbackExpected whether its start asked for a callback (the tracker polls it less often)
     */
    record Started(LedgerRow row, TaskFamily family, String taskId, Instant at, InFlightLimiter.Permit permit,
                   boolean callbackExpected) {
    }

    private final RunPass pass;
    private final Ledger ledger;
    private final Tracker tracker;
    private final RunControl control;
    private final RunCounters counters;
    private final Function<String, String> takeAnnounced;
    private final BlockingQueue<Started> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean failed;
    /** Set once the thread has ended and what was left was given back; guarded by {@code this}. */
    private boolean closed;

    /**
     * @param takeAnnounced removes and returns the task id a callback named for a row (by key) before its id
     *                      was committed, or null
     */
    SubmittedRecorder(RunPass pass, Ledger ledger, Tracker tracker, RunControl control, RunCounters counters,
                      Function<String, String> takeAnnounced) {
        this.pass = pass;
        this.ledger = ledger;
        this.tracker = tracker;
        this.control = control;
        this.counters = counters;
        this.takeAnnounced = takeAnnounced;
        this.thread = new NamedThreads("a2e-record").newThread(this::run);
    }

    /** Starts the recording thread. */
    void start() {
        thread.start();
    }

    /**
     * Takes a started row; its permit now belongs to the recorder (then to the tracker). After
     * {@link #close()} (a callback settling a row of a stopping run) the row is left in doubt.
     */
    synchronized void record(Started started) {
        if (failed || closed) {
            started.permit().release();
        } else {
            queue.add(started);
        }
    }

    /** Records what was handed in so far, then ends the thread. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
        // Handed in after the thread ended (a stopping run): not recorded, left in doubt.
        List<Started> rest = new ArrayList<>();
        synchronized (this) {
            closed = true;
            queue.drainTo(rest);
        }
        rest.forEach(s -> s.permit().release());
    }

    private void run() {
        List<Started> group = new ArrayList<>();
        try {
            while (true) {
                Started first = queue.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                long deadline = System.nanoTime() + GATHER.toNanos();
                for (long left; group.size() < MAX_GROUP && (left = deadline - System.nanoTime()) > 0; ) {
                    Started next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    queue.drainTo(group, MAX_GROUP - group.size());
                }
                if (failed) {
                    group.forEach(s -> s.permit().release());
                } else {
                    recordGroup(group);
                }
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.forEach(s -> s.permit().release());
        }
    }

    private void recordGroup(List<Started> group) {
        try {
            ledger.markSubmitted(pass, group.stream()
                    .map(s -> new Ledger.Submitted(s.row().key(), s.taskId(), s.at())).toList());
        } catch (RuntimeException e) {
            failed = true;
            group.forEach(s -> s.permit().release());
            if (e instanceof LeaseLostException) {
                control.requestStop(StopReason.LEASE_LOST, e.getMessage());
            } else if (RepositoryFailures.isUnavailable(e)) {
                RepositoryFailures.TRACE.warn("Recording {} task ids: job repository unavailable", group.size(), e);
                control.requestStop(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
            } else {
                log.error("Recording {} task ids failed; stopping the run", group.size(), e);
                control.requestStop(StopReason.INTERNAL_ERROR, "recording task ids: " + e);
            }
            return;
        }
        for (Started s : group) {
            counters.submittedThisRun.incrementAndGet();
            String calledBack = takeAnnounced.apply(s.row().key());
            tracker.track(new InFlightTask(s.row().submitted(s.taskId(), s.at()), s.family(), s.taskId(), s.at(),
                    s.permit()), s.callbackExpected());
            if (s.taskId().equals(calledBack)) {
                // Its callback came before its id was committed: the task has ended, read it now.
                tracker.hint(s.taskId());
            }
        }
    }
}
