package io.a2ebatch.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import io.a2ebatch.fleet.FleetProperties;
import io.a2ebatch.run.RunControl;

/**
 * {@code worker --broker URL --jdbc-url URL}: a fleet's worker. Starts Spring with the worker side of the
 * fleet (partition requests taken from the broker, each run as the execute engine on its partition's
 * rows) and waits until stopped; Ctrl-C or SIGTERM lets the partition in progress stop cleanly (its
 * request goes back to the broker for another worker).
 */
final class WorkerCommand {

    private static final String WHO = "a2e-batch worker";

    private WorkerCommand() {
    }

    static ExitCode execute(RunOptions options, PrintStream out, PrintStream err) {
        try {
            FleetPreflight.worker(options);
        } catch (UsageException e) {
            err.println(WHO + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        options.properties().put("a2e.fleet.worker", "true");
        return RunCommand.execute(WHO, options, true, context -> {
            RunControl control = context.getBean(RunControl.class);
            CountDownLatch stopped = new CountDownLatch(1);
            control.onStop(stopped::countDown);
            err.println(WHO + ": taking partitions from " + context.getBean(FleetProperties.class).broker()
                    + " (queue " + FleetProperties.QUEUE + "); Ctrl-C stops");
            stopped.await();
            return new RunCommand.Result("", ExitCode.SUCCESS);
        }, out, err);
    }
}
