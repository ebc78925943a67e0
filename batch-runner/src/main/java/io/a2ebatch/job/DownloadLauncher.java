package io.a2ebatch.job;

import java.nio.file.Path;
import java.util.Optional;

import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.RunProperties;
import io.a2ebatch.download.DownloadSummary;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.lease.LeaseKeeper;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.report.ResultsFile;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.run.RunPass;
import org.springframework.stereotype.Component;

/**
 * {@code a2e-batch download MANIFEST --to DIR}: fetches the files of a run's completed rows that are
 * not on disk yet, from the ledger of the run (finished or stopped; found by its name, as {@code run}
 * finds it), then rewrites the results file with the file columns. It takes the run's lease like
 * {@code run}, so it never downloads beside a process that drives the run, and every download it
 * records is fenced by that lease. No provider call is made but a detail read for an expired URL.
 */
@Component
public class DownloadLauncher {

    private final Ledger ledger;
    private final DownloadsFactory downloads;
    private final RunLeaseTaker leaseTaker;
    private final RunControl control;
    private final RunProperties runProperties;
    private final OutputProperties output;

    public DownloadLauncher(Ledger ledger, DownloadsFactory downloads, RunLeaseTaker leaseTaker, RunControl control,
                            RunProperties runProperties, OutputProperties output) {
        this.ledger = ledger;
        this.downloads = downloads;
        this.leaseTaker = leaseTaker;
        this.control = control;
        this.runProperties = runProperties;
        this.output = output;
    }

    /**
     * Downloads what is missing into {@code dir}.
     *
     * @return how it ended and the summary to print
     * @throws RunOwnedException if another process owns the run and {@code --wait-for-owner} is off
     */
    public Outcome download(Path manifest, Path dir) throws InterruptedException {
        String who = "a2e-batch download: ";
        RunIdentity identity = RunIdentity.of(manifest, runProperties.name());
        if (ledger.run(identity.name()).filter(run -> run.pass() > 0).isEmpty()) {
            return new Outcome(Kind.NO_RUN, who + "the job repository has no run '" + identity.name() + "' (check"
                    + " --run-name, --state-dir and --jdbc-url); run it first: a2e-batch run " + manifest
                    + " --download " + dir + System.lineSeparator());
        }
        Optional<LeaseKeeper> taken = leaseTaker.take(identity);
        if (taken.isEmpty()) {
            return new Outcome(Kind.STOPPED, who + identity.manifest() + System.lineSeparator()
                    + "  stopped while waiting for the process that owns the run" + System.lineSeparator());
        }
        try (LeaseKeeper keeper = taken.get()) {
            Ledger.RunRecord run = ledger.run(identity.name()).orElseThrow();
            RunPass pass = new RunPass(identity.name(), run.id(), run.pass(), keeper.token());
            downloads.fetchMissing(pass, dir);
            OutputPaths paths = OutputPaths.of(output, identity.manifest());
            ResultsFile.rebuild(paths.results(), ledger, pass);
            DownloadSummary summary = downloads.summary(run.id(), dir);
            StringBuilder text = new StringBuilder(who).append(identity.manifest()).append(System.lineSeparator());
            if (!identity.name().equals(identity.manifest().toString())) {
                text.append("  run:      ").append(identity.name()).append(System.lineSeparator());
            }
            text.append("  ").append(summary.line()).append(System.lineSeparator())
                    .append("  results:  ").append(paths.results()).append(System.lineSeparator());
            control.stop().ifPresent(stop -> text.append("  stopped: ").append(stop.reason().label()).append(" — ")
                    .append(stop.message()).append(System.lineSeparator()));
            Kind kind = control.stopping() ? Kind.STOPPED : summary.failed() > 0 ? Kind.SOME_FAILED : Kind.DOWNLOADED;
            return new Outcome(kind, text.toString());
        }
    }

    /** How {@code download} ended. */
    public enum Kind {
        /** Every completed row's file is on disk, complete and checked. */
        DOWNLOADED,
        /** Some files could not be had (the results say why); running it again tries them again. */
        SOME_FAILED,
        /** Stopped before the end (a signal, a disk problem, a lost lease); running it again resumes. */
        STOPPED,
        /** The job repository has no such run: nothing to download from. */
        NO_RUN
    }

    /** How {@code download} ended, and what it prints. */
    public record Outcome(Kind kind, String summary) {
    }
}
