package io.a2ebatch.fleet;

/**
 * The manager waited {@code a2e.fleet.timeout} and some partitions had still not ended (a worker died
 * with a partition no other worker took, or no worker is running). The run stops failed; rerunning the
 * manager's command sends the partitions that did not end.
 */
public class FleetTimeoutException extends RuntimeException {

    public FleetTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
