package io.a2ebatch.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.a2ebatch.run.NamedThreads;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the embedded H2 job repository file from growing with every commit while a run writes to it.
 * <p>
 * The ledger commits with {@code WRITE_DELAY=0} (a group of rows' states per commit), so that a
 * kill -9 loses nothing it has acknowledged. With a write delay of 0, H2 starts no background writer,
 * and that thread is also the one that rewrites partly dead chunks: without it every commit leaves a
 * new chunk that is never reclaimed. Measured before this class existed (one commit per state
 * change): the file grew by about 59 KB per row (590 MB for 10,000 rows, 21 GB for 1,000,000) and the
 * heap held one descriptor per chunk, the only part of the runner's memory that grew with the
 * manifest. This does that housekeeping instead: at every interval it rewrites the live pages of the
 * sparsest chunks, so that whole chunks die and H2 reuses their space.
 * <p>
 * On any database other than embedded H2 (PostgreSQL) it does nothing. A failure is logged once and
 * never reaches the run: compaction only saves space.
 */
public final class H2Compaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

    /**
     * Below this share of live data in its chunks the store is compacted (H2's own default is 90).
     * Since the ledger commits in groups (issue 10), 80 % kept the compaction thread busy for about a
     * sixth of the process's CPU on a 20,000-row run against an unlimited simulator, rereading pages
     * to rewrite them; 60 % with a round every 4 s took about a twentieth, and the file peaked at
     * 70 MB instead of 48 MB (227 MB without compaction; docs/benchmarks.md, section 7).
     */
    static final int TARGET_FILL_RATE = 60;
    /**
     * Live data rewritten per round, at most: a small share of what a run writes meanwhile. A round's
     * pages go out as one chunk through one of H2's write buffers, which it keeps for reuse (up to four,
     * each up to 4 MB): rounds of 8 MB every 4 s left a 3 MB buffer on the heap of long runs and not of
     * short ones. Rounds of 1 MB twice a second rewrite as much a second and keep the buffer at the size
     * of an ordinary commit's. A round also reads its pages into the heap before it rewrites them (9,500
     * more row arrays than usual in one sample), the largest transient of a run's live heap. Rounds of
     * 512 KB twice a second lowered the peaks no further in two interleaved runs and cost 4–9 % of the
     * rows per second (every round takes H2's store lock, which the ledger's commits wait for; README,
     * "Measured").
     */
    static final int WRITE_BYTES_PER_ROUND = 1024 * 1024;

    private final DataSource dataSource;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile boolean failureLogged;

    public H2Compaction(DataSource dataSource, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the compaction interval must be positive, got " + interval);
        }
        this.dataSource = dataSource;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        MVStore store = embeddedStore();
        if (store == null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreads("h2-compaction"));
        scheduler.scheduleWithFixedDelay(() -> compact(store), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        // Not shutdownNow: an interrupt during the store's file I/O closes its channel, and with it
        // the database. A round is bounded (WRITE_BYTES_PER_ROUND), so waiting for it is short.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Runs one round now; returns whether any chunk was rewritten. Package-private for tests. */
    boolean compactOnce() {
        MVStore store = embeddedStore();
        return store != null && compact(store);
    }

    private boolean compact(MVStore store) {
        if (store.isClosed()) {
            return false;
        }
        try {
            return store.compact(TARGET_FILL_RATE, WRITE_BYTES_PER_ROUND);
        } catch (RuntimeException e) {
            if (!failureLogged) {
                failureLogged = true;
                log.warn("Compacting the job repository file failed ({}); the run goes on, the file may grow"
                        + " until the run ends", e.toString());
            }
            return false;
        }
    }

    /** The store behind an embedded H2 database, or null for any other database. */
    private MVStore embeddedStore() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                return null;
            }
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            var store = session.getDatabase().getStore();
            return store == null ? null : store.getMvStore();
        } catch (SQLException e) {
            log.warn("Cannot reach the job repository to compact it ({}); its file may grow until the run ends",
                    e.getMessage());
            return null;
        }
    }
}
