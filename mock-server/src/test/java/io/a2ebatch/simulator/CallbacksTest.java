package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Callbacks as kie.ai describes them: POSTed to the start request's {@code callBackUrl} when a task
 * finishes, retried up to 3 times when the receiver fails, dropped and duplicated at seeded rates,
 * never carrying the API token, and counted in the stats. The receiver is a real HTTP server on
 * loopback; waits are bounded by a deadline.
 */
class CallbacksTest {

    private static final String TOKEN = "sk_test_callbacks_0001";
    private static final TaskFamily ALEPH = FamilyCatalog.everyProvider().require("kie.aleph");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** A POST the receiver got. */
    private record Received(String path, Map<String, List<String>> headers, JsonNode body) {
    }

    private final MutableClock clock = MutableClock.atDocExample();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer receiver;
    private A2eSimulator sim;
    private ApiClient api;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    JSON.readTree(exchange.getRequestBody().readAllBytes())));
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        receiver.stop(0);
    }

    private void start(A2eSimulator.Builder builder) {
        sim = builder.tokens(TOKEN).clock(clock).dispatchStep(Duration.ofSeconds(1))
                .taskDuration(Duration.ofSeconds(10)).callbackRetryBackoff(Duration.ofMillis(10)).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
    }

    private URI callbackUrl(String row) {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + row);
    }

    private String startWithCallback(String row) {
        ApiClient.Reply reply = api.start(ALEPH, "{\"prompt\":\"p\",\"videoUrl\":\"https://example.com/in.mp4\","
                + "\"callBackUrl\":\"" + callbackUrl(row) + "\"}");
        assertThat(reply.json().get("code").asInt()).as("%s", reply).isEqualTo(200);
        return reply.data().get("taskId").asString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitSettled() throws InterruptedException {
        await("every callback delivered or given up", () -> sim.stats().callbacks().pending() == 0);
    }

    @Test
    void postsThePagesPayloadWhenATaskFinishesWithoutTheApiToken() throws InterruptedException {
        start(A2eSimulator.builder().seed(3));
        String id = startWithCallback("row-1");
        clock.advance(Duration.ofSeconds(5));
        Thread.sleep(100);
        assertThat(received).as("no callback before the task finished").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        awaitSettled();

        assertThat(received).hasSize(1);
        Received callback = received.get(0);
        assertThat(callback.path()).isEqualTo("/hook/row-1");
        assertThat(callback.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(callback.body().toString()).doesNotContain(TOKEN);
        JsonNode payload = callback.body();
        assertThat(payload.get("code").asInt()).isEqualTo(200);
        assertThat(payload.get("msg").asString()).isEqualTo("success");
        assertThat(payload.get("taskId").asString()).isEqualTo(id);
        JsonNode record = api.detail(ALEPH, id).data();
        assertThat(payload.get("data").get("result_video_url").asString())
                .isEqualTo(record.get("response").get("resultVideoUrl").asString());
        assertThat(payload.get("data").get("result_image_url").asString())
                .isEqualTo(record.get("response").get("resultImageUrl").asString());
        assertThat(payload.get("data").get("task_id").asString()).isEqualTo(id);
        assertThat(ALEPH.provider().callbacks().orElseThrow().taskId(payload)).contains(id);
        assertThat(sim.stats().callbacks()).isEqualTo(new CallbackStats(1, 0, 0, 0, 0, 0));
        JsonNode stats = api.get("/__a2e/stats").json().get("callbacks");
        assertThat(stats.get("sent").asInt()).isEqualTo(1);
        assertThat(stats.propertyNames()).containsExactly("sent", "failed", "retried", "dropped", "duplicated",
                "pending");
    }

    @Test
    void aFailedTaskCallsBackWithItsErrorCodeAndMessageAndNoData() throws InterruptedException {
        start(A2eSimulator.builder().seed(3).failureRate(1.0));
        String id = startWithCallback("row-2");
        clock.advance(Duration.ofSeconds(15));
        awaitSettled();

        JsonNode payload = received.get(0).body();
        JsonNode record = api.detail(ALEPH, id).data();
        assertThat(payload.get("code").asInt()).isEqualTo(record.get("errorCode").asInt()).isNotEqualTo(200);
        assertThat(payload.get("msg").asString()).isEqualTo(record.get("errorMessage").asString());
        assertThat(payload.get("data").isNull()).isTrue();
        assertThat(ALEPH.provider().callbacks().orElseThrow().reportsSuccess(payload)).isFalse();
    }

    @Test
    void retriesAFailingReceiverUpToThreeTimesThenGivesUp() throws InterruptedException {
        start(A2eSimulator.builder().seed(3));
        failuresLeft.set(Integer.MAX_VALUE);
        startWithCallback("row-3");
        clock.advance(Duration.ofSeconds(15));
        awaitSettled();

        assertThat(received).hasSize(4);
        assertThat(sim.stats().callbacks()).isEqualTo(new CallbackStats(0, 1, 3, 0, 0, 0));
    }

    @Test
    void aReceiverThatRecoversGetsTheCallbackOnARetry() throws InterruptedException {
        start(A2eSimulator.builder().seed(3));
        failuresLeft.set(2);
        startWithCallback("row-4");
        clock.advance(Duration.ofSeconds(15));
        awaitSettled();

        assertThat(received).hasSize(3);
        assertThat(received).extracting(r -> r.body().toString()).containsOnly(received.get(0).body().toString());
        assertThat(sim.stats().callbacks()).isEqualTo(new CallbackStats(1, 0, 2, 0, 0, 0));
    }

    @Test
    void dropsAndDuplicatesAtTheConfiguredRatesRepeatablyForASeed() throws InterruptedException {
        CallbackStats first = runWithLosses(41);
        int firstReceived = received.size();
        assertThat(first.dropped()).isBetween(1L, 29L);
        assertThat(first.duplicated()).isBetween(1L, 29L);
        assertThat(first.sent()).isEqualTo(firstReceived).isEqualTo(40 - first.dropped() + first.duplicated());
        sim.close();
        received.clear();
        CallbackStats again = runWithLosses(41);
        assertThat(again).isEqualTo(first);
    }

    private CallbackStats runWithLosses(long seed) throws InterruptedException {
        start(A2eSimulator.builder().seed(seed).maxProcessing(100).callbackDropRate(0.3).callbackDuplicateRate(0.2)
                .callbackDelay(DurationRange.between(Duration.ZERO, Duration.ofMillis(30))).callbackReorder(true));
        for (int i = 0; i < 40; i++) {
            startWithCallback("row-" + i);
        }
        clock.advance(Duration.ofSeconds(15));
        awaitSettled();
        return sim.stats().callbacks();
    }

    @Test
    void a2eTasksNeverCallBack() throws InterruptedException {
        start(A2eSimulator.builder().seed(3));
        TaskFamily i2v = FamilyCatalog.bundled().require("userImage2Video");
        api.startOk(i2v, SampleBodies.validJsonWith(i2v, "row-5", Map.of("callBackUrl", callbackUrl("row-5").toString())));
        clock.advance(Duration.ofSeconds(15));
        Thread.sleep(100);

        assertThat(received).isEmpty();
        assertThat(sim.stats().callbacks()).isEqualTo(CallbackStats.NONE);
    }
}
