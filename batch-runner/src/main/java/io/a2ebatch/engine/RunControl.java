package io.a2ebatch.engine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shared stop switch of a run. The first reason wins: once credits are exhausted, a later
 * Ctrl-C does not hide why the run stopped.
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

    /** Asks every part of the run to stop taking new work. */
    public void requestStop(StopReason reason, String message) {
        stop.compareAndSet(null, new Stop(reason, message));
    }

    public boolean stopping() {
        return stop.get() != null;
    }

    public Optional<Stop> stop() {
        return Optional.ofNullable(stop.get());
    }
}
