package io.a2ebatch.fleet;

import java.util.Optional;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;

import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.job.ExecuteTasklet;
import io.a2ebatch.job.PartitionRuns;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;

/**
 * A fleet's worker ({@code a2e-batch worker}, or the workers of {@code --workers-in-process}): takes
 * partition requests from the broker's queue and runs each as the execute step's engine restricted to
 * the partition's rows, under the partition's lease ({@link LeasedPartitionRuns}).
 * <p>
 * A request is acknowledged only once its partition has ended (client acknowledgement after the
 * listener returns): when a worker is killed mid-partition the broker hands the request to another
 * worker, which waits for the dead worker's partition lease to expire, settles the rows left in doubt
 * by looking them up, and carries on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${a2e.fleet.worker:false} or ${a2e.fleet.workers-in-process:false}")
public class FleetWorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FleetWorkerConfiguration.class);

    @Bean
    DirectChannel partitionRequestsIn() {
        return new DirectChannel();
    }

    /** One consumer per partition in process; one per worker process, which runs one partition at a time. */
    @Bean
    IntegrationFlow partitionRequestsFromBroker(ConnectionFactory fleetConnectionFactory,
                                                DirectChannel partitionRequestsIn, FleetProperties fleet,
                                                JobRepository jobRepository) {
        int consumers = fleet.workersInProcess() ? Math.max(1, fleet.partitions()) : 1;
        return IntegrationFlow.from(Jms.messageDrivenChannelAdapter(fleetConnectionFactory)
                        .destination(FleetProperties.QUEUE)
                        .configureListenerContainer(container -> container
                                .sessionAcknowledgeMode(Session.CLIENT_ACKNOWLEDGE)
                                .concurrentConsumers(consumers)
                                .maxConcurrentConsumers(consumers)))
                .filter(StepExecutionRequest.class, request -> stillToRun(request, jobRepository))
                .channel(partitionRequestsIn)
                .get();
    }

    /**
     * Whether a request's partition is still to be run: not one that ended (the broker hands a dead
     * worker's request to another; the manager may meanwhile have marked it failed and sent a new one).
     */
    private static boolean stillToRun(StepExecutionRequest request, JobRepository jobRepository) {
        StepExecution step = jobRepository.getStepExecution(request.getStepExecutionId());
        if (step == null || step.getStatus() == BatchStatus.STARTING || step.getStatus() == BatchStatus.STARTED) {
            return true;
        }
        log.info("Skipping {} ({}): it already ended, {}", PartitionFigures.describe(step), request,
                step.getStatus());
        return false;
    }

    @Bean
    Step executePartition(JobRepository jobRepository, DirectChannel partitionRequestsIn,
                          ExecuteTasklet executeTasklet, BeanFactory beanFactory, RunLeases runLeases) {
        return new RemotePartitioningWorkerStepBuilder(FleetManagerConfiguration.WORKER_STEP, jobRepository)
                .inputChannel(partitionRequestsIn)
                .beanFactory(beanFactory)
                .tasklet(executeTasklet, new ResourcelessTransactionManager())
                .listener(executeTasklet)
                .listener(new PartitionFigures(runLeases.host()))
                .build();
    }

    @Bean
    PartitionRuns partitionRuns(RunLeases runLeases, LeaseProperties lease, Ledger ledger, RunControl control,
                                RunSettings ownRunSettings, ObjectProvider<FleetRates> fleetRates) {
        return new LeasedPartitionRuns(runLeases, lease, ledger, control, ownRunSettings,
                Optional.ofNullable(fleetRates.getIfAvailable()));
    }
}
