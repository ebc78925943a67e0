package io.a2ebatch.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The state of the one run a process drives: its stop switch, its live counters and, while the
 * execute step runs, its engine. A signal handler reaches the run through it.
 */
public final class RunSession {

    private final RunControl control = new RunControl();
    private final RunCounters counters = new RunCounters();
    private final AtomicReference<RunEngine> engine = new AtomicReference<>();

    public RunControl control() {
        return control;
    }

    public RunCounters counters() {
        return counters;
    }

    public void attach(RunEngine running) {
        engine.set(running);
    }

    public void detach() {
        engine.set(null);
    }

    /** Stops the run: the engine, if running, winds down; the ingest step stops at its next chunk. */
    public void requestStop(StopReason reason, String message) {
        control.requestStop(reason, message);
        RunEngine running = engine.get();
        if (running != null) {
            running.requestStop(reason, message);
        }
    }
}
