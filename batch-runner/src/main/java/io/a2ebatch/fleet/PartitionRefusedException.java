package io.a2ebatch.fleet;

/**
 * A worker refused a partition whose settings it must not take from the job repository (a provider's
 * base URL that differs from its own: the worker's token goes only to the URL its own options name).
 * The partition's step fails with this message, which the manager's summary repeats.
 */
public class PartitionRefusedException extends RuntimeException {

    public PartitionRefusedException(String message) {
        super(message);
    }
}
