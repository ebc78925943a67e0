package io.a2ebatch.contract.behaviour;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.FaultProxy;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which failures the runner tries again: a 400 or 403 never (the request itself is wrong); a read
 * that failed with a 5xx or a dropped connection at once, with backoff; a start request only when it
 * provably created nothing: after a 429, or after the family's list showed no task of its name.
 */
@ExtendWith(ContractExtension.class)
class RetryContractTest {

    @Test
    void aStartAnswered400Or403IsNotSentAgainAndFailsOnlyItsRow(Scenario scenario)
            throws Exception {
        A2eSimulator simulator = scenario.simulator();
        FaultProxy proxy = scenario.faultProxy(simulator);
        TaskFamily family = FamilyCatalog.bundled().require("userText2Image");
        proxy.answer(post(urlPathEqualTo(family.start().path())).atPriority(1)
                .withRequestBody(containing("\"rejected-400 [a2e "))
                .willReturn(FaultProxy.error(400, "INVALID_REQUEST", "prompt: is not allowed here")));
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("refused.csv", """
                key,type,prompt
                ok-1,userText2Image,a red bicycle
                rejected-400,userText2Image,a blue bicycle
                rejected-403,userText2Image,a child on https://example.com/a2e-moderation:minor.png
                ok-2,userText2Image,a green bicycle
                """);

        RunnerDriver.Result result = runner.run(manifest, proxy.baseUrl());

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
        Map<String, CSVRecord> rows = runner.resultRows();
        assertThat(rows.get("ok-1").get("status")).isEqualTo("completed");
        assertThat(rows.get("ok-2").get("status")).isEqualTo("completed");
        assertThat(rows.get("rejected-400").get("status")).isEqualTo("failed");
        assertThat(rows.get("rejected-400").get("error")).startsWith("400 INVALID_REQUEST");
        assertThat(rows.get("rejected-403").get("status")).isEqualTo("failed");
        assertThat(rows.get("rejected-403").get("error")).startsWith("403 1003");
        assertThat(startsNamed(proxy, "rejected-400")).as("starts of the row answered 400").hasSize(1);
        assertThat(startsNamed(proxy, "rejected-403")).as("starts of the row answered 403").hasSize(1);
        // The one list read before any start is the fresh-state reconcile (the run is new to its job repository).
        List<FaultProxy.Received> received = proxy.received();
        int firstStart = 0;
        while (firstStart < received.size() && !received.get(firstStart).path().equals(family.start().path())) {
            firstStart++;
        }
        assertThat(received.subList(firstStart, received.size())).as("no look-up: a 400 or 403 created nothing")
                .noneMatch(r -> r.method().equals("GET") && r.path().equals(family.list().orElseThrow().path()));
    }

    @Test
    void aReadThatFailsWith5xxOrADroppedConnectionIsSentAgainWithoutWaitingForTheNextPoll(
            Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator();
        FaultProxy proxy = scenario.faultProxy(simulator);
        String batchDetail = FamilyCatalog.bundled().require("userUpscale").batchDetail().orElseThrow().path();
        proxy.answer(post(urlPathEqualTo(batchDetail)).atPriority(1).inScenario("reads")
                .whenScenarioStateIs(STARTED)
                .willReturn(FaultProxy.error(500, "INTERNAL_ERROR", "Internal server error"))
                .willSetStateTo("dropping"));
        proxy.answer(post(urlPathEqualTo(batchDetail)).atPriority(1).inScenario("reads")
                .whenScenarioStateIs("dropping")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("through"));
        RunnerDriver runner = scenario.runner();
        Duration pollInterval = Duration.ofSeconds(3);
        Path manifest = runner.manifest("reads.csv", Manifests.rows(3, "userUpscale"));

        RunnerDriver.Result result = runner.run(manifest, proxy.baseUrl(), "--poll-interval", "3s");

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<FaultProxy.Received> reads = proxy.received().stream().filter(r -> r.path().equals(batchDetail)).toList();
        assertThat(reads).extracting(FaultProxy.Received::status).startsWith(500, 0, 200);
        assertThat(Duration.between(reads.get(0).at(), reads.get(2).at()))
                .as("both retries came well before the next poll would have")
                .isLessThan(pollInterval.dividedBy(2));
        assertThat(reads.get(1).body()).isEqualTo(reads.get(0).body());
        assertThat(reads.get(2).body()).isEqualTo(reads.get(0).body());
    }

    @Test
    void aStartThatMayHaveCreatedATaskIsLookedUpByNameBeforeItIsEverSentAgain(
            Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.errorRate(0.3).faultRate(0.1).seed(23));
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("doubt.csv", Manifests.rows(30, "userText2Image", "userImage2Video"));

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl());

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        SimulatorStats stats = simulator.stats();
        assertThat(stats.injectedOnStartTaskCreated()).as("starts that failed after creating their task").isPositive();
        assertThat(stats.injectedOnStartNoTask()).as("starts that failed before creating anything").isPositive();
        List<Interaction> client = scenario.traffic().fromClient();
        Map<String, List<Interaction>> startsByName = new LinkedHashMap<>();
        for (Interaction start : Calls.of(client, OperationIndex.Role.START)) {
            Calls.taskName(start).ifPresent(name -> startsByName.computeIfAbsent(name, k -> new ArrayList<>()).add(start));
        }
        assertThat(startsByName).hasSize(30);
        int resent = 0;
        for (var entry : startsByName.entrySet()) {
            assertThat(stats.tasksNamed(entry.getKey())).as("tasks named %s", entry.getKey()).isEqualTo(1);
            List<Interaction> starts = entry.getValue();
            for (int n = 1; n < starts.size(); n++) {
                Interaction previous = starts.get(n - 1);
                Interaction again = starts.get(n);
                assertThat(previous.status()).as("%s was sent again after %s", entry.getKey(), previous.summary())
                        .isIn(0, 429, 500, 503);
                if (previous.status() != 429) {
                    resent++;
                    assertThat(lookupsBetween(client, previous, again))
                            .as("list answers between %s and resending %s", previous.summary(), entry.getKey())
                            .isNotEmpty().allSatisfy(list -> assertThat(list.responseBodyText())
                                    .as("the look-up found no task of that name").doesNotContain(entry.getKey()));
                }
            }
        }
        assertThat(resent).as("starts sent again after a failure that created nothing").isPositive();
    }

    /** Answered list reads of the start's family that arrived after {@code failed} and before {@code again}. */
    private static List<Interaction> lookupsBetween(List<Interaction> client, Interaction failed, Interaction again) {
        String list = Calls.operation(failed).orElseThrow().family().list().orElseThrow().path();
        return client.stream().filter(i -> i.path().equals(list) && i.status() == 200
                && i.at().isAfter(failed.at()) && i.at().isBefore(again.at())).toList();
    }

    private static List<FaultProxy.Received> startsNamed(FaultProxy proxy, String key) {
        return proxy.received().stream().filter(r -> r.method().equals("POST") && r.body().contains("\"" + key + " [a2e "))
                .toList();
    }
}
