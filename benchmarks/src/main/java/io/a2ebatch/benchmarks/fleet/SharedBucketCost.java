package io.a2ebatch.benchmarks.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.a2ebatch.fleet.FleetThrottleConfiguration;
import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What one permit of a fleet's shared rate limit costs against the local limiter, in one run: the
 * local {@link RateLimiter} at a rate that never makes anyone wait (its bookkeeping alone), then the
 * Bucket4j bucket in PostgreSQL that every process of a fleet takes its permits from (one
 * {@code SELECT ... FOR UPDATE} transaction per permit), by 1, 2 and 4 callers at once, each with its
 * own connection as each worker has its own pool. The bucket's rate is set far above what is reached,
 * so what is measured is the cost, not the limit.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.a2ebatch.benchmarks.fleet.SharedBucketCost
 * [JDBC-URL [PERMITS]]} (default {@code A2E_TEST_POSTGRES_URL}, user and password {@code a2e}; the
 * table is created if missing).
 */
public final class SharedBucketCost {

    private SharedBucketCost() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0]
                : System.getenv().getOrDefault("A2E_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:55432/a2e");
        int permits = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        createTable(url);

        double localNanos = localNanosPerPermit(1_000_000);
        System.out.printf(Locale.ROOT, "local RateLimiter: %.0f ns per permit (1 caller)%n", localNanos);
        BucketConfiguration unlimited = FleetThrottleConfiguration.bucket(10_000_000, 10_000_000);
        for (int callers : new int[] {1, 2, 4}) {
            long start = System.nanoTime();
            runCallers(url, callers, permits / callers, unlimited);
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = permits / seconds;
            System.out.printf(Locale.ROOT, "shared bucket, %d caller(s): %.0f permits/s, %.0f µs per permit"
                            + " = %.0f × the local limiter's cost%n", callers, perSecond, 1e6 / perSecond,
                    1e9 / perSecond / localNanos);
        }
    }

    static double localNanosPerPermit(int permits) throws InterruptedException {
        RateLimiter limiter = new RateLimiter(new RateLimiterConfig(10_000_000, 10_000_000), Ticker.SYSTEM);
        for (int i = 0; i < permits; i++) { // warm-up
            limiter.acquire();
        }
        long start = System.nanoTime();
        for (int i = 0; i < permits; i++) {
            limiter.acquire();
        }
        return (System.nanoTime() - start) / (double) permits;
    }

    static void runCallers(String url, int callers, int permitsEach, BucketConfiguration configuration)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit((Callable<Void>) () -> {
                    SingleConnectionDataSource ds = new SingleConnectionDataSource(url, "a2e", "a2e", true);
                    try {
                        Bucket bucket = FleetThrottleConfiguration.buckets(ds, TimeMeter.SYSTEM_MILLISECONDS)
                                .builder().build("benchmark " + callers, () -> configuration);
                        for (int i = 0; i < permitsEach; i++) {
                            bucket.asBlocking().consume(1);
                        }
                    } finally {
                        ds.destroy();
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static void createTable(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "a2e", "a2e")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS A2E_FLEET_BUCKET (ID VARCHAR(1000) NOT NULL,"
                    + " STATE BYTEA, CONSTRAINT A2E_FLEET_BUCKET_PK PRIMARY KEY (ID))");
        }
    }
}
