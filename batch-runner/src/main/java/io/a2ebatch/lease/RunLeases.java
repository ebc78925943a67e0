package io.a2ebatch.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.a2ebatch.failure.RepositoryRetry;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.LeaseToken;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Takes, renews and gives back the lease row through which one process owns a run. Every decision is
 * one conditional UPDATE judged by the database's clock ({@code CURRENT_TIMESTAMP}), so it is atomic
 * on H2 and PostgreSQL alike and processes on machines whose clocks differ agree on who owns a run.
 * <p>
 * A fleet's partition has a lease of its own (a row whose {@code PARENT_RUN} names the run): taken and
 * renewed only while the run's lease is live and held by a manager that split the run into as many
 * partitions ({@link #announcePartitions}), and the run's lease is not taken while one of its
 * partitions' is. Ledger writes are fenced by the lease they name, the run's or a partition's, so the
 * two never write at the same time.
 */
public final class RunLeases {

    /** Appended to a condition on a lease row {@code L}: it is held and has not expired. */
    private static final String LIVE = " AND L.OWNER_ID IS NOT NULL AND L.EXPIRES_AT > CURRENT_TIMESTAMP";

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

    /**
     * Takes the lease of {@code runName} if it is free or expired and none of its partitions' leases is
     * live; otherwise says who holds it.
     */
    public Optional<LeaseToken> tryAcquire(String runName) {
        return take(runName, null, " AND NOT EXISTS (SELECT 1 FROM A2E_LEASE L WHERE L.PARENT_RUN = ?" + LIVE
                + ")", runName);
    }

    /**
     * Takes the lease of {@code slice} of the run {@code runName} (a fleet's partition) if it is free or
     * expired and the run's own lease is live and held by a manager that split the run into
     * {@code slice.count()} partitions: a worker works only for a live manager, never beside a plain
     * {@code run} of the same run, and never on a stale request of a split into another count (whose
     * slices would overlap this one's).
     */
    public Optional<LeaseToken> tryAcquirePartition(String runName, KeySlice slice) {
        return take(partitionLeaseName(runName, slice), runName,
                " AND EXISTS (SELECT 1 FROM A2E_LEASE L WHERE L.RUN_NAME = ? AND L.PARTITIONS = " + slice.count()
                        + LIVE + ")", runName);
    }

    /**
     * Records that the holder of {@code lease}, a fleet's manager, split its run into {@code partitions}
     * partitions; only then can workers take them. False if the lease no longer holds. (Idempotent:
     * retried as a whole.)
     */
    public boolean announcePartitions(LeaseToken lease, int partitions) {
        return retry.call(() ->
                jdbc.update("UPDATE A2E_LEASE SET PARTITIONS = ? WHERE RUN_NAME = ? AND OWNER_ID = ? AND EPOCH = ?"
                + " AND EXPIRES_AT > CURRENT_TIMESTAMP", partitions, lease.runName(), lease.ownerId(), lease.epoch())
                == 1);
    }

    /**
     * Whether {@code slice}'s lease of {@code runName} is held by an owner that let it expire at least
     * {@code grace} ago: its worker died (a worker that ends gives its lease back) and no other worker
     * took the partition over meanwhile (one waiting for the lease takes it as soon as it expires).
     */
    public boolean partitionAbandoned(String runName, KeySlice slice, Duration grace) {
        Integer n = retry.call(() -> jdbc.queryForObject("SELECT COUNT(*) FROM A2E_LEASE WHERE RUN_NAME = ?"
                + " AND OWNER_ID IS NOT NULL AND EXPIRES_AT <= CURRENT_TIMESTAMP - " + interval(grace), Integer.class,
                partitionLeaseName(runName, slice)));
        return n != null && n > 0;
    }

    /**
     * The lease row's name of {@code slice} of {@code runName}. It starts with a character a run name
     * cannot start with (names are stripped of white space, U+001F is white space), and names the run
     * by the SHA-256 of its name, which fits the column whatever the name's length.
     */
    static String partitionLeaseName(String runName, KeySlice slice) {
        return "\u001F" + slice.label() + " of " + HexFormat.of().formatHex(sha256(runName));
    }

    private Optional<LeaseToken> take(String leaseName, String parentRun, String condition, Object conditionArg) {
        // One owner id for every attempt: an attempt that took the lease before its connection broke
        // is recognised by the next one (OWNER_ID = ?), which takes it again instead of waiting for it.
        String ownerId = UUID.randomUUID().toString();
        return retry.call(() -> {
            try {
                jdbc.update("INSERT INTO A2E_LEASE (RUN_NAME, PARENT_RUN, EPOCH) SELECT ?, ?, 0 WHERE NOT EXISTS"
                        + " (SELECT 1 FROM A2E_LEASE WHERE RUN_NAME = ?)", leaseName, parentRun, leaseName);
            } catch (DataIntegrityViolationException raced) {
                // Another process inserted the row at the same moment; the UPDATE below decides.
            }
            int taken = jdbc.update("UPDATE A2E_LEASE SET OWNER_ID = ?, OWNER_HOST = ?, OWNER_PID = ?,"
                            + " SINCE = CURRENT_TIMESTAMP, HEARTBEAT_AT = CURRENT_TIMESTAMP, EXPIRES_AT = " + expiry()
                            + ", PARTITIONS = NULL, EPOCH = EPOCH + 1 WHERE RUN_NAME = ? AND (OWNER_ID IS NULL"
                            + " OR EXPIRES_AT IS NULL OR EXPIRES_AT <= CURRENT_TIMESTAMP OR OWNER_ID = ?)" + condition,
                    ownerId, host, ProcessHandle.current().pid(), leaseName, ownerId, conditionArg);
            if (taken != 1) {
                return Optional.empty();
            }
            Long epoch = jdbc.queryForObject("SELECT EPOCH FROM A2E_LEASE WHERE RUN_NAME = ? AND OWNER_ID = ?",
                    Long.class, leaseName, ownerId);
            return Optional.of(new LeaseToken(leaseName, ownerId, epoch));
        });
    }

    /**
     * The current holder of {@code runName}'s lease, if it is held and not expired; else of one of its
     * partitions' (a fleet's worker), which also keeps the run from being taken.
     */
    public Optional<Owner> owner(String runName) {
        return retry.call(() ->
                jdbc.query("SELECT OWNER_HOST, OWNER_PID, SINCE, EXPIRES_AT FROM A2E_LEASE L WHERE (L.RUN_NAME = ?"
                        + " OR L.PARENT_RUN = ?)" + LIVE + " ORDER BY L.PARENT_RUN NULLS FIRST",
                (rs, n) -> new Owner(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()), runName, runName).stream().findFirst());
    }

    /**
     * Extends the lease by its time to live; false if it is no longer this owner's (or expired), or if it
     * is a partition's and its run's lease is no longer live.
     */
    public boolean renew(LeaseToken lease) {
        return retry.call(() ->
                jdbc.update("UPDATE A2E_LEASE SET HEARTBEAT_AT = CURRENT_TIMESTAMP, EXPIRES_AT = " + expiry()
                        + " WHERE RUN_NAME = ? AND OWNER_ID = ? AND EPOCH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP"
                        + " AND (PARENT_RUN IS NULL OR EXISTS (SELECT 1 FROM A2E_LEASE L"
                        + " WHERE L.RUN_NAME = A2E_LEASE.PARENT_RUN AND L.PARTITIONS IS NOT NULL" + LIVE + "))",
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
        return "CURRENT_TIMESTAMP + " + interval(ttl);
    }

    private static String interval(Duration duration) {
        return String.format(Locale.ROOT, "INTERVAL '%.3f' SECOND", duration.toMillis() / 1000.0);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown host");
        }
    }
}
