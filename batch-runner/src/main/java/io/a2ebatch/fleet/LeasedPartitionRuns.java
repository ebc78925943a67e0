package io.a2ebatch.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.job.PartitionRuns;
import io.a2ebatch.job.StepRun;
import io.a2ebatch.lease.LeaseKeeper;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.RunSettings;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;

/**
 * A worker's side of a partition: takes the partition's own lease (fenced under the run's lease, see
 * {@link RunLeases#tryAcquirePartition}), waiting up to one lease time to live and two heartbeats for the
 * lease of a worker that died on it to expire, and gives the step the ledger restricted to the
 * partition's rows and a stop switch of its own (a partition that loses its lease stops alone; stopping
 * the process stops every partition).
 * <p>
 * The partition runs by its manager's settings ({@link PartitionContext#settings()}): the in-flight
 * caps (held fleet-wide by {@link FleetInFlight}), the rate limits (the fleet's buckets and this
 * worker's own limiters, {@link FleetRates}), and the poll interval; a worker option that differs is
 * named in one line and not used. A base URL that differs is refused instead: a worker sends its token
 * only to the base URL its own machine's options name, never to one read from the job repository.
 */
final class LeasedPartitionRuns implements PartitionRuns {

    private static final Logger log = LoggerFactory.getLogger(LeasedPartitionRuns.class);

    private final RunLeases leases;
    private final LeaseProperties lease;
    private final Ledger ledger;
    private final RunControl process;
    private final RunSettings own;
    private final Optional<FleetRates> rates;

    /**
     * @param own   this worker's own settings, from its options
     * @param rates this worker's fleet limiters (on PostgreSQL), set to each partition's rates
     */
    LeasedPartitionRuns(RunLeases leases, LeaseProperties lease, Ledger ledger, RunControl process, RunSettings own,
                        Optional<FleetRates> rates) {
        this.leases = leases;
        this.lease = lease;
        this.ledger = ledger;
        this.process = process;
        this.own = own;
        this.rates = rates;
    }

    @Override
    public boolean isPartition(StepExecution step) {
        return PartitionContext.isPartition(step.getExecutionContext());
    }

    @Override
    public StepRun open(StepExecution step) throws InterruptedException {
        PartitionContext partition = PartitionContext.of(step.getExecutionContext());
        RunSettings settings = partition.settings();
        refuseOtherBaseUrls(partition);
        List<String> overridden = overridden(settings);
        if (!overridden.isEmpty()) {
            log.warn("{} of the run {} runs by its manager's settings, not this worker's: {}", partition.slice().label(),
                    partition.runName(), String.join(", ", overridden));
        }
        rates.ifPresent(r -> r.runBy(settings.rateLimits()));
        RunControl control = new RunControl();
        process.onStop(() -> process.stop().ifPresent(stop -> control.requestStop(stop.reason(), stop.message())));
        long deadline = System.nanoTime() + lease.ttl().plus(lease.heartbeat().multipliedBy(2)).toNanos();
        boolean announced = false;
        // The run's number, read once for the partition's whole pass (its manager recorded the run).
        long runId = ledger.run(partition.runName()).orElseThrow(() -> new PartitionRefusedException(
                partition.slice().label() + " names the run '" + partition.runName() + "', which the job repository"
                + " does not know: the worker and the run's manager use different job repositories (check"
                + " --jdbc-url)")).id();
        while (true) {
            long before = System.nanoTime();
            Optional<LeaseToken> token = leases.tryAcquirePartition(partition.runName(), partition.slice());
            if (token.isPresent()) {
                LeaseKeeper keeper = LeaseKeeper.start(leases, token.get(), before, lease.heartbeat(), control);
                log.info("Running {} of the run {} (pass {})", partition.slice().label(), partition.runName(),
                        partition.pass());
                return new StepRun(new RunPass(partition.runName(), runId, partition.pass(), token.get()),
                        RunIdentity.tagOf(partition.runName()), ledger.slice(partition.slice()), control, keeper,
                        Optional.empty(), Optional.of(partition.slice()), settings,
                        new FleetInFlight(ledger, settings, FamilyCatalog.everyProvider()), keeper);
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

    /** Refuses a partition whose manager sends some provider's requests elsewhere than this worker would. */
    private void refuseOtherBaseUrls(PartitionContext partition) {
        for (Map.Entry<String, java.net.URI> run : partition.settings().baseUrls().entrySet()) {
            java.net.URI mine = own.baseUrls().get(run.getKey());
            if (mine != null && !mine.equals(run.getValue())) {
                throw new PartitionRefusedException(partition.slice().label() + " of the run '" + partition.runName()
                        + "' was refused by pid " + ProcessHandle.current().pid() + " on " + leases.host()
                        + ": its manager sends " + run.getKey() + " requests to " + run.getValue() + ", this worker to "
                        + mine + " (a worker sends its token only to the base URL of its own options). Start the"
                        + " workers with " + option(run.getKey(), "base-url") + " " + run.getValue()
                        + " and run the manager's command again.");
            }
        }
    }

    /** This worker's options that differ from the partition's settings, as "--option run's (this worker: own)". */
    private List<String> overridden(RunSettings run) {
        List<String> lines = new ArrayList<>();
        differences(lines, "rate-limit", run.rateLimits(), own.rateLimits(), r -> String.format(Locale.ROOT, "%s/s", r));
        differences(lines, "max-in-flight", run.maxInFlight(), own.maxInFlight(), String::valueOf);
        if (!run.pollInterval().equals(own.pollInterval())) {
            lines.add("--poll-interval " + run.pollInterval().toMillis() + "ms (this worker: "
                    + own.pollInterval().toMillis() + "ms)");
        }
        return lines;
    }

    private static <T> void differences(List<String> lines, String setting, Map<String, T> run, Map<String, T> own,
                                        Function<T, String> format) {
        run.forEach((id, value) -> {
            T mine = own.get(id);
            if (mine != null && !mine.equals(value)) {
                lines.add(option(id, setting) + " " + format.apply(value) + " (this worker: " + format.apply(mine) + ")");
            }
        });
    }

    /** A provider's option: A2E's {@code --rate-limit}, another's {@code --kie-rate-limit}. */
    private static String option(String provider, String setting) {
        return provider.equals(FamilyCatalog.everyProvider().providers().get(0).id()) ? "--" + setting
                : ProviderProperties.option(provider, setting);
    }
}
