package io.a2ebatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

/**
 * A worker's permit takers do not drain its connection pool: while another process holds the fleet
 * bucket's row lock, more takers than the pool has connections wait without holding one each, the
 * ledger still gets a connection, and once the lock is released every taker gets its permit, none
 * timing out on the pool.
 */
class SharedPermitsPoolTest {

    private static final String ACCOUNT = "a2e http://127.0.0.1:9";
    private static final int POOL = 2;
    private static final int TAKERS = 8;

    /** Bucket4j's clock, still: no refill, so the permits taken are what the bucket lost. */
    private static final TimeMeter STILL = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return 1_000_000_000L;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    @Test
    void moreTakersThanPoolConnectionsAllGetTheirPermitsBehindAPeersRowLock() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create(); HikariDataSource pool = pool(pg.url());
             Connection peer = DriverManager.getConnection(pg.url(), "a2e", "a2e");
             Connection monitor = DriverManager.getConnection(pg.url(), "a2e", "a2e")) {
            new JobRepositorySchema(pool).afterPropertiesSet();
            ProxyManager<String> buckets = FleetThrottleConfiguration.buckets(pool, STILL);
            BucketConfiguration config = FleetThrottleConfiguration.bucket(10_000, 100);
            SharedPermits permits = new SharedPermits(new RateLimiter(new RateLimiterConfig(10_000, 100),
                    Ticker.SYSTEM), 10_000, 100, rate -> buckets.builder().build(ACCOUNT, () -> config),
                    new FleetPauses(new JdbcTemplate(pool), ACCOUNT, Ticker.SYSTEM),
                    FleetThrottleConfiguration.reservers(pool));
            permits.acquire(); // the bucket's row exists from here on

            // Another process of the fleet in the middle of taking its permit: the row is locked.
            peer.setAutoCommit(false);
            try (PreparedStatement lock = peer.prepareStatement(
                    "SELECT STATE FROM A2E_FLEET_BUCKET WHERE ID = ? FOR UPDATE")) {
                lock.setString(1, ACCOUNT);
                lock.executeQuery().close();
            }
            ExecutorService takers = Executors.newFixedThreadPool(TAKERS);
            try {
                List<Future<?>> taken = new ArrayList<>();
                for (int i = 0; i < TAKERS; i++) {
                    taken.add(takers.submit(() -> {
                        permits.acquire();
                        return null;
                    }));
                }
                awaitLockWaiter(monitor);

                try (Connection ledger = pool.getConnection()) {
                    assertThat(ledger.isValid(1)).as("a connection left for the ledger and the lease").isTrue();
                }
                // Longer than the pool's connection timeout: a taker queued on the pool would fail now.
                Thread.sleep(pool.getConnectionTimeout() * 2);
                peer.commit();

                for (Future<?> f : taken) {
                    f.get(30, TimeUnit.SECONDS); // rethrows a taker's failure, e.g. a connection timeout
                }
            } finally {
                takers.shutdownNow();
            }
            assertThat(permits.available()).as("1 + %d permits taken from 100", TAKERS).isEqualTo(100 - 1 - TAKERS);
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("a2e");
        config.setPassword("a2e");
        config.setMaximumPoolSize(POOL);
        config.setConnectionTimeout(250); // Hikari's least
        return new HikariDataSource(config);
    }

    /** Until a session of this database waits for a row lock (a taker behind the peer); bounded. */
    private static void awaitLockWaiter(Connection monitor) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (ResultSet rs = monitor.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no permit taker reached the bucket's row lock within 20 s");
    }
}
