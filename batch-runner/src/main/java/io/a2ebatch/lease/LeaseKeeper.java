package io.a2ebatch.lease;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.run.OwnershipCheck;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a held lease every heartbeat on a thread of its own, and stops the run the moment the lease
 * is gone: refused by the database (another process took over after it expired) or not renewed for
 * half its time to live by this process's monotonic clock (paused, or cut off from the database).
 * Half, so that the process stops sending well before another one may take over.
 */
public final class LeaseKeeper implements OwnershipCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final RunLeases leases;
    private final LeaseToken lease;
    private final RunControl control;
    private final long freshNanos;
    private final ScheduledExecutorService scheduler;
    private volatile long renewedAt;
    private volatile boolean lost;

    private LeaseKeeper(RunLeases leases, LeaseToken lease, RunControl control, long renewedAt) {
        this.leases = leases;
        this.lease = lease;
        this.control = control;
        this.freshNanos = leases.ttl().toNanos() / 2;
        this.renewedAt = renewedAt;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreads("a2e-lease"));
    }

    /**
     * Starts renewing {@code lease}, taken at {@code takenAt} ({@link System#nanoTime()} before the
     * statement that took it).
     */
    public static LeaseKeeper start(RunLeases leases, LeaseToken lease, long takenAt, Duration heartbeat,
                                    RunControl control) {
        LeaseKeeper keeper = new LeaseKeeper(leases, lease, control, takenAt);
        keeper.scheduler.scheduleWithFixedDelay(keeper::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        return keeper;
    }

    public LeaseToken token() {
        return lease;
    }

    /** Whether the lease was lost while this process ran. */
    public boolean lost() {
        return lost;
    }

    @Override
    public void checkStillOwner() {
        if (lost || System.nanoTime() - renewedAt > freshNanos) {
            markLost("the lease was not renewed for " + Duration.ofNanos(System.nanoTime() - renewedAt).toMillis()
                    + " ms (this process was paused or cut off from the job repository)");
            throw new LeaseLostException("this process may no longer own the run '" + lease.runName()
                    + "'; nothing more is sent from here");
        }
    }

    private void heartbeat() {
        if (lost) {
            return;
        }
        long before = System.nanoTime();
        if (before - renewedAt > freshNanos) {
            markLost("the lease was not renewed for " + Duration.ofNanos(before - renewedAt).toMillis()
                    + " ms (this process was paused or cut off from the job repository)");
            return;
        }
        try {
            if (leases.renew(lease)) {
                renewedAt = before;
            } else {
                markLost("another process took the run over after this one's lease expired");
            }
        } catch (RuntimeException e) {
            log.warn("Could not renew the run's lease ({}); trying again", e.getMessage());
        }
    }

    private void markLost(String why) {
        if (lost) {
            return;
        }
        lost = true;
        log.error("Lost ownership of the run '{}': {}. Stopping; nothing more is recorded or sent.", lease.runName(),
                why);
        control.requestStop(StopReason.LEASE_LOST, why + "; run the same command again once the other owner is"
                + " done (it refuses while another process owns the run)");
    }

    /**
     * Stops renewing and, unless it was lost, gives the lease back. A renewal in progress is let finish,
     * never interrupted: an interrupt during H2's file I/O closes its file channel and with it the
     * database.
     */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lost) {
            try {
                leases.release(lease);
            } catch (RuntimeException e) {
                log.warn("Could not give the run's lease back ({}); it expires in {}", e.getMessage(), leases.ttl());
            }
        }
    }
}
