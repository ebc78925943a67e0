package io.a2ebatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.A2eBatchApplication;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.config.ApiProperties;
import io.a2ebatch.config.SimulatorProperties;
import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.job.DryRunPlanner;
import io.a2ebatch.job.RunLauncher;
import io.a2ebatch.job.RunOutcome;
import io.a2ebatch.job.RunOwnedException;
import io.a2ebatch.lease.OwnerFile;
import io.a2ebatch.run.RunIdentity;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run MANIFEST [options]} (and {@code plan}, and through {@link #execute(String, RunOptions,
 * boolean, Action, PrintStream, PrintStream)} {@code download}): checks what can be checked without Spring
 * ({@link Preflight}), starts Spring (job repository, client, throttle), checks that A2E answers, runs
 * or resumes the manifest (or, for a dry run, prints its plan) and prints the summary. Every failure
 * ends in {@link Failures}: one or two lines and the README's exit code. Ctrl-C and SIGTERM stop the
 * run cleanly through a {@link ShutdownCoordinator}; the process then exits with
 * {@link ExitCode#STOPPED_RESTARTABLE}.
 */
public final class RunCommand {

    private static final String WHO = "a2e-batch run";

    /** H2's error code for a file database another process has open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** How often {@code --wait-for-owner} tries again to open a run's embedded database. */
    private static final Duration OWNER_POLL = Duration.ofSeconds(1);

    private RunCommand() {
    }

    public static ExitCode execute(RunOptions options, PrintStream out, PrintStream err) {
        try {
            FleetPreflight.run(options);
        } catch (UsageException e) {
            err.println(WHO + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        return execute(WHO, options, !options.dryRun(), context -> {
            if (options.dryRun()) {
                String runName = context.getEnvironment().getProperty("a2e.run.name");
                return new Result(context.getBean(DryRunPlanner.class)
                        .plan(RunIdentity.of(options.manifest(), runName)).format(), ExitCode.SUCCESS);
            }
            RunOutcome outcome = context.getBean(RunLauncher.class).run(options.manifest());
            return new Result(outcome.summary(), exitCode(outcome));
        }, out, err);
    }

    /** What a command does once Spring is up. */
    @FunctionalInterface
    interface Action {
        Result perform(ConfigurableApplicationContext context) throws Exception;
    }

    /** A command's summary (printed on standard output; may be empty) and exit code. */
    record Result(String summary, ExitCode code) {
    }

    /**
     * The path every command that needs the job repository takes: preflight, Spring, {@code action},
     * and one error path for whatever fails.
     *
     * @param who         the command as messages name it ({@code a2e-batch run})
     * @param needsApi    whether A2E must answer before {@code action} (not for a dry run; never checked
     *                    with the simulator)
     */
    static ExitCode execute(String who, RunOptions options, boolean needsApi, Action action, PrintStream out,
                            PrintStream err) {
        Path stateDir;
        try {
            if (options.manifest() != null) { // a fleet's worker has none
                Preflight.manifest(options.manifest());
            }
            stateDir = Preflight.stateDir(options);
            Preflight.stateDir(stateDir);
            if (options.manifest() != null) {
                Preflight.outputs(options);
            }
        } catch (UsageException e) {
            err.println(who + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        Path logFile = stateDir.resolve(Failures.LOG_FILE);
        String repository = repository(options, stateDir);
        Map<String, String> properties = new LinkedHashMap<>(options.properties());
        properties.put("a2e.state.dir", stateDir.toString());
        RunOptions resolved = new RunOptions(options.manifest(), properties);

        SpringApplication app = new SpringApplication(A2eBatchApplication.class);
        // Not deduced from the call stack (that would be this CLI's Main): the ahead-of-time processed bean
        // definitions the launcher runs from are looked up by the application's class.
        app.setMainApplicationClass(A2eBatchApplication.class);
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context = null;
        boolean announced = false;
        while (context == null) {
            try {
                context = app.run(resolved.springArguments());
            } catch (RuntimeException e) {
                if (!embeddedDatabaseInUse(e)) {
                    return fail(who, e, options, repository, logFile, err);
                }
                // H2 opens a file database in one process only: the run's owner has it open.
                String owner = OwnerFile.describe(OwnerFile.in(stateDir.resolve("runs")
                        .resolve(properties.get("a2e.run.tag"))));
                if (!options.waitForOwner()) {
                    err.println(who + ": " + RunOwnedException.message("of " + options.manifest(), owner));
                    return ExitCode.USAGE;
                }
                if (!announced) {
                    announced = true;
                    err.println(who + ": waiting for the run to be free: it is owned by " + owner
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
            Optional<String> unreachable = needsApi ? unreachable(context) : Optional.empty();
            if (unreachable.isPresent()) {
                err.println(who + ": " + unreachable.get());
                code = ExitCode.STOPPED_RESTARTABLE;
            } else {
                Result result = action.perform(context);
                out.print(result.summary());
                code = result.code();
                if (code == ExitCode.INTERNAL_ERROR) {
                    err.println(who + ": the details are in " + logFile);
                }
            }
        } catch (Exception e) {
            code = fail(who, e, options, repository, logFile, err);
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

    private static boolean embeddedDatabaseInUse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why A2E cannot be reached, as the user's line, unless the run needs no network. A missing or
     * unreadable token (a configuration error, exit 2) is reported first: the client is lazy.
     */
    private static Optional<String> unreachable(ConfigurableApplicationContext context) {
        context.getBean(A2eClient.class);
        if (context.getBean(SimulatorProperties.class).enabled()) {
            return Optional.empty();
        }
        ApiProperties api = context.getBean(ApiProperties.class);
        return Preflight.unreachable(api.baseUrl(), api.connectTimeout())
                .map(reason -> "cannot connect to " + api.baseUrl() + " (" + reason + "); check --base-url and the"
                        + " network, then run the same command again (nothing was sent)");
    }

    private static ExitCode fail(String who, Throwable e, RunOptions options, String repository, Path logFile,
                                 PrintStream err) {
        Optional<Failures.UserError> known = Failures.translate(e, repository);
        if (known.isEmpty()) {
            return Failures.internal(who, e, options.debug(), logFile, err);
        }
        Failures.appendTrace(logFile, who, e);
        err.println(who + ": " + known.get().message());
        if (options.debug()) {
            e.printStackTrace(err);
        }
        return known.get().code();
    }

    /** The job repository's URL for messages, without its settings (H2's ;KEY=VALUE, JDBC's ?query). */
    private static String repository(RunOptions options, Path stateDir) {
        String url = options.property("spring.datasource.url", "jdbc:h2:file:" + stateDir.resolve("runs")
                .resolve(options.property("a2e.run.tag", "")).resolve("jobrepo"));
        return RepositoryFailures.displayUrl(url);
    }
}
