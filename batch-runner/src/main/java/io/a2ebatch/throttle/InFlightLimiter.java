package io.a2ebatch.throttle;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps the number of tasks submitted and not yet finished. A {@link Permit} is taken before a start
 * request and travels with the row: the submit worker owns it until the task is handed to the tracker,
 * which owns it until the task ends. Whoever owns it last releases it, once; releasing twice is a
 * no-op, so no path can give back more than it took.
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

    /** One task's place in flight. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        /** Gives the place back; only the first call counts. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }

    /** Takes a permit if one frees up within {@code timeout}. */
    public Optional<Permit> tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return permits.tryAcquire(timeout, unit) ? Optional.of(new Permit()) : Optional.empty();
    }

    /**
     * Takes a permit for a task already in flight when the run resumes. Never blocks: if a previous
     * run left more tasks in flight than the cap, the surplus drains before new submissions start.
     */
    public Permit adopt() {
        if (!permits.tryAcquire()) {
            permits.reducePermits(1);
        }
        return new Permit();
    }

    /** Places in all. */
    public int capacity() {
        return capacity;
    }

    /** Tasks in flight now. */
    public int inFlight() {
        return capacity - permits.availablePermits();
    }

    /** Whether at least half of the places are taken: the cap may soon hold starts back. */
    public boolean atLeastHalfTaken() {
        return 2L * inFlight() >= capacity;
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
