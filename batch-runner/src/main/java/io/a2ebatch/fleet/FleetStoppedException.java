package io.a2ebatch.fleet;

import io.a2ebatch.run.RestartableFailure;

/**
 * A fleet's partitions did not all complete: the manager waited {@code a2e.fleet.timeout} and some had
 * not ended (a worker died with a partition no other worker took, or no worker is running), or a
 * partition failed on its worker. The run stops (exit 3); rerunning the manager's command sends the
 * partitions that did not complete.
 */
public class FleetStoppedException extends RuntimeException implements RestartableFailure {

    public FleetStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
