package io.a2ebatch.lease;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.failure.RepositoryOutageException;
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
 * is gone: refused by the database (it expired, and another process may have taken the run over).
 * <p>
 * A lease not renewed for half its time to live by this process's monotonic clock (the process was
 * paused, or the job repository is out of reach) stops every start request: {@link #checkStillOwner}
 * waits until a renewal succeeds again, and so the process sends nothing well before another one may
 * take over. A renewal that succeeds proves the lease never expired meanwhile (the database renews only
 * an unexpired lease of this owner and epoch), so a short repository outage is ridden out; a refused
 * one ends the run.
 */
public final class LeaseKeeper implements OwnershipCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final RunLeases leases;
    private final LeaseToken lease;
    private final RunControl control;
    private final long freshNanos;
    private final ScheduledExecutorService scheduler;
    private final Object renewal = new Object();
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
        control.onStop(keeper::wakeWaiters);
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

    /**
     * Returns when the lease was renewed within half its time to live; otherwise waits for the next
     * renewal. The wait ends when the renewal is refused or the run stops (a repository outage longer
     * than the run tolerates stops it); four times the lease's time to live bounds it in case the
     * renewing thread itself hangs.
     *
     * @throws LeaseLostException if the lease was refused, may have expired, or the run is stopping
     *                            while it waits
     */
    @Override
    public void checkStillOwner() {
        long staleSince = System.nanoTime();
        long longest = leases.ttl().toNanos() * 4;
        synchronized (renewal) {
            while (!lost && System.nanoTime() - renewedAt > freshNanos && !control.stopping()
                    && System.nanoTime() - staleSince < longest) {
                try {
                    renewal.wait(Math.max(1, freshNanos / 1_000_000 / 10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (lost || System.nanoTime() - renewedAt > freshNanos) {
            throw new LeaseLostException("this process may no longer own the run '" + lease.runName()
                    + "' (its lease was not renewed for " + Duration.ofNanos(System.nanoTime() - renewedAt).toMillis()
                    + " ms); nothing more is sent from here");
        }
    }

    private void heartbeat() {
        if (lost) {
            return;
        }
        long before = System.nanoTime();
        try {
            if (leases.renew(lease)) {
                renewedAt = before;
                wakeWaiters();
            } else {
                markLost("its lease expired (this process was paused or cut off from the job repository for"
                        + " longer than " + leases.ttl().toSeconds() + " s) and another process may have taken"
                        + " the run over");
            }
        } catch (RepositoryOutageException e) {
            // The repository stayed out of reach longer than the run tolerates (the ledger's writes
            // give up at the same moment): the run stops for that reason, not for a lost lease.
            RepositoryFailures.TRACE.warn("The lease could not be renewed: job repository unavailable", e);
            control.requestStop(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
        } catch (RuntimeException e) {
            log.warn("Could not renew the run's lease ({}); trying again", e.getMessage());
        }
    }

    private void wakeWaiters() {
        synchronized (renewal) {
            renewal.notifyAll();
        }
    }

    private void markLost(String why) {
        if (lost) {
            return;
        }
        lost = true;
        wakeWaiters();
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
