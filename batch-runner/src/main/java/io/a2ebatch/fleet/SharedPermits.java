package io.a2ebatch.fleet;

import java.time.Duration;

import io.a2ebatch.throttle.Permits;
import io.a2ebatch.throttle.RateLimiter;
import io.github.bucket4j.Bucket;

/**
 * A fleet worker's permits: each request takes a permit from this process's limiter (which orders
 * starts before polls and smooths the process's own requests) and then one from the fleet's token
 * bucket in the job repository, shared by every process of the account, so that the fleet together
 * stays within the account's rate. A {@code 429 Retry-After} pauses this process at once and, through
 * {@link FleetPauses}, every other within a quarter of a second.
 */
final class SharedPermits implements Permits {

    private final RateLimiter local;
    private final Bucket fleet;
    private final FleetPauses pauses;

    SharedPermits(RateLimiter local, Bucket fleet, FleetPauses pauses) {
        this.local = local;
        this.fleet = fleet;
        this.pauses = pauses;
    }

    @Override
    public void acquire() throws InterruptedException {
        pauses.applyTo(local);
        local.acquire();
        fleet.asBlocking().consume(1);
    }

    @Override
    public void acquireYielding(Duration maxYield) throws InterruptedException {
        pauses.applyTo(local);
        local.acquireYielding(maxYield);
        fleet.asBlocking().consume(1);
    }

    @Override
    public void pauseFor(Duration duration) {
        local.pauseFor(duration);
        pauses.publish(duration);
    }

    /** Permits the fleet's bucket holds now (negative while callers wait for reserved ones). */
    long available() {
        return fleet.getAvailableTokens();
    }
}
