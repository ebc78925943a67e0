package io.a2ebatch.fleet;

import java.time.Duration;

import io.a2ebatch.config.Constraints;
import io.a2ebatch.config.SelfValidating;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A run spread over a fleet of workers ({@code a2e.fleet.*}).
 *
 * @param partitions        {@code run --partitions N}: the execute step is split into N partitions run by
 *                          workers; 0 runs it in this process alone
 * @param broker            {@code --broker}: the JMS broker (ActiveMQ Artemis) the manager sends partitions
 *                          through and workers take them from, e.g. {@code tcp://127.0.0.1:61616}
 * @param workersInProcess  {@code --workers-in-process}: this process also runs the workers, with an
 *                          embedded broker (a one-machine fleet)
 * @param worker            {@code a2e-batch worker}: this process runs partitions as they arrive
 * @param timeout           how long the manager waits for every partition to end before it fails the
 *                          run (Spring Batch's polling manager would otherwise wait for ever when a worker
 *                          dies, spring-batch issue 4006)
 * @param pollInterval      how often the manager reads the partitions' state in the job repository
 * @param maxRedispatches   how many times the manager sends a partition again after its worker died
 *                          (its lease expired and no other worker took it over) before it stops the run
 */
@ConfigurationProperties("a2e.fleet")
public record FleetProperties(int partitions, String broker, boolean workersInProcess, boolean worker,
                              Duration timeout, Duration pollInterval, int maxRedispatches) implements SelfValidating {

    /** Name of the JMS queue of partition requests. */
    public static final String QUEUE = "a2e.partitions";

    /** Whether this process sends partitions (the manager of a fleet's run). */
    public boolean manager() {
        return partitions > 0;
    }

    /** Whether this process runs partitions (a worker, or a manager with its workers in process). */
    public boolean runsPartitions() {
        return worker || workersInProcess;
    }

    /** The URL this process connects to the broker by: the embedded broker's in-VM one when it has one. */
    public String connectUrl() {
        return workersInProcess ? "vm://0" : broker;
    }

    /** Checked at start-up. */
    public boolean isTimingPositive() {
        return timeout == null || pollInterval == null
                || (!timeout.isNegative() && !timeout.isZero() && !pollInterval.isNegative() && !pollInterval.isZero());
    }

    @Override
    public void check(Constraints c) {
        c.min("partitions", partitions, 0);
        c.min("maxRedispatches", maxRedispatches, 0);
        c.notNull("timeout", timeout);
        c.notNull("pollInterval", pollInterval);
        c.holds("timingPositive", isTimingPositive(), "a2e.fleet.timeout and a2e.fleet.poll-interval must be positive");
    }
}
