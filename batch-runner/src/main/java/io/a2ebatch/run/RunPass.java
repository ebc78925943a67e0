package io.a2ebatch.run;

/**
 * One pass over a run's manifest by the process that owns the run: what every ledger call of the pass
 * names. A run is passed over again when its manifest changed, or when failed or changed rows are to
 * be sent again; rows belong to the run, rejects to the pass that found them.
 *
 * @param runName the run
 * @param runId   the run's number in the ledger ({@code A2E_RUN.RUN_ID}), which keys its rows: read
 *                once when the pass begins, so no statement of the pass compares the run's name
 * @param pass    1 for the first pass over the run, then 2, 3, ...
 * @param lease   the owner's lease, which fences every write of the pass
 */
public record RunPass(String runName, long runId, long pass, LeaseToken lease) {
}
