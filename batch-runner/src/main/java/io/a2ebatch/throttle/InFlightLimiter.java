package io.a2ebatch.throttle;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Caps the number of tasks submitted and not yet finished. A permit is taken before a start request
 * and given back when the task reaches a final state or the row ends without a task.
 */
public final class InFlightLimiter {

    private final int capacity;
    private final Permits permits;

    public InFlightLimiter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.permits = new Permits(capacity);
    }

    /** Takes a permit if one frees up within {@code timeout}. */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return permits.tryAcquire(timeout, unit);
    }

    /**
     * Takes a permit for a task already in flight when the run resumes. Never blocks: if a previous
     * run left more tasks in flight than the cap, the surplus drains before new submissions start.
     */
    public void adopt() {
        if (!permits.tryAcquire()) {
            permits.reducePermits(1);
        }
    }

    public void release() {
        permits.release();
    }

    /** Tasks in flight now. */
    public int inFlight() {
        return capacity - permits.availablePermits();
    }

    /** A fair semaphore whose permits can go below zero when a resumed run adopts a surplus. */
    private static final class Permits extends Semaphore {
        Permits(int capacity) {
            super(capacity, true);
        }

        @Override
        protected void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }
    }
}
