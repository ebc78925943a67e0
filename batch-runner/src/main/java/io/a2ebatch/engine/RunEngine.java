package io.a2ebatch.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.submit.Submitter;
import io.a2ebatch.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the submitter and the tracker of one run side by side on their own threads: the submitter
 * first settles what a previous run left (tasks in flight, rows in doubt), then sends every pending
 * row; the tracker follows tasks until the last one ends. Either may stop the run through the shared
 * {@link RunControl}, whose {@code requestStop} wakes both.
 */
public final class RunEngine {

    private static final Logger log = LoggerFactory.getLogger(RunEngine.class);

    private final Submitter submitter;
    private final Tracker tracker;
    private final RunControl control;
    private final CountDownLatch done = new CountDownLatch(2);
    private Thread submitThread;
    private Thread trackThread;

    public RunEngine(Submitter submitter, Tracker tracker, RunControl control) {
        this.submitter = submitter;
        this.tracker = tracker;
        this.control = control;
    }

    /** Starts both threads and returns at once. */
    public synchronized void start() {
        if (submitThread != null) {
            throw new IllegalStateException("already started");
        }
        NamedThreads threads = new NamedThreads("a2e-engine");
        submitThread = threads.newThread(() -> runGuarded("submission", () -> {
            try {
                submitter.resume();
                submitter.run();
            } finally {
                // Every task id handed in is recorded (or the run is stopping) before the tracker may end.
                submitter.close();
            }
        }, tracker::submissionsDone));
        trackThread = threads.newThread(() -> runGuarded("tracking", tracker::run, () -> { }));
        trackThread.start();
        submitThread.start();
    }

    /** Waits up to {@code timeout} for the run to end; true when it has. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Requests a stop (if none yet) and waits up to {@code grace} for both threads to end. */
    public boolean shutdown(Duration grace) throws InterruptedException {
        if (done.getCount() > 0) {
            control.requestStop(StopReason.INTERRUPTED, "the run was stopped");
        }
        return awaitDone(grace);
    }

    public Submitter submitter() {
        return submitter;
    }

    private void runGuarded(String what, Work work, Runnable always) {
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LeaseLostException e) {
            control.requestStop(StopReason.LEASE_LOST, e.getMessage());
        } catch (RuntimeException e) {
            if (RepositoryFailures.isUnavailable(e)) {
                RepositoryFailures.TRACE.warn("The {} thread: job repository unavailable", what, e);
                control.requestStop(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
            } else {
                log.error("The {} thread failed; stopping the run", what, e);
                control.requestStop(StopReason.INTERNAL_ERROR, what + " failed: " + e);
            }
        } finally {
            always.run();
            done.countDown();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws InterruptedException;
    }
}
