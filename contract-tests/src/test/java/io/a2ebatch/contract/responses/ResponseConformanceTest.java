package io.a2ebatch.contract.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Samples;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Every answer the simulator sends, to the runner's client and to deliberately bad requests, is
 * what A2E would send: the spec's operations and schemas, the doc pages' envelope and field names,
 * and the spec's {@code ErrorResponse} (plus {@code trace_id}) for every error, including statuses the
 * spec does not list for the operation.
 */
@ExtendWith(ContractExtension.class)
class ResponseConformanceTest {

    private static final FamilyCatalog CATALOG = FamilyCatalog.bundled();
    /** The suite's own requests: one client for all of them, not a selector thread per request. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyExchangeOfARunOverAllFamiliesConformsToTheSpecAndTheDocPages(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator();
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("all-families.csv", Samples.manifest(CATALOG.families()));

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl());

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<Interaction> client = scenario.traffic().fromClient();
        assertThat(client.stream().map(i -> ContractValidator.bundled().operations().resolve(i.method(), i.path()))
                .flatMap(Optional::stream).filter(op -> op.role() == OperationIndex.Role.START)
                .map(op -> op.family().name()).distinct()).as("a start of every family")
                .containsExactlyInAnyOrderElementsOf(CATALOG.families().stream().map(TaskFamily::name).toList());
        assertThat(client).as("records read back in every state the run saw")
                .anySatisfy(i -> assertThat(i.responseBodyText()).contains("\"current_status\":\"completed\""));
        ContractValidator.bundled().assertConform(client, scenario.token());
    }

    @Test
    void failedTasksCarryTheirReasonInTheDocumentedFieldsAndTheRunnerReportsIt(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.failureRate(1.0));
        RunnerDriver runner = scenario.runner();
        List<TaskFamily> families = List.of(CATALOG.require("userFaceSwapTask"), CATALOG.require("userImage2Video"),
                CATALOG.require("productAvatar"));
        Path manifest = runner.manifest("failing.csv", Samples.manifest(families));

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl());

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
        Map<String, CSVRecord> rows = runner.resultRows();
        assertThat(rows.values()).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("failed");
            assertThat(r.get("error")).as("the failure message and code A2E gave").matches(".+ \\(code [A-Z_]+\\)");
        });
        JsonNode faceSwap = lastRecord(scenario, "userFaceSwapTask");
        assertThat(faceSwap.path("current_status").asString()).isEqualTo("failed");
        assertThat(faceSwap.has("faild_message") && faceSwap.has("error_code")).as(faceSwap.toString()).isTrue();
        assertThat(faceSwap.has("failed_message") || faceSwap.has("failed_code")).as(faceSwap.toString()).isFalse();
        assertThat(rows.get("userFaceSwapTask-sample").get("error"))
                .contains(faceSwap.path("faild_message").asString()).contains(faceSwap.path("error_code").asString());
        JsonNode imageToVideo = lastRecord(scenario, "userImage2Video");
        assertThat(imageToVideo.path("failed_message").asString()).isNotBlank();
        assertThat(imageToVideo.path("failed_code").asString()).isNotBlank();
    }

    @Test
    void recordsUseTheFieldNamesOfTheDocPages(Scenario scenario) {
        URI baseUrl = scenario.baseUrl();
        A2eClient client = scenario.client(baseUrl);
        for (String name : List.of("userFaceSwapTask", "userImage2Video", "productAvatar")) {
            TaskFamily family = CATALOG.require(name);
            TaskRecord started = client.start(family, Samples.row(family).body());
            client.detail(family, started.id());
        }

        JsonNode faceSwap = lastRecord(scenario, "userFaceSwapTask");
        assertThat(faceSwap.propertyNames()).as("face swap, as docs/add-face-swap-task.txt shows it")
                .contains("_id", "name", "current_status", "result_url", "faild_message", "error_code", "createdAt")
                .doesNotContain("failed_message", "failed_code");
        assertThat(lastRecord(scenario, "userImage2Video").propertyNames())
                .as("image to video, as docs/get-image2video-task.txt shows it")
                .contains("_id", "name", "current_status", "coins", "createdAt", "failed_message", "failed_code",
                        "result_url")
                .doesNotContain("faild_message", "error_code");
        assertThat(lastRecord(scenario, "productAvatar").propertyNames()).as("productAvatar's spec names its result field")
                .contains("result_image_url");
    }

    @Test
    void everyErrorTheSimulatorSendsIsAnErrorResponseWithATraceIdWhateverTheStatus(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.credits(0));
        A2eSimulator limited = scenario.simulator(b -> b.rateLimit(1));
        A2eSimulator failing = scenario.simulator(b -> b.errorRate(1.0).seed(3));
        String bearer = "Bearer " + scenario.token();
        String i2v = "/api/v1/userImage2Video";
        String valid = Samples.row(CATALOG.require("userImage2Video")).body().toString();

        send(simulator, "POST", i2v + "/batchDetail", bearer, "{\"ids\":[]}");
        send(simulator, "GET", i2v + "/allRecords", null, null);
        send(simulator, "POST", i2v + "/start", bearer, valid);
        send(simulator, "POST", i2v + "/start", bearer, valid.replace("https://", "https://a2e-moderation:minor."));
        send(simulator, "GET", i2v + "/000000000000000000000000", bearer, null);
        send(simulator, "PUT", i2v + "/start", bearer, valid);
        send(simulator, "POST", "/api/v1/token/generate", bearer, "{}");
        send(simulator, "GET", "/api/v1/no/such/path", bearer, null);
        for (int i = 0; i < 3; i++) {
            send(limited, "GET", i2v + "/allRecords", bearer, null);
        }
        for (int i = 0; i < 8; i++) {
            send(failing, "GET", i2v + "/allRecords", bearer, null);
        }

        List<Interaction> answers = scenario.traffic().all();
        assertThat(answers).extracting(Interaction::status).contains(400, 401, 402, 403, 404, 405, 429, 500, 501, 503);
        assertThat(answers).filteredOn(i -> i.status() >= 400).allSatisfy(i ->
                assertThat(i.responseJson()).as(i.summary()).hasValueSatisfying(body -> {
                    assertThat(body.path("success").asBoolean(true)).isFalse();
                    assertThat(body.path("trace_id").asString()).isNotBlank();
                }));
        ContractValidator.bundled().assertConform(answers, scenario.token());
    }

    /** The record of the last answered read of a family's task, as sent on the wire. */
    private static JsonNode lastRecord(Scenario scenario, String family) {
        String prefix = "/api/v1/" + family + "/";
        List<JsonNode> records = scenario.traffic().all().stream()
                .filter(i -> i.path().startsWith(prefix) && i.status() == 200)
                .flatMap(i -> i.responseJson().stream())
                .map(body -> body.path("data").isArray() ? body.path("data").path(0) : body.path("data"))
                .filter(JsonNode::isObject).toList();
        assertThat(records).as("answered reads of %s", family).isNotEmpty();
        return records.get(records.size() - 1);
    }

    private static void send(A2eSimulator simulator, String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("User-Agent", Interaction.PROBE_USER_AGENT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
