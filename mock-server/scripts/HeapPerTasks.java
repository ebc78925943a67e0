import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.simulator.A2eSimulator;

/**
 * Heap the simulator keeps per task: starts an in-process simulator, creates N tasks through its
 * HTTP API (the same path a client takes), forces garbage collection and compares the used heap
 * with the used heap before. Run with the standalone jar on the class path:
 *
 * <pre>
 * java -Xmx2g -cp mock-server/target/a2e-simulator.jar mock-server/scripts/HeapPerTasks.java 100000
 * </pre>
 *
 * The recent-request log is switched off so that only tasks are measured (its default 10,000
 * entries add about a megabyte).
 */
public final class HeapPerTasks {

    private static final String TOKEN = "sk_test_measure_heap_per_tasks";

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).credits(Long.MAX_VALUE / 2).taskCost(10)
                .taskDuration(Duration.ofHours(1)).maxProcessing(1_000_000).requestLogSize(0).seed(1).start()) {
            URI base = sim.baseUrl();
            create(base, 0, 500);
            long before = usedAfterGc();
            long started = System.nanoTime();
            create(base, 500, tasks + 500);
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = usedAfterGc();
            long perTask = (after - before) / tasks;
            System.out.printf("created %d tasks through HTTP in %.1f s (%.0f starts/s, 8 client threads in-process)%n",
                    tasks, seconds, tasks / seconds);
            System.out.printf("used heap after GC: before %.1f MB, after %.1f MB%n", before / 1e6, after / 1e6);
            System.out.printf("heap per task: %d bytes = %.1f MB per 100k tasks%n", perTask, perTask * 100_000 / 1e6);
            System.out.printf("stats tasks_created: %d%n", sim.stats().tasksCreated());
        }
    }

    private static void create(URI base, int from, int to) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        String body = "{\"name\":\"row-" + i + "\",\"image_url\":\"https://example.com/in/" + i
                                + ".png\",\"prompt\":\"the person is speaking, looking at the camera\"}";
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/userImage2Video/start"))
                                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("start failed with " + r.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private HeapPerTasks() {
    }
}
