package io.a2ebatch.fleet;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;

import io.a2ebatch.throttle.Permits;
import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * A fleet worker's permits: each request takes a permit from this process's limiter (which orders
 * starts before polls and smooths the process's own requests) and then one from the fleet's token
 * bucket in the job repository, shared by every process of the account, so that the fleet together
 * stays within the account's rate. A {@code 429 Retry-After} pauses this process at once and, through
 * {@link FleetPauses}, every other within a quarter of a second. Both run at this process's own rate
 * until a run's manager sets another ({@link #runBy}).
 *
 * <p>A permit from the fleet's bucket is one short transaction on the job repository that locks the
 * bucket's row ({@code SELECT ... FOR UPDATE}) and reserves the next token; the wait for that token is
 * spent afterwards, with no connection held. Only a few of this process's takers are in the database
 * at once ({@code reservers}, shared by every provider's permits, a quarter of the pool): they would
 * queue on the one row lock anyway, and each waiting there holds a connection of the pool the ledger
 * and the lease need too, so that {@code --submit-concurrency} submitters behind a slow peer's lock
 * could otherwise take every connection and starve the rest for the pool's connection timeout.
 */
final class SharedPermits implements Permits {

    /** The limiter and bucket at one rate. */
    private record Rated(double rate, RateLimiter local, Bucket fleet) {
    }

    private final DoubleFunction<Bucket> buckets;
    private final int burst;
    private final FleetPauses pauses;
    /** Held while a taker is in the database for a permit, never while it sleeps. */
    private final Semaphore reservers;
    private volatile Rated current;

    /**
     * @param local     this process's limiter, at {@code rate}
     * @param buckets   the account's bucket configured at a rate
     * @param reservers how many of this process's takers may be in the database at once
     *                  ({@link FleetThrottleConfiguration#reservers})
     */
    SharedPermits(RateLimiter local, double rate, int burst, DoubleFunction<Bucket> buckets, FleetPauses pauses,
                  Semaphore reservers) {
        this.buckets = buckets;
        this.reservers = reservers;
        this.burst = burst;
        this.pauses = pauses;
        this.current = new Rated(rate, local, buckets.apply(rate));
    }

    /**
     * Runs at a run's rate from now on: this process's limiter at that rate, and the account's bucket in
     * the job repository reconfigured to it (its tokens kept), whatever rate created it.
     */
    synchronized void runBy(double rate) {
        Rated now = current;
        Bucket fleet = buckets.apply(rate);
        fleet.replaceConfiguration(FleetThrottleConfiguration.bucket(rate, burst), TokensInheritanceStrategy.AS_IS);
        current = now.rate() == rate ? new Rated(rate, now.local(), fleet)
                : new Rated(rate, new RateLimiter(new RateLimiterConfig(rate, burst), Ticker.SYSTEM), fleet);
    }

    @Override
    public void acquire() throws InterruptedException {
        Rated rated = current;
        pauses.applyTo(rated.local());
        rated.local().acquire();
        takeShared(rated.fleet());
    }

    @Override
    public void acquireYielding(Duration maxYield) throws InterruptedException {
        Rated rated = current;
        pauses.applyTo(rated.local());
        rated.local().acquireYielding(maxYield);
        takeShared(rated.fleet());
    }

    /** Reserves the fleet bucket's next permit (one connection, one transaction), then waits for it. */
    private void takeShared(Bucket fleet) throws InterruptedException {
        long waitNanos;
        reservers.acquire();
        try {
            waitNanos = fleet.consumeIgnoringRateLimits(1);
        } finally {
            reservers.release();
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    @Override
    public void pauseFor(Duration duration) {
        current.local().pauseFor(duration);
        pauses.publish(duration);
    }

    /** Permits the fleet's bucket holds now (negative while callers wait for reserved ones). */
    long available() {
        return current.fleet().getAvailableTokens();
    }
}
