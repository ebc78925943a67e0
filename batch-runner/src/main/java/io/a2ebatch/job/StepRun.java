package io.a2ebatch.job;

import java.util.Optional;
import java.nio.file.Path;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.OwnershipCheck;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.RunSettings;
import io.a2ebatch.submit.GroupAdmission;

/**
 * What an execute step works on: the whole run this process owns ({@code run}), or one partition of a
 * fleet's run (a worker), with the ledger restricted to its rows, its own lease and its own stop switch.
 * Step-scoped ({@link ExecuteStepConfiguration#executeRun}); closing it gives a partition's lease back.
 *
 * @param pass      the pass, whose lease fences every write of the step
 * @param tag       the run's tag (task names)
 * @param ledger    the ledger as the step sees it
 * @param control   the step's stop switch
 * @param ownership asked right before a start request leaves
 * @param results   the results file the step appends to; empty for a partition (the manager writes it)
 * @param slice     the partition's rows; empty for the whole run
 * @param settings  the rate limits, in-flight caps, poll interval and base URLs the step runs by: this
 *                  process's, or for a partition its manager's
 * @param admission records rows as submitting: all at once, or for a partition within the fleet's cap
 * @param onClose   what ends with the step (a partition's lease keeper)
 */
public record StepRun(RunPass pass, String tag, Ledger ledger, RunControl control, OwnershipCheck ownership,
                      Optional<Path> results, Optional<KeySlice> slice, RunSettings settings,
                      GroupAdmission admission, AutoCloseable onClose) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        onClose.close();
    }
}
