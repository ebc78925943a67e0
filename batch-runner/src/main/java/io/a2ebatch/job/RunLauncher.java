package io.a2ebatch.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.RunProperties;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.failure.RepositoryOutageException;
import io.a2ebatch.lease.LeaseKeeper;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.report.ResultsFile;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RestartableFailure;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Decides what {@code run MANIFEST} means given the job repository. First it takes the run's lease
 * (or refuses, naming the owner, or waits for it with {@code --wait-for-owner}); only then is an
 * execution that a killed process left {@code STARTED} recovered, since its owner's lease has
 * expired. Then: nothing at all when this manifest already ran to the end, the resumption of an
 * interrupted pass over the same manifest, or a new pass (an edited manifest, {@code --retry-failed},
 * {@code --resubmit-changed}) that plans each row against the ledger. With {@code --download}, a run
 * that already ran to the end fetches the files it lacks.
 */
@Component
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);
    /** Bounds the re-reads of a run whose former owner still writes to it: 10 × 0.5 s. */
    private static final int RECOVER_ATTEMPTS = 10;
    private static final Duration RECOVER_RETRY_PAUSE = Duration.ofMillis(500);

    /** Identifying job parameter: the run name. */
    public static final String RUN_NAME = "run.name";
    /** Identifying job parameter: the pass over the run. */
    static final String RUN_PASS = "run.pass";
    /** Job parameter: the manifest path of the pass. */
    static final String MANIFEST_PATH = "manifest.path";
    /** Job parameter: the manifest's content hash, which tells a resumption from a new pass. */
    static final String MANIFEST_SHA256 = "manifest.sha256";

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final Job job;
    private final Ledger ledger;
    private final LeaseProperties lease;
    private final RunProperties runProperties;
    private final RunControl control;
    private final RunCounters counters;
    private final CurrentRun current;
    private final RequestCounter requests;
    private final OutputProperties output;
    private final ObjectProvider<A2eClient> client;
    private final Clock clock;
    private final RunLeaseTaker leaseTaker;
    private final DownloadsFactory downloads;

    public RunLauncher(JobRepository jobRepository, JobOperator jobOperator, Job a2eManifestRun, Ledger ledger,
                       LeaseProperties lease, RunProperties runProperties, RunControl control, RunCounters counters,
                       CurrentRun current, RequestCounter requests, OutputProperties output,
                       ObjectProvider<A2eClient> client, Clock clock, RunLeaseTaker leaseTaker,
                       DownloadsFactory downloads) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.job = a2eManifestRun;
        this.ledger = ledger;
        this.lease = lease;
        this.runProperties = runProperties;
        this.control = control;
        this.counters = counters;
        this.current = current;
        this.requests = requests;
        this.output = output;
        this.client = client;
        this.clock = clock;
        this.leaseTaker = leaseTaker;
        this.downloads = downloads;
    }

    /** Runs or resumes {@code manifest} to its end or until it stops. */
    public RunOutcome run(Path manifest) throws Exception {
        long started = System.nanoTime();
        RunIdentity identity = RunIdentity.of(manifest, runProperties.name());
        OutputPaths paths = OutputPaths.of(output, identity.manifest());
        // A missing or unreadable token is reported before the run is taken.
        client.getObject();
        Optional<LeaseKeeper> taken = leaseTaker.take(identity);
        if (taken.isEmpty()) {
            return outcome(RunOutcome.Kind.STOPPED, identity, null, started,
                    "stopped while waiting for the process that owns the run", paths);
        }
        try (LeaseKeeper keeper = taken.get()) {
            try {
                return drive(identity, keeper, started, paths);
            } catch (RuntimeException e) {
                if (keeper.lost() || leaseLost(e)) {
                    return lostLease(identity, started, paths);
                }
                Optional<RunControl.Stop> outage = control.stop()
                        .filter(stop -> stop.reason() == StopReason.REPOSITORY_UNAVAILABLE);
                if (outage.isPresent() && RepositoryFailures.isUnavailable(e)) {
                    // Spring Batch's own last writes failed too: the user reads why the run stopped.
                    throw new RepositoryOutageException(outage.get().message(), e);
                }
                throw e;
            }
        }
    }

    private RunOutcome drive(RunIdentity identity, LeaseKeeper keeper, long started, OutputPaths paths)
            throws Exception {
        LeaseToken token = keeper.token();
        Optional<Ledger.RunRecord> known = ledger.run(identity.name());
        // The run's number keys its rows; every RunPass of this process carries it from here.
        long runId = known.isPresent() ? known.get().id()
                : ledger.createRun(token, identity.tag(), identity.manifest().toString(), true, clock.instant());
        long lastPass = known.map(Ledger.RunRecord::pass).orElse(0L);
        JobExecution last = lastPass == 0 ? null : lastExecution(identity.name(), lastPass);
        if (last != null && last.getStatus().isRunning()) {
            log.warn("The process that drove this run before ended without stopping (killed or crashed) and its"
                    + " lease expired; recovering its state");
            last = recover(identity.name(), lastPass, last);
        }
        boolean resend = runProperties.retryFailed() || runProperties.resubmitChanged();
        boolean sameManifest = last != null && identity.sha256().equals(last.getJobParameters()
                .getString(MANIFEST_SHA256));
        long pass;
        if (sameManifest && !resend && last.getStatus() == BatchStatus.COMPLETED) {
            RunPass done = new RunPass(identity.name(), runId, lastPass, token);
            current.begin(identity, done, keeper);
            Optional<String> stopped = fetchMissingFiles(done);
            ResultsFile.rebuild(paths.results(), ledger, done);
            return outcome(stopped.isPresent() ? RunOutcome.Kind.STOPPED : RunOutcome.Kind.ALREADY_COMPLETED,
                    identity, done, started, stopped.orElse(""), paths);
        } else if (sameManifest && !resend && last.getStatus() != BatchStatus.ABANDONED) {
            pass = lastPass;
            log.info("Resuming pass {} of the run {} ({})", pass, identity.name(), last.getStatus());
        } else {
            if (last != null && last.getStatus() != BatchStatus.COMPLETED
                    && last.getStatus() != BatchStatus.ABANDONED) {
                // Its rows are in the ledger; the new pass follows what it left in flight.
                jobOperator.abandon(last);
            }
            pass = lastPass + 1;
            ledger.startPass(token, pass);
            if (lastPass > 0) {
                log.info("Pass {} over the run {}: the manifest changed or rows are to be sent again; planning"
                        + " each row against the ledger", pass, identity.name());
            }
        }
        RunPass runPass = new RunPass(identity.name(), runId, pass, token);
        current.begin(identity, runPass, keeper);
        JobExecution execution;
        try {
            execution = jobOperator.start(job, parameters(identity, pass));
        } catch (JobRestartException e) {
            // The pass cannot be resumed (a process that lost the run wrote UNKNOWN over it as it died):
            // the ledger holds every row's state, so a new pass takes over safely.
            log.warn("Pass {} cannot be resumed ({}); starting a new pass over the ledger", pass, e.getMessage());
            JobExecution stale = lastExecution(identity.name(), pass);
            if (stale != null && !stale.getStatus().isRunning() && stale.getStatus() != BatchStatus.ABANDONED) {
                jobOperator.abandon(stale);
            }
            pass++;
            ledger.startPass(token, pass);
            runPass = new RunPass(identity.name(), runId, pass, token);
            current.begin(identity, runPass, keeper);
            execution = jobOperator.start(job, parameters(identity, pass));
        }
        if (keeper.lost()) {
            return lostLease(identity, started, paths);
        }
        return switch (execution.getStatus()) {
            case COMPLETED -> outcome(RunOutcome.Kind.COMPLETED, identity, runPass, started, "", paths);
            case STOPPED -> outcome(RunOutcome.Kind.STOPPED, identity, runPass, started, stopMessage(execution), paths);
            default -> failed(execution, identity, runPass, started, paths);
        };
    }

    /**
     * With {@code --download}, a run that already ran to the end still brings home the files it lacks.
     *
     * @return why the downloads stopped (the run's stop message), if they did
     */
    private Optional<String> fetchMissingFiles(RunPass pass) throws InterruptedException {
        if (!downloads.properties().enabled()) {
            return Optional.empty();
        }
        downloads.fetchMissing(pass, downloads.properties().dir());
        return control.stop().map(stop -> "stopped: " + stop.reason().label() + " — " + stop.message());
    }

    /**
     * Marks the execution a dead or frozen owner left running as failed. Spring Batch's own tables are
     * not fenced by the lease, so a frozen owner woken meanwhile may still write its step's checkpoint
     * (until it sees that it lost the run, within a second or so): its write then makes ours stale, and
     * the fresh state is read and recovered again, a bounded number of times.
     */
    private JobExecution recover(String runName, long pass, JobExecution execution) throws InterruptedException {
        JobExecution current = execution;
        for (int attempt = 1; ; attempt++) {
            try {
                return jobOperator.recover(current);
            } catch (OptimisticLockingFailureException e) {
                if (attempt == RECOVER_ATTEMPTS) {
                    throw e;
                }
                log.info("The previous owner wrote to the run while it was being recovered; reading it again");
                Thread.sleep(RECOVER_RETRY_PAUSE.toMillis());
                current = lastExecution(runName, pass);
                if (!current.getStatus().isRunning()) {
                    return current;
                }
            }
        }
    }

    private JobExecution lastExecution(String runName, long pass) {
        JobInstance instance = jobRepository.getJobInstance(ManifestJobConfiguration.JOB_NAME,
                new JobParametersBuilder().addString(RUN_NAME, runName, true).addLong(RUN_PASS, pass, true)
                        .toJobParameters());
        return instance == null ? null : jobRepository.getLastJobExecution(instance);
    }

    private static JobParameters parameters(RunIdentity identity, long pass) {
        return new JobParametersBuilder()
                .addString(RUN_NAME, identity.name(), true)
                .addLong(RUN_PASS, pass, true)
                .addString(MANIFEST_PATH, identity.manifest().toString(), false)
                .addString(MANIFEST_SHA256, identity.sha256(), false)
                .toJobParameters();
    }

    private static boolean leaseLost(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof LeaseLostException) {
                return true;
            }
        }
        return false;
    }

    private RunOutcome lostLease(RunIdentity identity, long started, OutputPaths paths) {
        return outcome(RunOutcome.Kind.STOPPED, identity, null, started, "stopped: " + control.stop()
                .map(stop -> stop.reason().label() + " — " + stop.message())
                .orElse("this process lost ownership of the run (its lease expired); nothing more was recorded"
                        + " or sent. Run again once the process that took it over is done."), paths);
    }

    private RunOutcome failed(JobExecution execution, RunIdentity identity, RunPass pass, long started,
                              OutputPaths paths) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        if (failures.stream().anyMatch(RunLauncher::leaseLost)) {
            return lostLease(identity, started, paths);
        }
        Optional<ManifestException> manifestProblem = failures.stream().map(RunLauncher::manifestCause)
                .flatMap(Optional::stream).findFirst();
        if (manifestProblem.isPresent()) {
            return outcome(RunOutcome.Kind.INVALID_MANIFEST, identity, pass, started,
                    manifestProblem.get().problem().format() + System.lineSeparator()
                            + "  Nothing was sent. Fix the manifest and run it again.",
                    paths);
        }
        Optional<RestartableFailure> restartable = failures.stream().filter(RestartableFailure.class::isInstance)
                .map(RestartableFailure.class::cast).findFirst();
        if (restartable.isPresent()) {
            return outcome(RunOutcome.Kind.STOPPED, identity, pass, started, "stopped: "
                    + restartable.get().getMessage(), paths);
        }
        Optional<Throwable> outage = failures.stream().filter(RepositoryFailures::isUnavailable).findFirst();
        if (outage.isPresent()) {
            RepositoryFailures.TRACE.warn("The run stopped: job repository unavailable", outage.get());
            return outcome(RunOutcome.Kind.STOPPED, identity, pass, started, "stopped: "
                    + StopReason.REPOSITORY_UNAVAILABLE.label() + " — " + RepositoryFailures.reason(outage.get())
                    + " (this run's lease could not be given back: running again is refused until it expires,"
                    + " " + lease.ttl().toSeconds() + " s after its last renewal, unless --wait-for-owner is given)",
                    paths);
        }
        String cause = failures.isEmpty() ? execution.getExitStatus().getExitDescription()
                : failures.get(0).toString();
        return outcome(RunOutcome.Kind.FAILED, identity, pass, started, "cause: " + cause, paths);
    }

    private static Optional<ManifestException> manifestCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ManifestException m) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private String stopMessage(JobExecution execution) {
        return control.stop()
                .map(stop -> "stopped: " + stop.reason().label() + " — " + stop.message())
                .orElseGet(() -> "stopped: " + execution.getExitStatus().getExitDescription());
    }

    /**
     * What the pass's fleet partitions did, whichever process ran them, as their step executions recorded
     * it in the job repository (none for a run without partitions: its step counted in this process's
     * counters).
     */
    private StepFigures.Totals partitionFigures(String runName, long pass) {
        JobExecution last = lastExecution(runName, pass);
        if (last == null) {
            return StepFigures.Totals.NONE;
        }
        return jobRepository.getJobExecution(last.getId()).getStepExecutions().stream()
                .map(StepExecution::getExecutionContext).filter(StepFigures.Totals::isPartition)
                .map(StepFigures.Totals::of).reduce(StepFigures.Totals.NONE, StepFigures.Totals::plus);
    }

    private RunOutcome outcome(RunOutcome.Kind kind, RunIdentity identity, RunPass pass, long started,
                               String message, OutputPaths paths) {
        // Without a pass (stopped before one began) the run is looked up: a run not recorded has no rows.
        long runId = pass != null ? pass.runId()
                : ledger.run(identity.name()).map(Ledger.RunRecord::id).orElse(Ledger.NO_RUN);
        Map<RowState, Long> counts = ledger.counts(runId);
        StepFigures.Totals figures = StepFigures.Totals.of(counters, requests)
                .plus(pass == null ? StepFigures.Totals.NONE : partitionFigures(identity.name(), pass.pass()));
        return new RunOutcome(kind, identity, counts, pass == null ? 0 : ledger.rejectCount(pass),
                ledger.coins(runId), figures.requests(), figures.rateLimited(),
                figures.sent(), figures.failed(), counters.inDoubtResolved.get(), current.plan(),
                Duration.ofNanos(System.nanoTime() - started), message, paths,
                Optional.ofNullable(downloads.properties().dir()).map(dir -> downloads.summary(runId, dir)),
                new RunOutcome.CallbackTally(counters.callbacksAccepted.get(), counters.callbacksDuplicate.get(),
                        counters.callbacksRefused.get()));
    }
}
