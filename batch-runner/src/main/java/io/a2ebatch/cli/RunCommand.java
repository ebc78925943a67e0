package io.a2ebatch.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

import io.a2ebatch.A2eBatchApplication;
import io.a2ebatch.job.RunLauncher;
import io.a2ebatch.job.RunLock;
import io.a2ebatch.job.RunOutcome;
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
            RunOutcome outcome = context.getBean(RunLauncher.class).run(options.manifest());
            out.print(outcome.summary());
            code = outcome.exitCode();
        } catch (RunLock.RunAlreadyActiveException e) {
            err.println("a2e-batch run: " + e.getMessage());
            code = ExitCode.USAGE;
        } catch (Exception e) {
            err.println("a2e-batch run: failed: " + rootMessage(e));
            e.printStackTrace(err);
            code = ExitCode.INTERNAL_ERROR;
        }
        coordinator.finish(code);
        return code;
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
