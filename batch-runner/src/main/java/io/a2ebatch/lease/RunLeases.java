package io.a2ebatch.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.a2ebatch.failure.RepositoryRetry;
import io.a2ebatch.run.LeaseToken;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Takes, renews and gives back the lease row through which one process owns a run. Every decision is
 * one conditional UPDATE judged by the database's clock ({@code CURRENT_TIMESTAMP}), so it is atomic
 * on H2 and PostgreSQL alike and processes on machines whose clocks differ agree on who owns a run.
 */
public final class RunLeases {

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final String host;
    private final RepositoryRetry retry;

    /** Leases whose statements are tried once (for components tested on their own). */
    public RunLeases(JdbcTemplate jdbc, Duration ttl) {
        this(jdbc, ttl, RepositoryRetry.once());
    }

    /** Leases whose statements ride out a job repository outage through {@code retry} (each is idempotent). */
    public RunLeases(JdbcTemplate jdbc, Duration ttl, RepositoryRetry retry) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.host = hostName();
        this.retry = retry;
    }

    /**
     * Who holds a lease.
     *
     * @param host    host name of the owning process
     * @param pid     its process id
     * @param since   when it took the run
     * @param expires when the lease expires unless renewed
     */
    public record Owner(String host, long pid, Instant since, Instant expires) {
        public String describe() {
            return "process " + pid + " on " + host + ", owner since " + since + " (lease renewed until " + expires
                    + ")";
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** This machine's name, as leases record it. */
    public String host() {
        return host;
    }

    /** Takes the lease of {@code runName} if it is free or expired; otherwise says who holds it. */
    public Optional<LeaseToken> tryAcquire(String runName) {
        // One owner id for every attempt: an attempt that took the lease before its connection broke
        // is recognised by the next one (OWNER_ID = ?), which takes it again instead of waiting for it.
        String ownerId = UUID.randomUUID().toString();
        return retry.call(() -> {
            try {
                jdbc.update("INSERT INTO A2E_LEASE (RUN_NAME, EPOCH) SELECT ?, 0 WHERE NOT EXISTS"
                        + " (SELECT 1 FROM A2E_LEASE WHERE RUN_NAME = ?)", runName, runName);
            } catch (DataIntegrityViolationException raced) {
                // Another process inserted the row at the same moment; the UPDATE below decides.
            }
            int taken = jdbc.update("UPDATE A2E_LEASE SET OWNER_ID = ?, OWNER_HOST = ?, OWNER_PID = ?,"
                            + " SINCE = CURRENT_TIMESTAMP, HEARTBEAT_AT = CURRENT_TIMESTAMP, EXPIRES_AT = " + expiry()
                            + ", EPOCH = EPOCH + 1 WHERE RUN_NAME = ? AND (OWNER_ID IS NULL OR EXPIRES_AT IS NULL"
                            + " OR EXPIRES_AT <= CURRENT_TIMESTAMP OR OWNER_ID = ?)",
                    ownerId, host, ProcessHandle.current().pid(), runName, ownerId);
            if (taken != 1) {
                return Optional.empty();
            }
            Long epoch = jdbc.queryForObject("SELECT EPOCH FROM A2E_LEASE WHERE RUN_NAME = ? AND OWNER_ID = ?",
                    Long.class, runName, ownerId);
            return Optional.of(new LeaseToken(runName, ownerId, epoch));
        });
    }

    /** The current holder of {@code runName}'s lease, if it is held and not expired. */
    public Optional<Owner> owner(String runName) {
        return retry.call(() ->
                jdbc.query("SELECT OWNER_HOST, OWNER_PID, SINCE, EXPIRES_AT FROM A2E_LEASE WHERE RUN_NAME = ?"
                        + " AND OWNER_ID IS NOT NULL AND EXPIRES_AT > CURRENT_TIMESTAMP",
                (rs, n) -> new Owner(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()), runName).stream().findFirst());
    }

    /** Extends the lease by its time to live; false if it is no longer this owner's (or expired). */
    public boolean renew(LeaseToken lease) {
        return retry.call(() ->
                jdbc.update("UPDATE A2E_LEASE SET HEARTBEAT_AT = CURRENT_TIMESTAMP, EXPIRES_AT = " + expiry()
                        + " WHERE RUN_NAME = ? AND OWNER_ID = ? AND EPOCH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP",
                lease.runName(), lease.ownerId(), lease.epoch()) == 1);
    }

    /** Gives the lease back, so that the next process need not wait for it to expire. */
    public void release(LeaseToken lease) {
        retry.run(() ->
                jdbc.update("UPDATE A2E_LEASE SET OWNER_ID = NULL, EXPIRES_AT = NULL WHERE RUN_NAME = ? AND OWNER_ID = ?"
                + " AND EPOCH = ?", lease.runName(), lease.ownerId(), lease.epoch()));
    }

    /**
     * {@code CURRENT_TIMESTAMP} plus the time to live, as SQL both databases read (the standard interval
     * literal; it cannot be a bind parameter on both).
     */
    private String expiry() {
        return String.format(Locale.ROOT, "CURRENT_TIMESTAMP + INTERVAL '%.3f' SECOND", ttl.toMillis() / 1000.0);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown host");
        }
    }
}
