package io.a2ebatch.job;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The figures of every execute step this process has run or is running (a run's one step, or a
 * worker's partitions), for a metrics endpoint ({@code --metrics-port}) to publish while the process
 * lives. A step's figures stay once it ended: a scrape after a partition's end still sees what it did.
 */
public final class LiveFigures {

    private final List<StepFigures> steps = new CopyOnWriteArrayList<>();

    void add(StepFigures figures) {
        steps.add(figures);
    }

    /** Every step's figures, in the order the steps started. */
    public List<StepFigures> steps() {
        return List.copyOf(steps);
    }
}
