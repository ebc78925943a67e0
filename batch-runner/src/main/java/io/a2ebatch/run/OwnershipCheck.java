package io.a2ebatch.run;

/**
 * Asked right before a start request leaves: does this process still own the run, by its own
 * monotonic clock? The ledger's fence decides by the database's clock; this check also stops a
 * process that was paused between recording a start and sending it.
 */
@FunctionalInterface
public interface OwnershipCheck {

    /** Never stops anything: for runs that own nothing (tests of single components). */
    OwnershipCheck ALWAYS = () -> { };

    /** @throws LeaseLostException if the lease may have expired */
    void checkStillOwner();
}
