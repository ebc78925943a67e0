package io.a2ebatch.benchmarks.polling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.node.ObjectNode;

/**
 * Polling throughput of the simulator against a plain WireMock server with static stubs, on the same
 * kind of server (WireMock standalone, configured as the simulator's front is) and with the same HTTP
 * client (the JDK's, as {@link A2eClient#defaultHttpClient} builds it for the runner). The stubs answer
 * with the very bodies the simulator gave for the same requests, so both sides send the same bytes; what
 * differs is the simulator's work: authentication, rate-limit bookkeeping, routing, reading the task
 * store, deriving each status from the task's timeline, writing the JSON, counting and logging.
 * <p>
 * {@code server=simulator} is the measured side, {@code server=static-stub} the baseline. Client threads
 * run in the same JVM as the server and share the machine's cores with it, in both cases alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(PollingBenchmark.CLIENT_THREADS)
public class PollingBenchmark {

    /** The family polled; any other would do, the engine is generic. */
    static final String FAMILY = "userImage2Video";
    /** Tasks polled round robin by detail. */
    static final int TASKS = 1_000;
    /** Ids per batchDetail request: the runner's default batch size. */
    public static final int BATCH = 100;
    /** Client threads sending requests at once. */
    public static final int CLIENT_THREADS = 4;
    static final String TOKEN = "sk_test_benchmark_polling";

    /** {@code simulator} or {@code static-stub}. */
    @Param({"simulator", "static-stub"})
    public String server;

    private AutoCloseable running;
    private HttpClient http;
    private List<HttpRequest> details;
    private List<HttpRequest> batchDetails;

    @Setup
    public void start() throws IOException, InterruptedException {
        TaskFamily family = FamilyCatalog.bundled().require(FAMILY);
        http = A2eClient.defaultHttpClient(Duration.ofSeconds(5));
        A2eSimulator simulator = simulator();
        PolledTasks tasks = PolledTasks.create(http, simulator.baseUrl(), family, TASKS);
        if (server.equals("simulator")) {
            running = simulator;
            details = tasks.detailRequests(simulator.baseUrl());
            batchDetails = tasks.batchDetailRequests(simulator.baseUrl());
        } else if (server.equals("static-stub")) {
            // The stub repeats the simulator's own answers to the same requests: both send the same bytes.
            StaticStubServer stub = StaticStubServer.start(family,
                    StaticStubServer.Answer.of(send(http, tasks.detailRequests(simulator.baseUrl()).get(0))),
                    StaticStubServer.Answer.of(send(http, tasks.batchDetailRequests(simulator.baseUrl()).get(0))));
            simulator.close();
            running = stub;
            details = tasks.detailRequests(stub.baseUrl());
            batchDetails = tasks.batchDetailRequests(stub.baseUrl());
        } else {
            simulator.close();
            throw new IllegalArgumentException("server must be simulator or static-stub, got " + server);
        }
    }

    /** The simulator polled: {@value #TASKS} tasks may process at once, and they stay {@code processing}. */
    static A2eSimulator simulator() {
        return A2eSimulator.builder()
                .tokens(TOKEN)
                .credits(Long.MAX_VALUE / 2)
                .maxProcessing(TASKS)
                // Tasks stay `processing` throughout, the status a poll usually sees.
                .taskDuration(Duration.ofHours(1))
                .seed(1L)
                .start();
    }

    @TearDown
    public void stop() throws Exception {
        running.close();
    }

    /** Per-thread position in the request lists, so threads do not contend on a shared counter. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** One detail request, for the next task. */
    @Benchmark
    public int detail(Cursor cursor) throws IOException, InterruptedException {
        return send(details.get(cursor.next++ % details.size()));
    }

    /** One batchDetail request for {@value #BATCH} tasks. */
    @Benchmark
    public int batchDetail(Cursor cursor) throws IOException, InterruptedException {
        return send(batchDetails.get(cursor.next++ % batchDetails.size()));
    }

    /** Sends and reads the whole answer; a non-200 fails the run instead of being counted. */
    private int send(HttpRequest request) throws IOException, InterruptedException {
        return send(http, request).body().length();
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** The polling requests of a set of tasks, for any base URL. */
    static final class PolledTasks {

        private final TaskFamily family;
        private final List<String> ids;

        private PolledTasks(TaskFamily family, List<String> ids) {
            this.family = family;
            this.ids = ids;
        }

        /** Starts {@code count} tasks on the simulator with the runner's own client. */
        static PolledTasks create(HttpClient http, URI simulator, TaskFamily family, int count) {
            A2eClient client = new A2eClient(simulator, ApiToken.of(TOKEN), http, Duration.ofSeconds(10),
                    new RequestCounter());
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ObjectNode body = SpecJson.MAPPER.createObjectNode()
                        .put("name", "poll-" + i)
                        .put("image_url", "https://example.com/in/" + i + ".png")
                        .put("prompt", "the person is speaking, looking at the camera");
                ids.add(client.start(family, body).id());
            }
            return new PolledTasks(family, ids);
        }

        List<HttpRequest> detailRequests(URI base) {
            List<HttpRequest> requests = new ArrayList<>(ids.size());
            for (String path : detailPaths()) {
                requests.add(request(base, path).GET().build());
            }
            return requests;
        }

        /** {@code {"ids":[...]}} for each run of {@value #BATCH} tasks. */
        List<String> batchDetailBodies() {
            List<String> bodies = new ArrayList<>();
            for (int from = 0; from + BATCH <= ids.size(); from += BATCH) {
                bodies.add("{\"ids\":[\"" + String.join("\",\"", ids.subList(from, from + BATCH)) + "\"]}");
            }
            return bodies;
        }

        String batchDetailPath() {
            return family.batchDetail().orElseThrow().path();
        }

        List<String> detailPaths() {
            return ids.stream().map(id -> family.detail().path(id)).toList();
        }

        List<HttpRequest> batchDetailRequests(URI base) {
            List<HttpRequest> requests = new ArrayList<>();
            for (String body : batchDetailBodies()) {
                requests.add(request(base, batchDetailPath()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            }
            return requests;
        }

        private static HttpRequest.Builder request(URI base, String path) {
            return HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Accept", "application/json");
        }
    }
}
