package io.a2ebatch.fleet;

/**
 * A worker could not take a partition: another worker holds it, or the run's manager no longer holds
 * the run. The partition's step fails; rerunning the manager sends it again.
 */
public class PartitionUnavailableException extends RuntimeException {

    public PartitionUnavailableException(String message) {
        super(message);
    }
}
