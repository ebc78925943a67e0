package io.a2ebatch.job;

import java.nio.file.Path;
import java.util.Optional;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.config.StateProperties;
import io.a2ebatch.download.DiskProblemException;
import io.a2ebatch.download.DownloadSummary;
import io.a2ebatch.download.DownloadsFactory;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.report.ResultsFile;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * {@code a2e-batch download MANIFEST --to DIR}: fetches the files of a manifest's completed rows
 * that are not on disk yet, from the ledger of its run (finished or stopped), then rewrites the
 * results file with the file columns. No provider call is made but a detail read for an expired URL.
 */
@Component
public class DownloadLauncher {

    private final JobRepository jobRepository;
    private final Ledger ledger;
    private final DownloadsFactory downloads;
    private final StateProperties state;
    private final OutputProperties output;

    public DownloadLauncher(JobRepository jobRepository, Ledger ledger, DownloadsFactory downloads,
                            StateProperties state, OutputProperties output) {
        this.jobRepository = jobRepository;
        this.ledger = ledger;
        this.downloads = downloads;
        this.state = state;
        this.output = output;
    }

    /**
     * Downloads what is missing into {@code dir}.
     *
     * @return the exit code and the summary to print
     */
    public Outcome download(Path manifest, Path dir) throws InterruptedException {
        ManifestIdentity identity = ManifestIdentity.of(manifest);
        try (RunLock lock = RunLock.acquire(state.dir(), identity.runTag(), identity.path())) {
            JobInstance instance = jobRepository.getJobInstance(ManifestJobConfiguration.JOB_NAME,
                    identity.toJobParameters());
            if (instance == null) {
                return new Outcome(ExitCode.USAGE, "a2e-batch download: " + identity.path() + " has no run in "
                        + state.dir() + " (with this content); run it first: a2e-batch run " + manifest
                        + " [--download " + dir + "]" + System.lineSeparator());
            }
            long runId = instance.getInstanceId();
            Optional<DiskProblemException> disk = downloads.fetchMissing(runId, dir);
            OutputPaths paths = OutputPaths.of(output, identity.path());
            ResultsFile.rebuild(paths.results(), ledger, runId);
            DownloadSummary summary = downloads.summary(runId, dir);
            StringBuilder text = new StringBuilder("a2e-batch download: ").append(identity.path())
                    .append(System.lineSeparator()).append("  ").append(summary.line()).append(System.lineSeparator())
                    .append("  results:  ").append(paths.results()).append(System.lineSeparator());
            disk.ifPresent(e -> text.append("  ").append(e.getMessage()).append(System.lineSeparator()));
            ExitCode code = disk.isPresent() ? ExitCode.STOPPED_RESTARTABLE
                    : summary.failed() > 0 ? ExitCode.ROWS_FAILED : ExitCode.SUCCESS;
            return new Outcome(code, text.toString());
        }
    }

    /** How {@code download} ended. */
    public record Outcome(ExitCode code, String summary) {
    }
}
