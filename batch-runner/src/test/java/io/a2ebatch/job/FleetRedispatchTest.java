package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.fleet.FleetProperties;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.simulator.A2eSimulator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The manager sends a partition again when its worker died: this test plays the worker, which takes
 * the partition's request from the broker, starts its step and takes its lease, then dies (never
 * renews it). The manager marks that step execution failed and sends a new one; when that worker dies
 * too and no re-dispatch is left ({@code a2e.fleet.max-redispatches=1}), the run stops (exit 3) saying
 * so, without waiting for its timeout.
 */
class FleetRedispatchTest {

    @TempDir
    Path dir;

    @Test
    void aPartitionWhoseWorkerDiedIsSentAgainUpToTheLimitThenTheRunStops() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 5, 3, "userText2Image");
        String runName = manifest.toFile().getCanonicalPath();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (EmbeddedBroker broker = EmbeddedBroker.start(); FreshPostgres pg = FreshPostgres.create();
             A2eSimulator sim = RunnerHarness.simulator().start()) {
            List<String> args = new ArrayList<>(List.of("--partitions", "1", "--broker", broker.url(),
                    "--fleet-timeout", "2m", "--no-reconcile", "--a2e.fleet.poll-interval=200ms",
                    "--a2e.fleet.max-redispatches=1", "--a2e.lease.ttl=5s", "--a2e.lease.heartbeat=500ms"));
            args.addAll(pg.runnerOptions());
            Future<RunnerHarness.Result> manager = runner.submit(() ->
                    harness.run(manifest, sim, args.toArray(String[]::new)));
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(pg.url(), "a2e", "a2e"));
            RunLeases deadWorker = new RunLeases(jdbc, Duration.ofSeconds(1));
            List<Long> requested = new ArrayList<>();

            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
            factory.setDeserializationAllowList("org.springframework.batch.integration.partition,java.lang,java.util");
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer requests = session.createConsumer(session.createQueue(FleetProperties.QUEUE));
                for (int worker = 1; worker <= 2; worker++) {
                    Message message = requests.receive(Duration.ofMinutes(1).toMillis());
                    assertThat(message).as("request " + worker).isNotNull();
                    long step = ((StepExecutionRequest) ((ObjectMessage) message).getObject()).getStepExecutionId();
                    requested.add(step);
                    jdbc.update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', START_TIME = CURRENT_TIMESTAMP"
                            + " WHERE STEP_EXECUTION_ID = ?", step);
                    assertThat(deadWorker.tryAcquirePartition(runName, new KeySlice(0, 1))).isPresent();
                }
            }
            RunnerHarness.Result r = manager.get(2, TimeUnit.MINUTES);

            assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(requested).as("a new step execution was sent").doesNotHaveDuplicates();
            assertThat(r.all()).contains("partition 1 of 1 lost its worker 2 times (a2e.fleet.max-redispatches 1)")
                    .contains("run the same command again");
            assertThat(jdbc.queryForObject("SELECT STATUS FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = ?",
                    String.class, requested.get(0))).isEqualTo("FAILED");
            assertThat(jdbc.queryForObject("SELECT EXIT_MESSAGE FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = ?",
                    String.class, requested.get(0))).contains("its worker died");
            assertThat(sim.stats().tasksCreated()).isZero();
        } finally {
            runner.shutdownNow();
        }
    }
}
