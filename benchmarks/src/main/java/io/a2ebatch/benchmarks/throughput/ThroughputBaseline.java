package io.a2ebatch.benchmarks.throughput;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The throughput baseline: what a plain Java program does to start N tasks and follow them to their
 * end, with nothing recorded anywhere — {@code THREADS} threads sending start requests with the
 * JDK's {@code HttpClient} as fast as answers come, and one thread polling the tasks in flight with
 * batchDetail (100 ids a request) every {@code POLL_MS}. The same requests the runner sends, the
 * same JSON library, no manifest, no ledger, no rate limiter: the cost of the HTTP exchanges alone.
 * With RATE (starts per second, 0 or absent: as fast as answers come) the starts keep to a schedule of
 * one every 1/RATE seconds, as a hand-rolled script against a provider's rate limit would, and a 429 is
 * waited out (its {@code Retry-After}, else 100 ms) and sent again: the same job the runner does at R.
 *
 * <pre>
 * java -cp benchmarks.jar io.a2ebatch.benchmarks.throughput.ThroughputBaseline BASE_URL TOKEN_FILE FAMILY ROWS THREADS POLL_MS [RATE]
 * </pre>
 *
 * Exit status 0 once every task was seen final, 1 if a request failed.
 */
public final class ThroughputBaseline {

    private static final int BATCH = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RATE_LIMITED_PAUSE = Duration.ofMillis(100);

    private ThroughputBaseline() {
    }

    /**
     * This program's arguments, in the order {@link #main} reads them.
     *
     * @param rate starts per second; 0: as fast as answers come
     */
    public static List<String> arguments(URI baseUrl, Path tokenFile, String family, int rows, int threads,
                                         Duration poll, double rate) {
        return List.of(baseUrl.toString(), tokenFile.toString(), family, Integer.toString(rows),
                Integer.toString(threads), Long.toString(poll.toMillis()), Double.toString(rate));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: ThroughputBaseline BASE_URL TOKEN_FILE FAMILY ROWS THREADS POLL_MS [RATE]");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        String token = Files.readString(Path.of(args[1])).strip();
        TaskFamily family = FamilyCatalog.bundled().require(args[2]);
        int rows = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Duration poll = Duration.ofMillis(Long.parseLong(args[5]));
        double rate = args.length == 7 ? Double.parseDouble(args[6]) : 0;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ResultFields fields = family.fields();
        URI start = base.resolve(family.start().path());
        URI batchDetail = base.resolve(family.batchDetail().orElseThrow().path());

        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService starters = Executors.newFixedThreadPool(threads);
        long firstStart = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            starters.execute(() -> {
                for (int row; (row = next.getAndIncrement()) < rows && failures.get() == 0; ) {
                    if (rate > 0) {
                        sleepUntil(firstStart + (long) (row * 1e9 / rate));
                    }
                    ObjectNode body = JSON.createObjectNode()
                            .put("name", "baseline-" + row)
                            .put("image_url", "https://example.com/in/" + row + ".png")
                            .put("prompt", "the person is speaking, looking at the camera");
                    try {
                        JsonNode data = send(http, start, token, body).path("data");
                        inFlight.add(data.path(fields.id()).asString());
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.err.println("start " + row + ": " + e);
                    }
                }
            });
        }
        starters.shutdown();
        int finished = 0;
        while (finished < rows && failures.get() == 0) {
            Thread.sleep(poll.toMillis());
            List<String> ids = new ArrayList<>(inFlight);
            for (int from = 0; from < ids.size(); from += BATCH) {
                ObjectNode body = JSON.createObjectNode();
                body.putArray("ids").addAll(ids.subList(from, Math.min(ids.size(), from + BATCH)).stream()
                        .map(JSON.getNodeFactory()::stringNode).toList());
                JsonNode data = send(http, batchDetail, token, body).path("data");
                for (JsonNode record : records(data)) {
                    if (TaskState.fromWire(record.path(fields.status()).asString("")).isFinal()
                            && inFlight.remove(record.path(fields.id()).asString())) {
                        finished++;
                    }
                }
            }
        }
        starters.awaitTermination(1, TimeUnit.MINUTES);
        System.out.println(finished + " of " + rows + " tasks finished");
        System.exit(failures.get() == 0 ? 0 : 1);
    }

    /** The records of a batchDetail answer: an array, or the first array an object holds. */
    private static JsonNode records(JsonNode data) {
        if (data.isArray()) {
            return data;
        }
        for (JsonNode value : data) {
            if (value.isArray()) {
                return value;
            }
        }
        return JSON.createArrayNode();
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static JsonNode send(HttpClient http, URI uri, String token, JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        while (response.statusCode() == 429) {
            Thread.sleep(response.headers().firstValueAsLong("Retry-After").stream().map(seconds -> seconds * 1000)
                    .findFirst().orElse(RATE_LIMITED_PAUSE.toMillis()));
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
