package io.a2ebatch.contract.behaviour;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.FaultProxy;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 402 (no credits) and a 401 (token rejected) stop the whole run with exit code 3 and nothing
 * more is started; the same manifest run again resumes it, and no row ever gets a second task.
 * (A run killed with SIGKILL is the batch-runner's own crash test; here the run stops in-process.)
 */
@ExtendWith(ContractExtension.class)
class StopAndResumeContractTest {

    @Test
    void runningOutOfCreditsStopsTheRunWithExit3AndTheResumeCreatesNoSecondTask(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.credits(50).taskCost(10));
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("credits.csv", Manifests.rows(12, "userText2Image"));

        int submitters = 2;

        RunnerDriver.Result stopped = runner.run(manifest, simulator.baseUrl(), "--submit-concurrency",
                String.valueOf(submitters));

        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        assertThat(stopped.code().code()).isEqualTo(3);
        assertThat(stopped.out()).contains("credits exhausted");
        assertThat(simulator.stats().tasksCreated()).isEqualTo(5);
        assertNoWorkerStartedAfterItsOwn(402, scenario.traffic().fromClient(), submitters);

        simulator.addCredits(scenario.token(), 1_000);
        RunnerDriver.Result resumed = runner.run(manifest, simulator.baseUrl());

        assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.SUCCESS);
        assertOneTaskPerRow(simulator.stats(), manifest);
    }

    @Test
    void aTokenRevokedMidRunStopsTheRunWithExit3AndTheResumeCreatesNoSecondTask(Scenario scenario) throws Exception {
        AtomicReference<A2eSimulator> running = new AtomicReference<>();
        AtomicInteger created = new AtomicInteger();
        A2eSimulator simulator = scenario.simulator(b -> b.errorRate(0.15).faultRate(0.05).seed(31).listener(e -> {
            if (e.operation() == SimulatorOperation.START && e.status() == 200 && created.incrementAndGet() == 6) {
                running.get().setTokenEnabled(scenario.token(), false);
            }
        }));
        running.set(simulator);
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("revoked.csv", Manifests.rows(16, "userText2Image", "userImage2Video"));

        int submitters = 4;

        RunnerDriver.Result stopped = runner.run(manifest, simulator.baseUrl(), "--submit-concurrency",
                String.valueOf(submitters));

        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        assertThat(stopped.out()).contains("API token rejected");
        assertNoWorkerStartedAfterItsOwn(401, scenario.traffic().fromClient(), submitters);
        assertThat(simulator.stats().tasksCreated()).as("tasks created before the token was revoked")
                .isBetween(6L, 15L);

        simulator.setTokenEnabled(scenario.token(), true);
        RunnerDriver.Result resumed = runner.run(manifest, simulator.baseUrl());

        assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.SUCCESS);
        assertOneTaskPerRow(simulator.stats(), manifest);
    }

    /**
     * A start request ends in a 5xx and the look-up by name that must follow is answered 401: the
     * run stops as {@code AUTH_REJECTED}, with the row left in doubt for the next run, instead of
     * starting (and looking up) further rows with a token A2E has rejected. Here the proxy answers
     * every start with a 503 that created nothing and the revoked token makes the simulator answer
     * the look-ups 401. (This test found the bug when the submitter went on to the next row.)
     */
    @Test
    void aTokenRejectedWhileLookingUpAStartInDoubtStopsTheRunToo(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator();
        FaultProxy proxy = scenario.faultProxy(simulator);
        TaskFamily family = FamilyCatalog.bundled().require("userText2Image");
        proxy.answer(post(urlPathEqualTo(family.start().path())).atPriority(1)
                .willReturn(FaultProxy.error(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable")));
        simulator.setTokenEnabled(scenario.token(), false);
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("doubt-then-401.csv", Manifests.rows(5, "userText2Image"));

        RunnerDriver.Result stopped = runner.run(manifest, proxy.baseUrl(), "--submit-concurrency", "1");

        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        // One submit worker: it sent the start, then the look-up, so nothing it sends after the 401 is
        // still on its way from before — counted in the proxy's order of arrival, not timed.
        List<FaultProxy.Received> received = proxy.received().stream()
                .sorted(Comparator.comparing(FaultProxy.Received::at)).toList();
        FaultProxy.Received firstRejection = received.stream().filter(r -> r.status() == 401).findFirst()
                .orElseThrow(() -> new AssertionError("no look-up was answered 401: " + received));
        assertThat(received.subList(received.indexOf(firstRejection) + 1, received.size()))
                .filteredOn(r -> r.method().equals("POST") && r.path().equals(family.start().path()))
                .as("starts sent after the look-up was answered 401 at %s", firstRejection.at())
                .isEmpty();
        assertThat(stopped.out()).as("the run says the token was rejected").contains("API token rejected");
    }

    /**
     * No submit worker sent a start after one of its own starts was answered {@code status}: counted,
     * not timed. A worker reads each answer before it sends its next request, so however slowly a
     * loaded machine delivers requests, each of the {@code submitters} workers may get that answer to
     * a start at most once — the start it had on its way when the run was told to stop. A runner that
     * went on starting rows would collect one such answer per remaining row.
     */
    private static void assertNoWorkerStartedAfterItsOwn(int status, List<Interaction> client, int submitters) {
        List<Interaction> refused = Calls.of(client, OperationIndex.Role.START).stream()
                .filter(i -> i.status() == status).toList();
        assertThat(refused).as("starts answered %d (%d submit workers, each may have one on its way)", status,
                submitters).hasSizeLessThanOrEqualTo(submitters);
    }

    /** Every row of the manifest has exactly one task, named after its key and the run. */
    private static void assertOneTaskPerRow(SimulatorStats stats, Path manifest) throws IOException {
        List<String> keys = CSVFormat.RFC4180.builder().setHeader().get()
                .parse(new StringReader(Files.readString(manifest))).stream().map(r -> r.get("key")).toList();
        assertThat(stats.tasksCreated()).isEqualTo(keys.size());
        for (String key : keys) {
            assertThat(stats.tasksByName().entrySet()).as("tasks of row %s", key)
                    .filteredOn(e -> e.getKey().startsWith(key + " [a2e ")).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(1));
        }
    }
}
