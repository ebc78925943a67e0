package io.a2ebatch.tracking;

import java.time.Duration;

/**
 * How tasks in flight are followed.
 *
 * @param pollInterval time between two polls of the same task (A2E asks for 3-5 s)
 * @param maxWait      a task without a final state this long after submission ends {@code timed_out}
 * @param batchSize    task ids per batchDetail request
 */
public record TrackingConfig(Duration pollInterval, Duration maxWait, int batchSize) {

    public TrackingConfig {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        if (maxWait.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("max wait " + maxWait + " is shorter than the poll interval " + pollInterval);
        }
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalArgumentException("batch size must be between 1 and 100, got " + batchSize);
        }
    }
}
