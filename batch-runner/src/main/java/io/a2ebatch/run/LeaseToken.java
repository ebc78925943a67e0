package io.a2ebatch.run;

/**
 * Proof of owning a run: its name, the owner's random id and the lease epoch (the fencing token).
 * Every ledger write names it and takes effect only while the lease row still carries this owner and
 * epoch and has not expired, by the database's clock.
 *
 * @param runName the run
 * @param ownerId random id of the owning process
 * @param epoch   incremented each time the run changes hands
 */
public record LeaseToken(String runName, String ownerId, long epoch) {
}
