package io.a2ebatch.job;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.schema.Violation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal stand-in for kie.ai's Runway Aleph, for the runner's tests until the simulator serves
 * Aleph: generate (body validated by the vendored document, 401 without the token, every answer HTTP
 * 200 with the status in the body's {@code code}), record-info with the {@code successFlag} record
 * and callbacks to {@code callBackUrl} when a task ends. Switches make a start create its task yet
 * answer 500 (a start in doubt), and make callbacks use either payload shape the callbacks page shows.
 * Loopback only; tasks end {@code taskTime} after their creation.
 */
final class AlephFake implements AutoCloseable {

    /** Where a callback payload names its task. */
    enum PayloadShape { TOP_LEVEL_TASK_ID, DATA_TASK_ID }

    private final TaskFamily aleph = FamilyCatalog.everyProvider().require("kie.aleph");
    private final HttpServer server;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String token;
    private final Duration taskTime;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Queue<Integer> nextStartAnswers = new ConcurrentLinkedQueue<>();
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> callbackStatuses = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger recordInfoReads = new AtomicInteger();
    private volatile PayloadShape shape = PayloadShape.TOP_LEVEL_TASK_ID;
    private volatile boolean duplicateCallbacks;
    private volatile boolean forgeries;

    /** One task: its request and when it ends. */
    record Task(String id, JsonNode request, long createdAt, long endsAt, boolean fails) {
    }

    AlephFake(String token, Duration taskTime) throws IOException {
        this.token = token;
        this.taskTime = taskTime;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/aleph/generate", this::generate);
        server.createContext("/api/v1/aleph/record-info", this::recordInfo);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next start requests create their task, then answer with these body codes (500: in doubt). */
    void answerNextStarts(Integer... codes) {
        nextStartAnswers.addAll(List.of(codes));
    }

    void payloadShape(PayloadShape shape) {
        this.shape = shape;
    }

    /** Every callback is sent twice. */
    void duplicateCallbacks() {
        duplicateCallbacks = true;
    }

    /** With every callback, one with a wrong signature and one naming another run are sent too. */
    void sendForgeries() {
        forgeries = true;
    }

    Map<String, Task> tasks() {
        return tasks;
    }

    /** Tasks created per value of a request field (e.g. per prompt). */
    long tasksWith(String field, String value) {
        return tasks.values().stream().filter(t -> value.equals(t.request().path(field).asString())).count();
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    List<Integer> callbackStatuses() {
        return List.copyOf(callbackStatuses);
    }

    int recordInfoReads() {
        return recordInfoReads.get();
    }

    private void generate(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "You do not have access permissions", null);
                return;
            }
            JsonNode body = SpecJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            List<Violation> violations = aleph.requestSchema().validate(body);
            if (!violations.isEmpty()) {
                answer(exchange, 422, violations.get(0).toString(), null);
                return;
            }
            if (body.path("videoUrl").asString().contains("unreachable")) {
                answer(exchange, 451, "Failed to fetch the video", null);
                return;
            }
            long now = System.currentTimeMillis();
            String id = UUID.randomUUID().toString();
            Task task = new Task(id, body, now, now + taskTime.toMillis(), body.path("prompt").asString().contains("fail"));
            tasks.put(id, task);
            timers.schedule(() -> callBack(task), taskTime.toMillis(), TimeUnit.MILLISECONDS);
            Integer forced = nextStartAnswers.poll();
            if (forced != null && forced != 200) {
                answer(exchange, forced, "Server Error", null);
                return;
            }
            ObjectNode data = SpecJson.MAPPER.createObjectNode().put("taskId", id);
            answer(exchange, 200, "success", data);
        }
    }

    private void recordInfo(HttpExchange exchange) throws IOException {
        try (exchange) {
            recordInfoReads.incrementAndGet();
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "You do not have access permissions", null);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String id = query == null || !query.startsWith("taskId=") ? ""
                    : URLDecoder.decode(query.substring("taskId=".length()), StandardCharsets.UTF_8);
            Task task = tasks.get(id);
            if (task == null) {
                answer(exchange, 404, "task not found", null);
                return;
            }
            answer(exchange, 200, "success", record(task));
        }
    }

    private ObjectNode record(Task task) {
        boolean ended = System.currentTimeMillis() >= task.endsAt();
        ObjectNode data = SpecJson.MAPPER.createObjectNode().put("taskId", task.id())
                .put("paramJson", task.request().toString()).put("createTime", "2026-01-01T00:00:00Z");
        if (!ended) {
            data.put("successFlag", 0).put("errorCode", 0).put("errorMessage", "").putNull("completeTime");
        } else if (task.fails()) {
            data.put("successFlag", 0).put("errorCode", 400).put("errorMessage", "moderated")
                    .put("completeTime", "2026-01-01T00:01:00Z");
        } else {
            data.put("successFlag", 1).put("errorCode", 0).put("errorMessage", "")
                    .put("completeTime", "2026-01-01T00:01:00Z");
            data.putObject("response").put("taskId", task.id())
                    .put("resultVideoUrl", "https://files.example/" + task.id() + ".mp4")
                    .put("resultImageUrl", "https://files.example/" + task.id() + ".png");
        }
        return data;
    }

    private void callBack(Task task) {
        String url = task.request().path("callBackUrl").asString("");
        if (url.isEmpty()) {
            return;
        }
        ObjectNode payload = SpecJson.MAPPER.createObjectNode().put("code", task.fails() ? 400 : 200)
                .put("msg", task.fails() ? "moderated" : "success");
        ObjectNode data = payload.putObject("data");
        if (!task.fails()) {
            data.put("result_video_url", "https://files.example/" + task.id() + ".mp4");
        }
        if (shape == PayloadShape.TOP_LEVEL_TASK_ID) {
            payload.put("taskId", task.id());
        } else {
            data.put("task_id", task.id());
        }
        // Forgeries first: the genuine callback may end the run, and its receiver with it.
        if (forgeries) {
            post(url.replaceAll("sig=[0-9a-f]+", "sig=00000000000000000000000000000000"), payload);
            post(url.replaceAll("run=[0-9a-f]+", "run=ffffffff"), payload);
        }
        post(url, payload);
        if (duplicateCallbacks) {
            post(url, payload);
        }
    }

    private void post(String url, JsonNode payload) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            callbackStatuses.add(response.statusCode());
        } catch (IOException e) {
            System.err.println("AlephFake: callback to " + url + " failed: " + e);
            callbackStatuses.add(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int code, String msg, JsonNode data) throws IOException {
        ObjectNode body = SpecJson.MAPPER.createObjectNode().put("code", code).put("msg", msg);
        if (data != null) {
            body.set("data", data);
        } else {
            body.putNull("data");
        }
        byte[] out = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        timers.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
