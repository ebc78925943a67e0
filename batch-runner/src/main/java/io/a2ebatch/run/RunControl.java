package io.a2ebatch.run;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shared stop switch of the one run a process drives. The first reason wins: once credits are
 * exhausted, a later Ctrl-C does not hide why the run stopped. {@link #requestStop} is the one way to
 * stop a run, from any thread (a signal handler, the lease keeper, a submit worker): it also wakes
 * every thread that registered how to be woken, so none sleeps through it.
 */
public final class RunControl {

    /**
     * A stop request.
     *
     * @param reason  why
     * @param message what happened and what to do, for the user
     */
    public record Stop(StopReason reason, String message) {
    }

    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();

    /** Asks every part of the run to stop taking new work, and wakes every registered thread. */
    public void requestStop(StopReason reason, String message) {
        stop.compareAndSet(null, new Stop(reason, message));
        wakers.forEach(Runnable::run);
    }

    /**
     * Registers how to wake a thread that may be waiting (on a monitor, a queue) when a stop is
     * requested; called at once if the run is already stopping.
     */
    public void onStop(Runnable waker) {
        wakers.add(waker);
        if (stopping()) {
            waker.run();
        }
    }

    public boolean stopping() {
        return stop.get() != null;
    }

    public Optional<Stop> stop() {
        return Optional.ofNullable(stop.get());
    }
}
