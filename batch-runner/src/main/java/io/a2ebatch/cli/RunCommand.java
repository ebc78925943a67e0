package io.a2ebatch.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.a2ebatch.A2eBatchApplication;
import io.a2ebatch.job.DryRunPlanner;
import io.a2ebatch.job.RunLauncher;
import io.a2ebatch.job.RunOutcome;
import io.a2ebatch.job.RunOwnedException;
import io.a2ebatch.lease.OwnerFile;
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
        ConfigurableApplicationContext context = null;
        boolean announced = false;
        while (context == null) {
            try {
                context = app.run(options.springArguments());
            } catch (RuntimeException e) {
                if (!embeddedDatabaseInUse(e)) {
                    err.println("a2e-batch run: cannot start: " + rootMessage(e));
                    return ExitCode.USAGE;
                }
                // H2 opens a file database in one process only: the run's owner has it open.
                String owner = OwnerFile.describe(OwnerFile.in(Path.of(options.properties().get("a2e.state.dir"),
                        "runs", options.properties().get("a2e.run.tag"))));
                if (!Boolean.parseBoolean(options.properties().getOrDefault("a2e.lease.wait-for-owner", "false"))) {
                    err.println("a2e-batch run: " + RunOwnedException.message("of " + options.manifest(), owner));
                    return ExitCode.USAGE;
                }
                if (!announced) {
                    announced = true;
                    err.println("a2e-batch run: waiting for the run to be free: it is owned by " + owner
                            + " (--wait-for-owner)");
                }
                try {
                    Thread.sleep(OWNER_POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return ExitCode.STOPPED_RESTARTABLE;
                }
            }
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

    /** H2's error code for a file database another process has open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** How often {@code --wait-for-owner} tries again to open a run's embedded database. */
    private static final Duration OWNER_POLL = Duration.ofSeconds(1);

    private static boolean embeddedDatabaseInUse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
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
