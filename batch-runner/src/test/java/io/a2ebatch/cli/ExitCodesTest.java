package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.download.DownloadSummary;
import io.a2ebatch.job.DownloadLauncher;
import io.a2ebatch.job.OutputPaths;
import io.a2ebatch.job.RunOutcome;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.RunIdentity;
import org.junit.jupiter.api.Test;

/** How runs and downloads map to the README's exit codes once downloads are part of a run. */
class ExitCodesTest {

    private static RunOutcome completed(RunOutcome.Kind kind, Optional<DownloadSummary> downloads) {
        Map<RowState, Long> counts = new EnumMap<>(RowState.class);
        for (RowState state : RowState.values()) {
            counts.put(state, 0L);
        }
        counts.put(RowState.COMPLETED, 3L);
        return new RunOutcome(kind, new RunIdentity("/m.csv", Path.of("/m.csv"), "0".repeat(64)), counts, 0, 30,
                Map.of(), 0, 3, 0, 0, null, Duration.ofSeconds(1), "",
                new OutputPaths(Path.of("/m.results.csv"), Path.of("/m.results.rejects.csv")), downloads);
    }

    private static Optional<DownloadSummary> files(long downloaded, long failed) {
        return Optional.of(new DownloadSummary(Path.of("/media"), downloaded, downloaded * 10, failed, downloaded,
                downloaded * 10));
    }

    @Test
    void aRunWhoseRowsCompletedButWhoseFilesCouldNotAllBeDownloadedExits1() {
        RunOutcome outcome = completed(RunOutcome.Kind.COMPLETED, files(2, 1));
        assertThat(outcome.allSucceeded()).isFalse();
        assertThat(RunCommand.exitCode(outcome)).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(outcome.summary()).contains("all rows completed, some files could not be downloaded")
                .contains("files:    2 downloaded").contains("1 failed");
        assertThat(RunCommand.exitCode(completed(RunOutcome.Kind.ALREADY_COMPLETED, files(2, 1))))
                .isEqualTo(ExitCode.ROWS_FAILED);
    }

    @Test
    void aRunWithEveryFileDownloadedOrWithoutDownloadsExits0() {
        assertThat(RunCommand.exitCode(completed(RunOutcome.Kind.COMPLETED, files(3, 0)))).isEqualTo(ExitCode.SUCCESS);
        RunOutcome plain = completed(RunOutcome.Kind.COMPLETED, Optional.empty());
        assertThat(RunCommand.exitCode(plain)).isEqualTo(ExitCode.SUCCESS);
        assertThat(plain.summary()).contains("all rows completed").doesNotContain("files:");
    }

    @Test
    void downloadExitsLikeRun() {
        assertThat(DownloadCommand.exitCode(DownloadLauncher.Kind.DOWNLOADED)).isEqualTo(ExitCode.SUCCESS);
        assertThat(DownloadCommand.exitCode(DownloadLauncher.Kind.SOME_FAILED)).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(DownloadCommand.exitCode(DownloadLauncher.Kind.STOPPED)).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        assertThat(DownloadCommand.exitCode(DownloadLauncher.Kind.NO_RUN)).isEqualTo(ExitCode.USAGE);
    }
}
