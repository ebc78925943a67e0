import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small load client for the simulator, JDK only, run as a source file in its own JVM:
 *
 * <pre>
 * A2E_TOKEN=sk_test_... java DetailPollingLoad.java create --base http://127.0.0.1:8089 --tasks 1000 --ids ids.txt
 * A2E_TOKEN=sk_test_... java DetailPollingLoad.java poll --base http://127.0.0.1:8089 --ids ids.txt --threads 16 --seconds 20
 * </pre>
 *
 * {@code create} starts image-to-video tasks and writes their ids; {@code poll} reads task details
 * round-robin from that many threads (one connection each) and prints throughput and latency
 * percentiles. The token comes from the environment, never from the command line.
 */
public final class DetailPollingLoad {

    private static final String FAMILY = "/api/v1/userImage2Video";
    private static final Pattern ID = Pattern.compile("\"_id\":\"([0-9a-f]{24})\"");

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("create") || args[0].equals("poll"))) {
            System.err.println("usage: DetailPollingLoad create|poll --base URL --ids FILE [--tasks N] [--threads N] [--seconds N]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String token = System.getenv("A2E_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("Set A2E_TOKEN to a token the simulator accepts");
            System.exit(2);
        }
        URI base = URI.create(options.getOrDefault("base", "http://127.0.0.1:8089"));
        Path ids = Path.of(options.getOrDefault("ids", "ids.txt"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "16"));
        if (args[0].equals("create")) {
            create(base, token, Integer.parseInt(options.getOrDefault("tasks", "1000")), threads, ids);
        } else {
            poll(base, token, Files.readAllLines(ids), threads, Integer.parseInt(options.getOrDefault("seconds", "20")));
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void create(URI base, String token, int tasks, int threads, Path out) throws Exception {
        HttpClient http = client();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        runOnThreads(threads, () -> {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                String body = "{\"name\":\"load-" + i + "\",\"image_url\":\"https://example.com/in/" + i
                        + ".png\",\"prompt\":\"the person is speaking, looking at the camera\"}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(FAMILY + "/start"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = ID.matcher(r.body());
                if (r.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException("start failed: " + r.statusCode() + " " + r.body());
                }
                ids.add(m.group(1));
            }
            return null;
        });
        Files.write(out, ids);
        System.out.println("created " + ids.size() + " tasks, ids in " + out);
    }

    private static void poll(URI base, String token, List<String> ids, int threads, int seconds) throws Exception {
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(Math.min(5, Math.max(1, seconds / 4))).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        runOnThreads(threads, () -> {
            HttpClient http = client();
            long[] mine = new long[1 << 20];
            int n = 0;
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    break;
                }
                String id = ids.get(Math.floorMod(next.getAndIncrement(), ids.size()));
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(FAMILY + "/" + id))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                long t1 = System.nanoTime();
                if (r.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                if (t0 >= warmupEnd && n < mine.length) {
                    mine[n++] = t1 - t0;
                }
            }
            latencies.add(Arrays.copyOf(mine, n));
            return null;
        });
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("detail polling: %d threads, %d s after warm-up: %d requests, %.0f requests/s, %d errors%n",
                threads, seconds, all.length, all.length / (double) seconds, errors.get());
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", pct(all, 50), pct(all, 90),
                pct(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * (p / 100.0)))] / 1e6;
    }

    private static void runOnThreads(int threads, Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(work));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private DetailPollingLoad() {
    }
}
