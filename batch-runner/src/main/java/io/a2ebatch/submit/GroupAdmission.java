package io.a2ebatch.submit;

import java.time.Instant;
import java.util.List;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.spec.family.Provider;

/**
 * Records rows as submitting, which is what puts them in flight: a run alone records every row it is
 * given (its in-flight cap is the {@link io.a2ebatch.throttle.InFlightLimiter} the submitter took
 * permits from), a fleet's partition only as many as the cap of the whole fleet leaves room for.
 */
@FunctionalInterface
public interface GroupAdmission {

    /**
     * Records the first rows of {@code rows} as submitting, in one transaction fenced by the pass's lease.
     *
     * @return how many, from the first, were recorded; the others are still pending and must wait
     */
    int record(RunPass pass, Provider provider, List<Ledger.Submitting> rows, Instant at);

    /** Every row at once, in one write ({@link Ledger#markSubmitting(RunPass, List, Instant)}): no cap but the process's. */
    static GroupAdmission whole(Ledger ledger) {
        return (pass, provider, rows, at) -> {
            ledger.markSubmitting(pass, rows, at);
            return rows.size();
        };
    }
}
