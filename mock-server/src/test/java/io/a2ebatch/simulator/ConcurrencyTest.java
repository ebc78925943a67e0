package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;

/** Many clients at once: unique ids, exact credit arithmetic, no lost updates. */
class ConcurrencyTest {

    private static final String TOKEN = "sk_test_concurrency_0001";
    private static final String OTHER = "sk_test_concurrency_0002";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");
    private static final int THREADS = 8;

    /** Runs {@code perThread} calls of {@code action} on each of {@link #THREADS} threads, all starting together. */
    private static void onManyThreads(int perThread, ThreadAction action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Void> work = () -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        action.run(thread, i);
                    }
                    return null;
                };
                futures.add(pool.submit(work));
            }
            go.countDown();
            for (Future<Void> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadAction {
        void run(int thread, int i) throws Exception;
    }

    @Test
    void startsTasksFromManyThreadsWithUniqueIdsAndExactCredits() throws Exception {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN, OTHER).credits(10_000).taskCost(7)
                .taskDuration(Duration.ofMillis(1), Duration.ofMillis(50)).dispatchStep(Duration.ZERO)
                .failureRate(0.0).maxProcessing(3).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            Set<String> ids = ConcurrentHashMap.newKeySet();

            onManyThreads(50, (thread, i) -> {
                String token = thread % 2 == 0 ? TOKEN : OTHER;
                ApiClient.Reply reply = api.as(token).start(I2V, SampleBodies.validJson(I2V, "t" + thread + "-" + i));
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                ids.add(reply.data().get("_id").asString());
                assertThat(api.as(token).detail(I2V, reply.data().get("_id").asString()).status()).isEqualTo(200);
            });

            SimulatorStats stats = sim.stats();
            assertThat(ids).hasSize(THREADS * 50).allMatch(id -> id.matches("[0-9a-f]{24}"));
            assertThat(stats.tasksCreated()).isEqualTo(THREADS * 50);
            assertThat(stats.tasksByName()).hasSize(THREADS * 50).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
            assertThat(sim.credits(TOKEN)).isEqualTo(10_000 - 4 * 50 * 7);
            assertThat(sim.credits(OTHER)).isEqualTo(10_000 - 4 * 50 * 7);
            assertThat(stats.requests(SimulatorOperation.START)).isEqualTo(THREADS * 50);
        }
    }

    @Test
    void neverChargesBelowZeroWhenManyThreadsRaceForTheLastCredits() throws Exception {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).credits(1_000).taskCost(10).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();

            onManyThreads(25, (thread, i) -> {
                int status = api.start(I2V, SampleBodies.validJson(I2V, "race-" + thread + "-" + i)).status();
                (status == 200 ? accepted : refused).incrementAndGet();
                assertThat(status).isIn(200, 402);
            });

            assertThat(accepted.get()).isEqualTo(100);
            assertThat(refused.get()).isEqualTo(100);
            assertThat(sim.credits(TOKEN)).isZero();
            assertThat(sim.stats().tasksCreated()).isEqualTo(100);
            assertThat(sim.stats().responses(402)).isEqualTo(100);
        }
    }

    @Test
    void keepsCreditsExactWhileTopUpsDeletesAndRefundsInterleave() throws Exception {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).credits(0).taskCost(5)
                .dispatchStep(Duration.ofSeconds(30)).failureRate(1.0).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);

            onManyThreads(20, (thread, i) -> {
                sim.addCredits(TOKEN, 5);
                String id = api.startOk(I2V, SampleBodies.validJson(I2V, "churn-" + thread + "-" + i));
                if (i % 2 == 0) {
                    assertThat(api.delete(I2V, id).status()).isEqualTo(200);
                }
            });

            assertThat(sim.credits(TOKEN)).isEqualTo(THREADS * 10 * 5);
            assertThat(sim.stats().tasksCreated()).isEqualTo(THREADS * 20);
            assertThat(sim.stats().tasksDeleted()).isEqualTo(THREADS * 10);
        }
    }
}
