package io.a2ebatch.contract.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.CallbackShape;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every answer the simulator gives for kie.ai's Runway Aleph — successes and each body code — and
 * every callback it POSTs conform to the vendored Aleph document ({@code kie/aleph.openapi.json}):
 * requests and answers checked by swagger-request-validator, callback payloads against the
 * document's {@code AlephCallback} schema. The payload names its task both where the schema says
 * (top-level {@code taskId}) and where the page's sample code reads it ({@code data.task_id}); the
 * descriptor's {@link CallbackShape} finds it either way.
 */
class AlephResponseConformanceTest {

    private static final String TOKEN = "sk_test_aleph_contract_01";
    private static final TaskFamily ALEPH = FamilyCatalog.everyProvider().require("kie.aleph");
    private static final String DOCUMENT = ApiSpec.bundled(ALEPH.provider().specResource()).text();
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(DOCUMENT).build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> callbacks = new CopyOnWriteArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private HttpServer receiver;
    private A2eSimulator simulator;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            callbacks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        simulator = A2eSimulator.builder().tokens(TOKEN).seed(12).dispatchStep(Duration.ZERO)
                .taskDuration(Duration.ofMillis(50)).start();
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.stop(0);
    }

    @Test
    void everyAnswerAndEveryBodyCodeConformToTheAlephDocument() throws Exception {
        String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/aleph";
        JsonNode started = exchange("POST", "/api/v1/aleph/generate", TOKEN, "{\"prompt\":\"ink\",\"videoUrl\":"
                + "\"https://example.com/in.mp4\",\"aspectRatio\":\"9:16\",\"seed\":7,\"callBackUrl\":\"" + callbackUrl
                + "\"}", true);
        String taskId = started.get("data").get("taskId").asString();
        awaitDone(taskId);
        exchange("GET", "/api/v1/aleph/record-info?taskId=" + taskId, TOKEN, null, true);
        exchange("GET", "/api/v1/aleph/record-info?taskId=unknown", TOKEN, null, false);
        exchange("POST", "/api/v1/aleph/generate", TOKEN, "{\"videoUrl\":\"https://example.com/in.mp4\"}", false);
        exchange("POST", "/api/v1/aleph/generate", TOKEN,
                "{\"prompt\":\"p\",\"videoUrl\":\"https://example.com/blocked-451/in.mp4\"}", false);
        exchange("POST", "/api/v1/aleph/generate", null, "{\"prompt\":\"p\",\"videoUrl\":\"https://example.com/a.mp4\"}",
                false);
        simulator.update(c -> c.maintenance(true));
        exchange("GET", "/api/v1/aleph/record-info?taskId=" + taskId, TOKEN, null, false);
        simulator.update(c -> c.maintenance(false).rateLimit(1));
        exchange("GET", "/api/v1/aleph/record-info?taskId=" + taskId, TOKEN, null, true);
        exchange("GET", "/api/v1/aleph/record-info?taskId=" + taskId, TOKEN, null, false);

        assertThat(problems).as("departures from %s", ALEPH.provider().specResource()).isEmpty();
        assertThat(simulator.stats().responses(422) + simulator.stats().responses(451) + simulator.stats().responses(401)
                + simulator.stats().responses(404) + simulator.stats().responses(455) + simulator.stats().responses(429))
                .as("each body code answered once").isEqualTo(6);
    }

    @Test
    void callbackPayloadsConformToTheDocumentAndNameTheirTaskBothWays() throws Exception {
        String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/aleph";
        String ok = start(callbackUrl);
        simulator.update(c -> c.failureRate(1.0));
        String failed = start(callbackUrl);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (callbacks.size() < 2) {
            assertThat(System.nanoTime()).as("waiting for two callbacks").isLessThan(deadline);
            Thread.sleep(20);
        }

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIParser().readContents(DOCUMENT, null, options).getOpenAPI();
        SchemaValidator schemas = new SchemaValidator(api, new MessageResolver());
        CallbackShape shape = ALEPH.provider().callbacks().orElseThrow();
        List<String> ids = new ArrayList<>();
        for (String payload : callbacks) {
            ValidationReport report = schemas.validate(payload,
                    api.getComponents().getSchemas().get("AlephCallback"), "callback");
            assertThat(report.getMessages()).as("AlephCallback schema: %s", payload).isEmpty();
            JsonNode json = JSON.readTree(payload);
            ids.add(shape.taskId(json).orElseThrow());
            if (shape.reportsSuccess(json)) {
                assertThat(json.get("data").get("task_id").asString()).as("the page's sample code's place")
                        .isEqualTo(json.get("taskId").asString());
            }
        }
        assertThat(ids).containsExactlyInAnyOrder(ok, failed);
    }

    private String start(String callbackUrl) throws Exception {
        JsonNode answer = exchange("POST", "/api/v1/aleph/generate", TOKEN, "{\"prompt\":\"p\",\"videoUrl\":"
                + "\"https://example.com/in.mp4\",\"callBackUrl\":\"" + callbackUrl + "\"}", true);
        return answer.get("data").get("taskId").asString();
    }

    private void awaitDone(String taskId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (exchange("GET", "/api/v1/aleph/record-info?taskId=" + taskId, TOKEN, null, true)
                .get("data").get("successFlag").asInt() != 1) {
            assertThat(System.nanoTime()).as("waiting for task %s", taskId).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Sends one request, checks request and answer against the document, and returns the answer's JSON. */
    private JsonNode exchange(String method, String pathAndQuery, String token, String body, boolean success)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        SimpleRequest.Builder recorded = new SimpleRequest.Builder(method, pathAndQuery.replaceAll("\\?.*", ""));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
            recorded.withHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            recorded.withHeader("Content-Type", "application/json").withBody(body);
        }
        URI uri = URI.create(pathAndQuery);
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                recorded.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("kie.ai answers HTTP 200: %s", response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("code").asInt() == 200).as("success expected: %s", response.body()).isEqualTo(success);
        Request req = recorded.build();
        ValidationReport report = VALIDATOR.validate(req, SimpleResponse.Builder.status(200)
                .withContentType("application/json").withBody(response.body()).build());
        for (ValidationReport.Message message : report.getMessages()) {
            boolean badRequestOnPurpose = !success && message.getKey().startsWith("validation.request");
            if (message.getLevel() == ValidationReport.Level.ERROR && !badRequestOnPurpose) {
                problems.add(method + " " + pathAndQuery + ": " + message.getKey() + " " + message.getMessage()
                        + " in " + response.body());
            }
        }
        return json;
    }
}
