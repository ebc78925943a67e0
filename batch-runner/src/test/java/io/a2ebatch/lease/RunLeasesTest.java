package io.a2ebatch.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.a2ebatch.job.FreshPostgres;
import io.a2ebatch.ledger.JobRepositorySchema;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.StopReason;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The lease row on H2 and on PostgreSQL: one owner at a time, taken over only once expired. */
class RunLeasesTest {

    @TempDir
    Path dir;

    private DataSource h2() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("jobrepo") + ";WRITE_DELAY=0");
        ds.setUser("sa");
        new JobRepositorySchema(ds).afterPropertiesSet();
        return ds;
    }

    private static DataSource postgres(FreshPostgres pg) throws Exception {
        DataSource ds = new DriverManagerDataSource(pg.url(), "a2e", "a2e");
        new JobRepositorySchema(ds).afterPropertiesSet();
        return ds;
    }

    @Test
    void onlyOneOfManyContendersTakesAFreeLeaseOnH2() throws Exception {
        assertOneWinner(h2());
    }

    @Test
    void onlyOneOfManyContendersTakesAFreeLeaseOnPostgres() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create()) {
            assertOneWinner(postgres(pg));
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverWithANewEpochAndALiveOneNever() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create()) {
            JdbcTemplate jdbc = new JdbcTemplate(postgres(pg));
            RunLeases leases = new RunLeases(jdbc, Duration.ofMinutes(5));
            LeaseToken first = leases.tryAcquire("run").orElseThrow();
            assertThat(leases.tryAcquire("run")).as("held").isEmpty();
            RunLeases.Owner owner = leases.owner("run").orElseThrow();
            assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(owner.describe()).contains("process " + owner.pid()).contains("owner since");
            assertThat(leases.renew(first)).isTrue();

            // Its owner stops renewing it: by the database's clock it has expired.
            jdbc.update("UPDATE A2E_LEASE SET EXPIRES_AT = CURRENT_TIMESTAMP - INTERVAL '1' SECOND");
            assertThat(leases.owner("run")).as("expired").isEmpty();
            LeaseToken second = leases.tryAcquire("run").orElseThrow();
            assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
            assertThat(leases.renew(first)).as("the old owner's heartbeat is refused").isFalse();

            leases.release(second);
            assertThat(leases.tryAcquire("run")).as("given back: free at once").isPresent();
        }
    }

    @Test
    void theKeeperStopsTheRunWhenAnotherProcessTookItOver() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(h2());
        RunLeases leases = new RunLeases(jdbc, Duration.ofMinutes(5));
        RunControl control = new RunControl();
        LeaseToken token = leases.tryAcquire("run").orElseThrow();
        try (LeaseKeeper keeper = LeaseKeeper.start(leases, token, System.nanoTime(), Duration.ofMillis(100),
                control)) {
            keeper.checkStillOwner();
            // What a take-over does to the row: the epoch moves on.
            jdbc.update("UPDATE A2E_LEASE SET EPOCH = EPOCH + 1");
            for (int i = 0; i < 3000 && !control.stopping(); i++) {
                Thread.sleep(20);
            }
            assertThat(control.stop()).hasValueSatisfying(stop ->
                    assertThat(stop.reason()).isEqualTo(StopReason.LEASE_LOST));
            assertThat(keeper.lost()).isTrue();
        }
    }

    /** A job repository that can be made unreachable: every update fails while it is down. */
    private static final class OutageJdbc extends JdbcTemplate {
        volatile boolean down;
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

        OutageJdbc(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public int update(String sql, Object... args) {
            if (down) {
                refused.incrementAndGet();
                throw new org.springframework.dao.TransientDataAccessResourceException("PreparedStatementCallback",
                        new java.sql.SQLTransientConnectionException("Connection refused", "08001"));
            }
            return super.update(sql, args);
        }
    }

    @Test
    void aStaleLeaseHoldsStartsBackUntilARenewalSucceedsAgainAndThenLetsThemGo() throws Exception {
        OutageJdbc jdbc = new OutageJdbc(h2());
        RunLeases leases = new RunLeases(jdbc, Duration.ofMinutes(5));
        RunControl control = new RunControl();
        LeaseToken token = leases.tryAcquire("run").orElseThrow();
        jdbc.down = true;
        // Last renewed more than half the time to live ago, by this process's clock: stale from the start.
        long renewedLongAgo = System.nanoTime() - Duration.ofMinutes(3).toNanos();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (LeaseKeeper keeper = LeaseKeeper.start(leases, token, renewedLongAgo, Duration.ofMillis(50), control)) {
            Future<?> start = worker.submit(keeper::checkStillOwner);
            for (int i = 0; i < 3000 && jdbc.refused.get() < 3; i++) {
                Thread.sleep(10);
            }
            assertThat(jdbc.refused.get()).as("renewals tried during the outage").isGreaterThanOrEqualTo(3);
            assertThat(start.isDone()).as("no start request while the lease is stale").isFalse();

            jdbc.down = false;
            start.get(60, TimeUnit.SECONDS);
            assertThat(keeper.lost()).isFalse();
            assertThat(control.stopping()).isFalse();
            keeper.checkStillOwner();
        } finally {
            worker.shutdownNow();
        }
    }

    private static void assertOneWinner(DataSource ds) throws Exception {
        RunLeases leases = new RunLeases(new JdbcTemplate(ds), Duration.ofMinutes(1));
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Optional<LeaseToken>>> tries = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                tries.add(pool.submit(() -> {
                    go.await();
                    return leases.tryAcquire("shared-run");
                }));
            }
            go.countDown();
            long winners = 0;
            for (Future<Optional<LeaseToken>> t : tries) {
                winners += t.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
