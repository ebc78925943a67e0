package io.a2ebatch.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.A2eBatchApplication;
import io.a2ebatch.job.DownloadLauncher;
import io.a2ebatch.job.RunLock;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code download MANIFEST --to DIR [options]}: the files of a run's completed rows, from its ledger.
 * Takes {@code run}'s options for the state, the API (for fresh URLs) and the downloads.
 */
public final class DownloadCommand {

    private DownloadCommand() {
    }

    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        List<String> runArgs = new ArrayList<>();
        Path to = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--to") && i + 1 < args.size()) {
                to = Path.of(args.get(++i));
            } else if (arg.startsWith("--to=")) {
                to = Path.of(arg.substring(5));
            } else {
                runArgs.add(arg);
            }
        }
        RunOptions options;
        try {
            if (to == null) {
                throw new RunOptions.UsageException("download needs --to DIR: a2e-batch download MANIFEST --to DIR");
            }
            runArgs.add("--download=" + to);
            options = RunOptions.parse(runArgs);
        } catch (RunOptions.UsageException e) {
            err.println("a2e-batch download: " + e.getMessage().replace("run needs a manifest: a2e-batch run",
                    "download needs a manifest: a2e-batch download"));
            return ExitCode.USAGE;
        }
        if (!Files.isRegularFile(options.manifest()) || !Files.isReadable(options.manifest())) {
            err.println("a2e-batch download: cannot read the manifest " + options.manifest().toAbsolutePath());
            return ExitCode.USAGE;
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplication(A2eBatchApplication.class).run(options.springArguments());
        } catch (RuntimeException e) {
            err.println("a2e-batch download: cannot start: " + RunCommand.rootMessage(e));
            return ExitCode.USAGE;
        }
        try (context) {
            DownloadLauncher.Outcome outcome = context.getBean(DownloadLauncher.class).download(options.manifest(), to);
            (outcome.code() == ExitCode.USAGE ? err : out).print(outcome.summary());
            return outcome.code();
        } catch (RunLock.RunAlreadyActiveException e) {
            err.println("a2e-batch download: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("a2e-batch download: interrupted; run it again to resume");
            return ExitCode.STOPPED_RESTARTABLE;
        } catch (RuntimeException e) {
            err.println("a2e-batch download: failed: " + RunCommand.rootMessage(e));
            return ExitCode.INTERNAL_ERROR;
        }
    }
}
