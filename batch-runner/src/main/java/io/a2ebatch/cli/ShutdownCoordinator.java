package io.a2ebatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.job.CurrentRun;
import io.a2ebatch.job.ManifestJobConfiguration;
import io.a2ebatch.job.RunLauncher;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Turns Ctrl-C and SIGTERM into a clean stop. The JVM runs shutdown hooks on those signals; this
 * hook asks the run to stop (the ingest step at its next chunk, the engine once requests in
 * progress are answered), waits for the main thread to record the outcome, closes Spring and exits
 * with the run's code. On a normal end the main thread closes Spring itself and the hook does
 * nothing. Spring's own shutdown hook is off: it would close the context under the running job.
 */
final class ShutdownCoordinator {

    /** Longest wait for the run to stop after a signal; the ledger is consistent even if it is cut. */
    static final Duration GRACE = Duration.ofSeconds(60);

    private final ConfigurableApplicationContext context;
    private final Thread hook = new Thread(this::onSignal, "a2e-shutdown");
    private final CountDownLatch finished = new CountDownLatch(1);
    private ExitCode exitCode = ExitCode.STOPPED_RESTARTABLE;
    private boolean mainDone;
    private boolean signalled;

    private ShutdownCoordinator(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ShutdownCoordinator install(ConfigurableApplicationContext context) {
        ShutdownCoordinator coordinator = new ShutdownCoordinator(context);
        Runtime.getRuntime().addShutdownHook(coordinator.hook);
        return coordinator;
    }

    /** Called by the main thread once the outcome is printed; closes Spring unless a signal handler will. */
    void finish(ExitCode code) {
        boolean handledBySignal;
        synchronized (this) {
            exitCode = code;
            mainDone = true;
            handledBySignal = signalled;
        }
        finished.countDown();
        if (!handledBySignal) {
            context.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook will see mainDone and return.
            }
        }
    }

    private void onSignal() {
        synchronized (this) {
            if (mainDone) {
                return;
            }
            signalled = true;
        }
        System.err.println();
        System.err.println("a2e-batch: stopping (signal received); tasks in flight are kept and followed on the next run");
        context.getBean(RunControl.class).requestStop(StopReason.INTERRUPTED,
                "interrupted by a signal (Ctrl-C or SIGTERM)");
        stopRunningExecutions();
        try {
            finished.await(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ExitCode code;
        synchronized (this) {
            code = exitCode;
        }
        context.close();
        Runtime.getRuntime().halt(code.code());
    }

    private void stopRunningExecutions() {
        JobRepository repository = context.getBean(JobRepository.class);
        JobOperator operator = context.getBean(JobOperator.class);
        // Only this process's run: a shared PostgreSQL job repository holds other processes' runs too.
        String runName = context.getBean(CurrentRun.class).runName().orElse(null);
        for (JobExecution execution : repository.findRunningJobExecutions(ManifestJobConfiguration.JOB_NAME)) {
            if (runName == null || !runName.equals(execution.getJobParameters().getString(RunLauncher.RUN_NAME))) {
                continue;
            }
            try {
                operator.stop(execution);
            } catch (Exception e) {
                // Already stopping or stopped: nothing more to ask.
            }
        }
    }
}
