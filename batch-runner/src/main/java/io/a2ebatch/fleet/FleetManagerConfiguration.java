package io.a2ebatch.fleet;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.jms.ConnectionFactory;

import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.job.CurrentRun;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.RunSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;

/**
 * {@code run --partitions N}: the job's execute step becomes a remote-partitioning manager step. It
 * splits the pass into N {@link io.a2ebatch.run.KeySlice}s, sends one request per partition to the
 * broker's queue, and polls the job repository for the partitions' end ({@link FleetPartitionHandler}:
 * nothing comes back over JMS, so a manager restarted after a crash finds the partitions where the
 * workers left them), failing at once when a partition fails, sending again a partition whose worker
 * died, and failing the run clearly after a finite timeout.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${a2e.fleet.partitions:0} > 0")
public class FleetManagerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FleetManagerConfiguration.class);

    /** The workers' step, as the requests name it. */
    public static final String WORKER_STEP = "executePartition";

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, ConnectionFactory fleetConnectionFactory) {
        return IntegrationFlow.from(partitionRequests)
                .handle(Jms.outboundAdapter(fleetConnectionFactory).destination(FleetProperties.QUEUE))
                .get();
    }

    /** Replaces the job's local execute step (same name, so a pass resumes whichever way it started). */
    @Bean
    Step executeStep(JobRepository jobRepository, DirectChannel partitionRequests, FleetProperties fleet,
                     CurrentRun run, RunLeases runLeases, RunSettings ownRunSettings, LeaseProperties lease,
                     Ledger ledger, ObjectProvider<FleetRates> fleetRates) {
        return new StepBuilder("execute", jobRepository)
                .partitioner(WORKER_STEP, new RunPartitioner(run::pass, ownRunSettings))
                .partitionHandler(new FleetPartitionHandler(partitionRequests, jobRepository, runLeases, fleet,
                        lease.heartbeat().multipliedBy(2), ledger, () -> run.pass().runId()))
                .listener(new ManagerStepListener(fleet, run, runLeases, jobRepository, ownRunSettings,
                        Optional.ofNullable(fleetRates.getIfAvailable())))
                .build();
    }

    /** The partitions' step executions as their workers left them in the job repository. */
    private static List<StepExecution> partitions(StepExecution manager, JobRepository jobRepository) {
        return jobRepository.getJobExecution(manager.getJobExecutionId()).getStepExecutions().stream()
                .filter(e -> e.getStepName().startsWith(WORKER_STEP + ":")).toList();
    }

    /**
     * Why each failed partition failed: the first line of what its worker recorded (of each partition's
     * last step execution: one marked failed because its worker died was sent again).
     */
    private static String failures(List<StepExecution> partitions) {
        return partitions.stream().collect(Collectors.toMap(StepExecution::getStepName, p -> p,
                        (a, b) -> a.getId() > b.getId() ? a : b)).values().stream()
                .filter(p -> p.getStatus() == BatchStatus.FAILED)
                .map(p -> PartitionFigures.describe(p) + " — " + p.getExitStatus().getExitDescription().lines()
                        .findFirst().orElse("no reason recorded"))
                .collect(Collectors.joining("; "));
    }

    /**
     * Before the partitions are sent, records on the run's lease that this manager split the run into N
     * partitions (workers take a partition only then, {@link RunLeases#tryAcquirePartition}); after, logs
     * each partition's figures and the fleet's, and replaces the polling manager's bare
     * {@code TimeoutException}, or Spring Batch's "unsuccessful step" of a failed partition, by what
     * happened and what to do (a stop, exit 3: rerunning sends the partitions that did not complete).
     */
    private record ManagerStepListener(FleetProperties fleet, CurrentRun run, RunLeases leases,
                                       JobRepository jobRepository, RunSettings settings,
                                       Optional<FleetRates> rates) implements StepExecutionListener {
        @Override
        public void beforeStep(StepExecution step) {
            if (!leases.announcePartitions(run.pass().lease(), fleet.partitions())) {
                throw new LeaseLostException("this process no longer owns the run '" + run.pass().runName()
                        + "' (its lease expired); no partition was sent");
            }
            // The fleet's buckets at this run's rates, whichever process created them at which rate.
            rates.ifPresent(r -> r.runBy(settings.rateLimits()));
        }

        @Override
        public ExitStatus afterStep(StepExecution step) {
            List<StepExecution> partitions = partitions(step, jobRepository);
            partitions.forEach(p -> log.info("{}", PartitionFigures.describe(p)));
            log.info("{}", PartitionFigures.describeFleet(partitions,
                    step.getExecutionContext().getLong(FleetPartitionHandler.PEAK_IN_FLIGHT, 0)));
            List<Throwable> failures = List.copyOf(step.getFailureExceptions());
            if (failures.isEmpty()) {
                return step.getExitStatus();
            }
            step.getFailureExceptions().clear();
            if (failures.stream().anyMatch(e -> e instanceof FleetStoppedException)) {
                failures.forEach(step::addFailureException);
            } else if (failures.stream().anyMatch(e -> e instanceof TimeoutException)) {
                step.addFailureException(new FleetStoppedException("not every partition ended within "
                        + fleet.timeout().toSeconds() + " s (a2e.fleet.timeout): no worker is running, or a worker"
                        + " died and no other took its partition over. Start workers (a2e-batch worker --broker "
                        + fleet.broker() + ") and run the same command again; partitions that ended are not run"
                        + " again.", failures.get(0)));
            } else if (!failures(partitions).isEmpty()) {
                step.addFailureException(new FleetStoppedException("partitions failed: " + failures(partitions)
                        + ". The details are in the workers' a2e-batch.log. Run the same command again; the"
                        + " partitions that did not complete are sent again.", failures.get(0)));
            } else {
                failures.forEach(step::addFailureException);
            }
            return step.getExitStatus();
        }
    }
}
