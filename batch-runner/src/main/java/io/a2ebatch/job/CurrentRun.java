package io.a2ebatch.job;

import io.a2ebatch.report.PlanReport;
import io.a2ebatch.run.OwnershipCheck;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.run.RunPass;

/**
 * The run this process owns, set by {@link RunLauncher} once it holds the lease and read by the job's
 * step-scoped beans. One run per process.
 */
public final class CurrentRun {

    private volatile RunIdentity identity;
    private volatile RunPass pass;
    private volatile OwnershipCheck ownership = OwnershipCheck.ALWAYS;
    private volatile PlanReport plan;

    void begin(RunIdentity runIdentity, RunPass runPass, OwnershipCheck check) {
        identity = runIdentity;
        pass = runPass;
        ownership = check;
        plan = null;
    }

    public RunIdentity identity() {
        return require(identity);
    }

    /** The run's name, once this process owns a run. */
    public java.util.Optional<String> runName() {
        RunIdentity id = identity;
        return id == null ? java.util.Optional.empty() : java.util.Optional.of(id.name());
    }

    /** The number that keys the run's rows in the ledger, once this process owns a run. */
    public java.util.Optional<Long> runId() {
        RunPass p = pass;
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.runId());
    }

    public RunPass pass() {
        return require(pass);
    }

    public OwnershipCheck ownership() {
        return ownership;
    }

    /** The plan the pass printed, or null before its plan step. */
    public PlanReport plan() {
        return plan;
    }

    void plan(PlanReport report) {
        plan = report;
    }

    private static <T> T require(T value) {
        if (value == null) {
            throw new IllegalStateException("no run is being driven by this process yet");
        }
        return value;
    }
}
