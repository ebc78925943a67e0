package io.a2ebatch.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.StateProperties;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.engine.RunSession;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.report.ResultsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Decides what {@code run MANIFEST} means given the job repository: a new run, the resumption of a
 * stopped or crashed one (an execution a killed JVM left {@code STARTED} is recovered first), or
 * nothing at all because the manifest already ran to the end.
 */
@Component
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final Job job;
    private final Ledger ledger;
    private final RunSession session;
    private final RequestCounter requests;
    private final StateProperties state;
    private final OutputProperties output;
    private final DownloadsFactory downloads;

    public RunLauncher(JobRepository jobRepository, JobOperator jobOperator, Job a2eManifestRun, Ledger ledger,
                       RunSession session, RequestCounter requests, StateProperties state, OutputProperties output,
                       DownloadsFactory downloads) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.job = a2eManifestRun;
        this.ledger = ledger;
        this.session = session;
        this.requests = requests;
        this.state = state;
        this.output = output;
        this.downloads = downloads;
    }

    /** Runs or resumes {@code manifest} to its end or until it stops. */
    public RunOutcome run(Path manifest) throws Exception {
        long started = System.nanoTime();
        ManifestIdentity identity = ManifestIdentity.of(manifest);
        OutputPaths paths = OutputPaths.of(output, identity.path());
        try (RunLock lock = RunLock.acquire(state.dir(), identity.runTag(), identity.path())) {
            announceChangedManifest(identity);
            JobInstance instance = jobRepository.getJobInstance(ManifestJobConfiguration.JOB_NAME,
                    identity.toJobParameters());
            if (instance != null) {
                JobExecution last = jobRepository.getLastJobExecution(instance);
                if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                    Optional<String> diskProblem = fetchMissingFiles(instance.getInstanceId());
                    ResultsFile.rebuild(paths.results(), ledger, instance.getInstanceId());
                    return outcome(diskProblem.isPresent() ? RunOutcome.Kind.STOPPED : RunOutcome.Kind.ALREADY_COMPLETED,
                            identity, instance.getInstanceId(), started, diskProblem.orElse(""), paths);
                }
                if (last != null && last.getStatus().isRunning()) {
                    log.warn("The previous run of this manifest ended without stopping (killed or crashed);"
                            + " recovering its state and resuming");
                    jobOperator.recover(last);
                } else if (last != null) {
                    log.info("Resuming the run of {} ({})", identity.path(), last.getStatus());
                }
            }
            JobExecution execution = jobOperator.start(job, identity.toJobParameters());
            long runId = execution.getJobInstance().getInstanceId();
            return switch (execution.getStatus()) {
                case COMPLETED -> outcome(RunOutcome.Kind.COMPLETED, identity, runId, started, "", paths);
                case STOPPED -> outcome(RunOutcome.Kind.STOPPED, identity, runId, started, stopMessage(execution), paths);
                default -> failed(execution, identity, runId, started, paths);
            };
        }
    }

    /** With {@code --download}, a run that already ended still brings home the files it lacks. */
    private Optional<String> fetchMissingFiles(long runId) throws InterruptedException {
        if (!downloads.properties().enabled()) {
            return Optional.empty();
        }
        return downloads.fetchMissing(runId, downloads.properties().dir()).map(Throwable::getMessage);
    }

    private RunOutcome failed(JobExecution execution, ManifestIdentity identity, long runId, long started,
                              OutputPaths paths) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        Optional<ManifestException> manifestProblem = failures.stream().map(RunLauncher::manifestCause)
                .flatMap(Optional::stream).findFirst();
        if (manifestProblem.isPresent()) {
            return outcome(RunOutcome.Kind.INVALID_MANIFEST, identity, runId, started,
                    manifestProblem.get().problem().format() + System.lineSeparator()
                            + "  Nothing was sent. Fix the manifest and run it again (a changed manifest is a new run).",
                    paths);
        }
        String cause = failures.isEmpty() ? execution.getExitStatus().getExitDescription()
                : failures.get(0).toString();
        return outcome(RunOutcome.Kind.FAILED, identity, runId, started, "cause: " + cause, paths);
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
        return session.control().stop()
                .map(stop -> "stopped: " + stop.reason().label() + " — " + stop.message())
                .orElseGet(() -> "stopped: " + execution.getExitStatus().getExitDescription());
    }

    private RunOutcome outcome(RunOutcome.Kind kind, ManifestIdentity identity, long runId, long started,
                               String message, OutputPaths paths) {
        Map<RowState, Long> counts = ledger.counts(runId);
        return new RunOutcome(kind, identity, counts, ledger.rejectCount(runId), ledger.coins(runId),
                requests.byCall(), requests.rateLimited(), session.counters().submittedThisRun.get(),
                requests.failed(), session.counters().inDoubtResolved.get(),
                Duration.ofNanos(System.nanoTime() - started), message, paths,
                Optional.ofNullable(downloads.properties().dir()).map(dir -> downloads.summary(runId, dir)));
    }

    private void announceChangedManifest(ManifestIdentity identity) {
        for (JobInstance other : jobRepository.findJobInstances(ManifestJobConfiguration.JOB_NAME)) {
            JobExecution last = jobRepository.getLastJobExecution(other);
            if (last == null) {
                continue;
            }
            ManifestIdentity previous = ManifestIdentity.of(last.getJobParameters());
            if (previous.path().equals(identity.path()) && !previous.sha256().equals(identity.sha256())) {
                log.warn("{} has changed since its run of {} (content {} then, {} now): this is a NEW run, and"
                                + " rows of the earlier run are not carried over (run tag {} then, {} now).",
                        identity.path(), last.getStartTime(), previous.sha256().substring(0, 12),
                        identity.sha256().substring(0, 12), previous.runTag(), identity.runTag());
                return;
            }
        }
    }
}
