package io.a2ebatch.fleet;

import java.time.Instant;
import java.util.List;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.RunSettings;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.submit.GroupAdmission;

/**
 * A fleet's in-flight cap: a partition records rows as submitting only while the run's rows of the
 * provider in flight, every worker's together, are fewer than the manager's cap for that provider
 * ({@link Ledger#markSubmittingWithin}). The count is read from the ledger's rows under a lock on the
 * run's row, not kept in a counter: a worker that dies can leave no place taken that is not a row
 * whose task may still be running at the provider, and nothing needs reconciling when its partition
 * is taken over.
 */
final class FleetInFlight implements GroupAdmission {

    private final Ledger ledger;
    private final RunSettings settings;
    private final FamilyCatalog catalog;

    /** @param ledger the whole run's ledger (not a partition's slice: the cap counts every partition's rows) */
    FleetInFlight(Ledger ledger, RunSettings settings, FamilyCatalog catalog) {
        this.ledger = ledger;
        this.settings = settings;
        this.catalog = catalog;
    }

    @Override
    public int record(RunPass pass, Provider provider, List<Ledger.Submitting> rows, Instant at) {
        return ledger.markSubmittingWithin(pass, catalog.familyNamesOf(provider), settings.maxInFlight(provider.id()),
                rows, at);
    }
}
