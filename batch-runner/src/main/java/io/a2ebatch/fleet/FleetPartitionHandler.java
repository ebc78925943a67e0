package io.a2ebatch.fleet;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.a2ebatch.job.StepFigures;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;

/**
 * The manager's side of a fleet's partitions: sends one request per partition to the broker and polls
 * the job repository for their ends (nothing comes back over JMS, so a manager restarted after a crash
 * finds the partitions where the workers left them). Unlike Spring Batch's polling
 * {@code MessageChannelPartitionHandler}, which waits for every partition and, without a timeout, for
 * ever when a worker dies without a trace (spring-batch issue 4006):
 * <ul>
 * <li>a partition that failed on its worker ends the wait at the next poll, and the step fails with
 * that partition's reason (the other partitions' workers stop within a lease time to live, as the
 * manager no longer holds the run);</li>
 * <li>a partition still {@code STARTED} whose lease its worker let expire, and that no other worker
 * took over, seen so on two polls at least {@link #grace} apart, had a worker that died: its step
 * execution is marked failed (as a restart expects a step that did not end) and a new one, with the
 * same context, is sent, at most {@code maxRedispatches} times per partition;</li>
 * <li>the whole wait is bounded by {@code a2e.fleet.timeout}.</li>
 * <li>each poll also samples the run's rows in flight, every partition's, for the fleet's peak.</li>
 * </ul>
 */
final class FleetPartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(FleetPartitionHandler.class);

    /** How many times a partition was sent again after its worker died (in its step execution context). */
    static final String REDISPATCHES = "a2e.partition.redispatches";
    /** The most rows the whole run had in flight at one of the manager's polls (in the manager step's context). */
    static final String PEAK_IN_FLIGHT = "a2e.fleet.peak-in-flight";

    private final MessageChannel requests;
    private final JobRepository jobRepository;
    private final RunLeases leases;
    private final FleetProperties fleet;
    private final Duration grace;
    private final Ledger ledger;
    private final Supplier<Long> runId;

    /**
     * @param grace how long a dead worker's partition lease must have been expired, and then be seen so
     *              again, before the partition is sent again (a worker waiting for a lease takes it the
     *              moment it expires, and one that just picked a request takes it within moments)
     * @param ledger  the whole run's ledger, whose rows in flight (every partition's) each poll samples
     * @param runId   the number of the run being split
     */
    FleetPartitionHandler(MessageChannel requests, JobRepository jobRepository, RunLeases leases,
                          FleetProperties fleet, Duration grace, Ledger ledger, Supplier<Long> runId) {
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.leases = leases;
        this.fleet = fleet;
        this.grace = grace;
        this.ledger = ledger;
        this.runId = runId;
        setGridSize(fleet.partitions());
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        Map<String, StepExecution> current = new LinkedHashMap<>();
        partitions.forEach(p -> current.put(p.getStepName(), p));
        partitions.forEach(this::send);
        Map<String, Long> seenAbandoned = new HashMap<>();
        long deadline = System.nanoTime() + fleet.timeout().toNanos();
        while (true) {
            Thread.sleep(fleet.pollInterval().toMillis());
            // The fleet's true peak, sampled: the partitions' own peaks need not fall at the same moment.
            long inFlight = ledger.inFlight(runId.get());
            if (inFlight > manager.getExecutionContext().getLong(PEAK_IN_FLIGHT, 0)) {
                manager.getExecutionContext().putLong(PEAK_IN_FLIGHT, inFlight);
            }
            boolean running = false;
            boolean failed = false;
            for (Map.Entry<String, StepExecution> entry : current.entrySet()) {
                StepExecution latest = jobRepository.getStepExecution(entry.getValue().getId());
                entry.setValue(latest);
                failed |= latest.getStatus() == BatchStatus.FAILED;
                running |= latest.getStatus().isRunning();
                if (latest.getStatus() == BatchStatus.STARTED && abandoned(latest, seenAbandoned)) {
                    entry.setValue(redispatch(manager, latest));
                    seenAbandoned.remove(latest.getStepName());
                }
            }
            if (failed || !running) {
                return new HashSet<>(current.values());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("partitions still running after " + fleet.timeout());
            }
        }
    }

    private void send(StepExecution partition) {
        requests.send(MessageBuilder.withPayload(new StepExecutionRequest(FleetManagerConfiguration.WORKER_STEP,
                partition.getId())).build());
    }

    /** Whether the partition's lease was seen abandoned now and at least {@link #grace} before. */
    private boolean abandoned(StepExecution partition, Map<String, Long> seenAbandoned) {
        PartitionContext context = PartitionContext.of(partition.getExecutionContext());
        if (!leases.partitionAbandoned(context.runName(), context.slice(), grace)) {
            seenAbandoned.remove(partition.getStepName());
            return false;
        }
        long now = System.nanoTime();
        long first = seenAbandoned.computeIfAbsent(partition.getStepName(), name -> now);
        return now - first >= grace.toNanos();
    }

    /** Marks the dead worker's step execution failed and sends a new one of the partition. */
    private StepExecution redispatch(StepExecution manager, StepExecution dead) {
        ExecutionContext context = dead.getExecutionContext();
        String worker = context.getString(PartitionFigures.WORKER, "no worker");
        int sent = context.getInt(REDISPATCHES, 0);
        if (sent >= fleet.maxRedispatches()) {
            throw new FleetStoppedException(PartitionContext.sliceOf(context).label() + " lost its worker "
                    + (sent + 1) + " times (a2e.fleet.max-redispatches " + fleet.maxRedispatches() + "), the last "
                    + worker + ". See the workers' a2e-batch.log for why they died, then run the same command"
                    + " again.", null);
        }
        dead.setStatus(BatchStatus.FAILED);
        dead.setExitStatus(ExitStatus.FAILED.addExitDescription("its worker died (" + worker + "): the"
                + " partition lease expired and nobody took it over; sent again"));
        dead.setEndTime(LocalDateTime.now());
        // What the dead worker did is unknown: its figures (the counters it started from) are dropped.
        StepFigures.Totals.removeFrom(context);
        jobRepository.update(dead);
        jobRepository.updateExecutionContext(dead);
        StepExecution next = jobRepository.createStepExecution(dead.getStepName(), manager.getJobExecution());
        ExecutionContext copy = new ExecutionContext(context);
        copy.putInt(REDISPATCHES, sent + 1);
        next.setExecutionContext(copy);
        jobRepository.updateExecutionContext(next);
        send(next);
        log.warn("{} lost its worker ({}): its lease expired and nobody took it over; sent again ({} of at most {})",
                PartitionContext.sliceOf(context).label(), worker, sent + 1, fleet.maxRedispatches());
        return next;
    }
}
