package io.a2ebatch.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

import io.a2ebatch.A2eBatchApplication;
import io.a2ebatch.job.DryRunPlanner;
import io.a2ebatch.job.RunLauncher;
import io.a2ebatch.job.RunOutcome;
import io.a2ebatch.job.RunOwnedException;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.run.RunIdentity;
import org.springframework.beans.BeansException;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run MANIFEST [options]}: starts Spring (job repository, client, throttle), runs or resumes
 * the manifest, prints the summary. Ctrl-C and SIGTERM stop the run cleanly through a
 * {@link ShutdownCoordinator}; the process then exits with {@link ExitCode#STOPPED_RESTARTABLE}.
 */
public final class RunCommand {

    private RunCommand() {
    }

    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (RunOptions.UsageException e) {
            err.println("a2e-batch run: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (!Files.isRegularFile(options.manifest()) || !Files.isReadable(options.manifest())) {
            err.println("a2e-batch run: cannot read the manifest " + options.manifest().toAbsolutePath());
            return ExitCode.USAGE;
        }
        SpringApplication app = new SpringApplication(A2eBatchApplication.class);
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = app.run(options.springArguments());
        } catch (RuntimeException e) {
            err.println("a2e-batch run: cannot start: " + rootMessage(e));
            return ExitCode.USAGE;
        }
        ShutdownCoordinator coordinator = ShutdownCoordinator.install(context);
        ExitCode code;
        try {
            if (options.dryRun()) {
                String runName = context.getEnvironment().getProperty("a2e.run.name");
                out.print(context.getBean(DryRunPlanner.class).plan(RunIdentity.of(options.manifest(), runName))
                        .format());
                code = ExitCode.SUCCESS;
            } else {
                RunOutcome outcome = context.getBean(RunLauncher.class).run(options.manifest());
                out.print(outcome.summary());
                code = exitCode(outcome);
            }
        } catch (RunOwnedException e) {
            err.println("a2e-batch run: " + e.getMessage());
            code = ExitCode.USAGE;
        } catch (ManifestException e) {
            err.println("a2e-batch plan: " + e.problem().format());
            code = ExitCode.USAGE;
        } catch (BeansException e) {
            err.println("a2e-batch run: cannot start: " + rootMessage(e));
            code = ExitCode.USAGE;
        } catch (Exception e) {
            err.println("a2e-batch run: failed: " + rootMessage(e));
            e.printStackTrace(err);
            code = ExitCode.INTERNAL_ERROR;
        }
        coordinator.finish(code);
        return code;
    }

    /** The exit code of a run's outcome (README, "Exit codes"). */
    static ExitCode exitCode(RunOutcome outcome) {
        return switch (outcome.kind()) {
            case COMPLETED, ALREADY_COMPLETED -> outcome.allSucceeded() ? ExitCode.SUCCESS : ExitCode.ROWS_FAILED;
            case STOPPED -> ExitCode.STOPPED_RESTARTABLE;
            case INVALID_MANIFEST -> ExitCode.USAGE;
            case FAILED -> ExitCode.INTERNAL_ERROR;
        };
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : message + " (" + e.getClass().getSimpleName() + ")";
    }
}
