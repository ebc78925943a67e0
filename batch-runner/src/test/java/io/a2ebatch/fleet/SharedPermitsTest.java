package io.a2ebatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.a2ebatch.job.FreshPostgres;
import io.a2ebatch.ledger.JobRepositorySchema;
import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.Ticker;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The fleet's shared limits on a real PostgreSQL: two workers take their permits from one bucket (what
 * one takes the other no longer has; refills follow the injected clock), and a 429 one of them saw
 * pauses the other.
 */
class SharedPermitsTest {

    private static final String ACCOUNT = "a2e http://127.0.0.1:9";

    /** A clock Bucket4j reads, moved by the test only. */
    private static final class FakeClock implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    private static DataSource postgres(FreshPostgres pg) throws Exception {
        DataSource ds = new DriverManagerDataSource(pg.url(), "a2e", "a2e");
        new JobRepositorySchema(ds).afterPropertiesSet();
        return ds;
    }

    private static SharedPermits worker(DataSource ds, ProxyManager<String> buckets, BucketConfiguration config) {
        RateLimiter local = new RateLimiter(new RateLimiterConfig(10_000, 100), Ticker.SYSTEM);
        return new SharedPermits(local, 10_000, 100, rate -> buckets.builder().build(ACCOUNT, () -> config),
                new FleetPauses(new JdbcTemplate(ds), ACCOUNT, Ticker.SYSTEM), new Semaphore(1));
    }

    @Test
    void twoWorkersTakeTheirPermitsFromOneBucket() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create()) {
            DataSource ds = postgres(pg);
            FakeClock clock = new FakeClock();
            ProxyManager<String> buckets = FleetThrottleConfiguration.buckets(ds, clock);
            BucketConfiguration config = FleetThrottleConfiguration.bucket(2, 3);
            SharedPermits a = worker(ds, buckets, config);
            SharedPermits b = worker(ds, buckets, config);

            for (int i = 0; i < 3; i++) {
                a.acquire();
            }

            assertThat(b.available()).as("what the other worker took").isZero();
            clock.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(b.available()).as("one second at 2 permits a second").isEqualTo(2);
            b.acquire();
            assertThat(a.available()).isEqualTo(1);
        }
    }

    @Test
    void a429OneWorkerSawPausesTheOthers() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create()) {
            DataSource ds = postgres(pg);
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            ProxyManager<String> buckets = FleetThrottleConfiguration.buckets(ds, TimeMeter.SYSTEM_MILLISECONDS);
            BucketConfiguration config = FleetThrottleConfiguration.bucket(100, 1);
            SharedPermits seer = worker(ds, buckets, config);
            FleetPauses other = new FleetPauses(jdbc, ACCOUNT, Ticker.SYSTEM);
            assertThat(other.remaining()).isZero();

            seer.pauseFor(Duration.ofSeconds(30));
            seer.pauseFor(Duration.ofSeconds(1));

            assertThat(other.remaining()).as("the longer pause holds").isGreaterThan(Duration.ofSeconds(20))
                    .isLessThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(new FleetPauses(jdbc, "a2e http://other.example", Ticker.SYSTEM).remaining())
                    .as("another account").isZero();
        }
    }
}
