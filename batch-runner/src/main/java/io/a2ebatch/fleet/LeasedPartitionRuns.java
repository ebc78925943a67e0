package io.a2ebatch.fleet;

import java.time.Duration;
import java.util.Optional;

import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.job.PartitionRuns;
import io.a2ebatch.job.StepRun;
import io.a2ebatch.lease.LeaseKeeper;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.run.RunPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;

/**
 * A worker's side of a partition: takes the partition's own lease (fenced under the run's lease, see
 * {@link RunLeases#tryAcquirePartition}), waiting up to one lease time to live and two heartbeats for the
 * lease of a worker that died on it to expire, and gives the step the ledger restricted to the
 * partition's rows and a stop switch of its own (a partition that loses its lease stops alone; stopping
 * the process stops every partition).
 */
final class LeasedPartitionRuns implements PartitionRuns {

    private static final Logger log = LoggerFactory.getLogger(LeasedPartitionRuns.class);

    private final RunLeases leases;
    private final LeaseProperties lease;
    private final Ledger ledger;
    private final RunControl process;

    LeasedPartitionRuns(RunLeases leases, LeaseProperties lease, Ledger ledger, RunControl process) {
        this.leases = leases;
        this.lease = lease;
        this.ledger = ledger;
        this.process = process;
    }

    @Override
    public boolean isPartition(StepExecution step) {
        return PartitionContext.isPartition(step.getExecutionContext());
    }

    @Override
    public StepRun open(StepExecution step) throws InterruptedException {
        PartitionContext partition = PartitionContext.of(step.getExecutionContext());
        RunControl control = new RunControl();
        process.onStop(() -> process.stop().ifPresent(stop -> control.requestStop(stop.reason(), stop.message())));
        long deadline = System.nanoTime() + lease.ttl().plus(lease.heartbeat().multipliedBy(2)).toNanos();
        boolean announced = false;
        while (true) {
            long before = System.nanoTime();
            Optional<LeaseToken> token = leases.tryAcquirePartition(partition.runName(), partition.slice());
            if (token.isPresent()) {
                LeaseKeeper keeper = LeaseKeeper.start(leases, token.get(), before, lease.heartbeat(), control);
                log.info("Running {} of the run {} (pass {})", partition.slice().label(), partition.runName(),
                        partition.pass());
                return new StepRun(new RunPass(partition.runName(), partition.pass(), token.get()),
                        RunIdentity.tagOf(partition.runName()), ledger.slice(partition.slice()), control, keeper,
                        Optional.empty(), Optional.of(partition.slice()), keeper);
            }
            if (process.stopping() || System.nanoTime() - deadline > 0) {
                throw new PartitionUnavailableException(partition.slice().label() + " of the run '"
                        + partition.runName() + "' could not be taken within " + Duration.ofNanos(
                        lease.ttl().plus(lease.heartbeat().multipliedBy(2)).toNanos()).toSeconds() + " s: another"
                        + " worker holds it, or the run's manager no longer holds the run. Run the manager's command"
                        + " again; it sends the partitions that did not end.");
            }
            if (!announced) {
                announced = true;
                log.info("Waiting for {} of the run {}: its lease is held (a worker that died on it leaves it"
                        + " until it expires)", partition.slice().label(), partition.runName());
            }
            Thread.sleep(lease.heartbeat().toMillis());
        }
    }
}
