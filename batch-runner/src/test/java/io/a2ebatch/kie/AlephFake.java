package io.a2ebatch.kie;

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
 * Loopback only; tasks end {@code taskTime} after their creation, ten times later when their prompt
 * contains {@value #SLOW} (such a task gets no duplicate and no forged callbacks), and fail when it
 * contains "fail".
 */
public final class AlephFake implements AutoCloseable {

    /** Where a callback payload names its task. */
    public enum PayloadShape { TOP_LEVEL_TASK_ID, DATA_TASK_ID }

    /** Prompt marker of a task that takes ten times as long. */
    public static final String SLOW = "[slow]";

    private final TaskFamily aleph = FamilyCatalog.everyProvider().require("kie.aleph");
    private final HttpServer server;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String token;
    private final Duration taskTime;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Queue<Integer> nextStartAnswers = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> refusals = new ConcurrentLinkedQueue<>();
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> callbackStatuses = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger recordInfoReads = new AtomicInteger();
    private volatile PayloadShape shape = PayloadShape.TOP_LEVEL_TASK_ID;
    private volatile boolean duplicateCallbacks;
    private volatile boolean forgeries;
    private volatile java.util.concurrent.CountDownLatch held;
    private volatile int callbackAttempts = 1;
    private volatile Duration callbackRetryDelay = Duration.ZERO;
    private volatile Duration recordInfoDelay = Duration.ZERO;

    /** One task: its request and when it ends. */
    public record Task(String id, JsonNode request, long createdAt, long endsAt, boolean fails) {
    }

    public AlephFake(String token, Duration taskTime) throws IOException {
        this.token = token;
        this.taskTime = taskTime;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/aleph/generate", this::generate);
        server.createContext("/api/v1/aleph/record-info", this::recordInfo);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next start requests create their task, then answer with these body codes (500: in doubt). */
    public void answerNextStarts(Integer... codes) {
        nextStartAnswers.addAll(List.of(codes));
    }

    /** The next requests (start or record-info) are refused with these body codes; nothing is created. */
    public void refuseNext(Integer... codes) {
        refusals.addAll(List.of(codes));
    }

    public void payloadShape(PayloadShape shape) {
        this.shape = shape;
    }

    /**
     * Start requests create their task and then get no answer until {@link #releaseHeldStarts()}: the
     * window between a start request and the recording of its task id, held open.
     */
    public void holdStarts() {
        held = new java.util.concurrent.CountDownLatch(1);
    }

    public void releaseHeldStarts() {
        java.util.concurrent.CountDownLatch latch = held;
        held = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Every record-info answer waits {@code delay} first: a slow read of a task. */
    public void slowRecordInfo(Duration delay) {
        this.recordInfoDelay = delay;
    }

    /** A callback that is not answered 200 is sent again after {@code delay}, up to {@code attempts} times in all. */
    public void retryCallbacks(int attempts, Duration delay) {
        this.callbackAttempts = attempts;
        this.callbackRetryDelay = delay;
    }

    /** Every callback is sent twice. */
    public void duplicateCallbacks() {
        duplicateCallbacks = true;
    }

    /**
     * Before a task's first callback, forgeries are sent to its URL too: one with a wrong signature, one
     * naming another run, and, with the genuine URL, one naming a task that does not exist and one
     * naming a decoy task started with another callback URL.
     */
    public void sendForgeries() {
        forgeries = true;
    }

    public Map<String, Task> tasks() {
        return tasks;
    }

    /** Tasks created per value of a request field (e.g. per prompt). */
    public long tasksWith(String field, String value) {
        return tasks.values().stream().filter(t -> value.equals(t.request().path(field).asString())).count();
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public List<Integer> callbackStatuses() {
        return List.copyOf(callbackStatuses);
    }

    public int recordInfoReads() {
        return recordInfoReads.get();
    }

    private void generate(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "You do not have access permissions", null);
                return;
            }
            if (refused(exchange)) {
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
            String prompt = body.path("prompt").asString();
            long duration = taskTime.toMillis() * (prompt.contains(SLOW) ? 10 : 1);
            Task task = new Task(id, body, now, now + duration, prompt.contains("fail"));
            tasks.put(id, task);
            timers.schedule(() -> callBack(task, 1), duration, TimeUnit.MILLISECONDS);
            java.util.concurrent.CountDownLatch latch = held;
            if (latch != null) {
                try {
                    latch.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
            try {
                Thread.sleep(recordInfoDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "You do not have access permissions", null);
                return;
            }
            if (refused(exchange)) {
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

    private boolean refused(HttpExchange exchange) throws IOException {
        Integer code = refusals.poll();
        if (code == null) {
            return false;
        }
        answer(exchange, code, "refused with " + code, null);
        return true;
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

    private void callBack(Task task, int attempt) {
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
        boolean plain = !task.request().path("prompt").asString().contains(SLOW);
        if (forgeries && plain && attempt == 1) {
            post(url.replaceAll("sig=[0-9a-f]+", "sig=00000000000000000000000000000000"), payload);
            post(url.replaceAll("run=[0-9a-f]+", "run=ffffffff"), payload);
            post(url, naming(payload, "no-such-task"));
            post(url, naming(payload, decoy().id()));
        }
        if (post(url, payload) != 200 && attempt < callbackAttempts) {
            timers.schedule(() -> callBack(task, attempt + 1), callbackRetryDelay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (duplicateCallbacks && plain) {
            post(url, payload);
        }
    }

    private ObjectNode naming(ObjectNode payload, String taskId) {
        ObjectNode copy = payload.deepCopy();
        copy.put("taskId", taskId);
        if (copy.path("data").isObject()) {
            ((ObjectNode) copy.get("data")).put("task_id", taskId);
        }
        return copy;
    }

    /** A finished task that was started with another callback URL. */
    private synchronized Task decoy() {
        return tasks.computeIfAbsent("decoy", id -> new Task(id, SpecJson.MAPPER.createObjectNode()
                .put("prompt", "decoy").put("callBackUrl", "https://elsewhere.example/cb"), 0, 0, false));
    }

    /** Posts a callback; its HTTP status, 0 when no answer came. */
    private int post(String url, JsonNode payload) {
        int status = 0;
        try {
            status = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload.toString())).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbackStatuses.add(status);
        return status;
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
        releaseHeldStarts();
        server.stop(0);
        timers.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
