package io.a2ebatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import io.a2ebatch.job.DownloadLauncher;

/**
 * {@code download MANIFEST --to DIR [options]}: the files of a run's completed rows, from its ledger.
 * Takes {@code run}'s options for the state, the run's name, the API (for fresh URLs) and the
 * downloads; takes the run's lease like {@code run} (a run owned by another process is refused with
 * exit 2, or waited for with {@code --wait-for-owner}); fails like {@code run} (one or two lines, the
 * README's exit code).
 */
public final class DownloadCommand {

    private static final String WHO = "a2e-batch download";

    private DownloadCommand() {
    }

    public static ExitCode execute(RunOptions options, PrintStream out, PrintStream err) {
        String to = options.property("a2e.download.dir", "");
        if (to.isEmpty()) {
            err.println(WHO + ": where to? Give --to DIR: a2e-batch download MANIFEST --to DIR");
            return ExitCode.USAGE;
        }
        return RunCommand.execute(WHO, options, false, context -> {
            DownloadLauncher.Outcome outcome = context.getBean(DownloadLauncher.class)
                    .download(options.manifest(), Path.of(to));
            if (outcome.kind() == DownloadLauncher.Kind.NO_RUN) {
                err.print(outcome.summary());
                return new RunCommand.Result("", ExitCode.USAGE);
            }
            return new RunCommand.Result(outcome.summary(), exitCode(outcome.kind()));
        }, out, err);
    }

    /** The exit code of how {@code download} ended (README, "Exit codes"). */
    static ExitCode exitCode(DownloadLauncher.Kind kind) {
        return switch (kind) {
            case DOWNLOADED -> ExitCode.SUCCESS;
            case SOME_FAILED -> ExitCode.ROWS_FAILED;
            case STOPPED -> ExitCode.STOPPED_RESTARTABLE;
            case NO_RUN -> ExitCode.USAGE;
        };
    }
}
