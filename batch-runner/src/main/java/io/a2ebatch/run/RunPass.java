package io.a2ebatch.run;

/**
 * One pass over a run's manifest by the process that owns the run: what every ledger call of the pass
 * names. A run is passed over again when its manifest changed, or when failed or changed rows are to
 * be sent again; rows belong to the run, rejects to the pass that found them.
 *
 * @param runName the run
 * @param pass    1 for the first pass over the run, then 2, 3, ...
 * @param lease   the owner's lease, which fences every write of the pass
 */
public record RunPass(String runName, long pass, LeaseToken lease) {
}
