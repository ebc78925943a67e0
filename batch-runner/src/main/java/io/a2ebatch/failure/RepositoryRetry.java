package io.a2ebatch.failure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.a2ebatch.throttle.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rides out a job repository that goes away for a while (database restarted, connection cut): a
 * ledger or lease operation that fails because the repository cannot be reached
 * ({@link RepositoryFailures#isUnavailable}) is tried again with backoff until the repository answers
 * or the outage has lasted {@code tolerance}; then it throws {@link RepositoryOutageException} and the
 * run stops as restartable.
 * <p>
 * The outage is one for the whole process: it begins with the first failure any thread sees and ends
 * with the first success, so every thread gives up at the same moment, the user reads one line when
 * it begins and one when it ends (not one per row), and once the run has given up no later operation
 * waits through the tolerance again.
 * <p>
 * An attempt is told whether an earlier attempt of the same operation failed: that attempt may have
 * committed before its connection broke, so a conditional write that now changes nothing must read
 * the row back instead of concluding that it was refused. Inside a transaction nothing is retried: the
 * transaction died with its connection, and its owner (a Spring Batch chunk) decides.
 */
public final class RepositoryRetry {

    private static final Logger log = LoggerFactory.getLogger(RepositoryRetry.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);
    private static final long NO_OUTAGE = Long.MIN_VALUE;

    /** One attempt of an operation. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * @param retry whether an earlier attempt of this operation failed (and may have committed)
         */
        T run(boolean retry);
    }

    private final Duration tolerance;
    private final String repository;
    private final Ticker ticker;
    private final AtomicLong outageSince = new AtomicLong(NO_OUTAGE);
    private volatile boolean givenUp;

    private RepositoryRetry(Duration tolerance, String repository, Ticker ticker) {
        this.tolerance = tolerance;
        this.repository = repository;
        this.ticker = ticker;
    }

    /**
     * Retries for up to {@code tolerance} after an outage begins.
     *
     * @param repository the job repository's URL, for the user's lines
     */
    public static RepositoryRetry within(Duration tolerance, String repository, Ticker ticker) {
        return new RepositoryRetry(tolerance, repository, ticker);
    }

    /** Never retries: for components tested on their own, with a database that does not go away. */
    public static RepositoryRetry once() {
        return new RepositoryRetry(Duration.ZERO, "", Ticker.SYSTEM);
    }

    public Duration tolerance() {
        return tolerance;
    }

    /** Runs {@code operation}, which may be run again (it must be idempotent). */
    public <T> T call(Supplier<T> operation) {
        return call(retry -> operation.get());
    }

    /** Runs {@code operation}, which may be run again (it must be idempotent). */
    public void run(Runnable operation) {
        call(retry -> {
            operation.run();
            return null;
        });
    }

    /** Runs {@code attempt} until it succeeds, fails for another reason, or the outage lasted too long. */
    public <T> T call(Attempt<T> attempt) {
        if (tolerance.isZero() || TransactionSynchronizationManager.isActualTransactionActive()) {
            return attempt.run(false);
        }
        Duration pause = FIRST_PAUSE;
        boolean retry = false;
        while (true) {
            try {
                T result = attempt.run(retry);
                ended();
                return result;
            } catch (RuntimeException e) {
                if (!RepositoryFailures.isUnavailable(e) || e instanceof RepositoryOutageException) {
                    throw e;
                }
                long left = tolerance.toNanos() - (ticker.nanoTime() - began(e));
                if (givenUp || left <= 0) {
                    givenUp = true;
                    throw new RepositoryOutageException("out of reach for longer than " + seconds(tolerance)
                            + " (a2e.repository.outage-tolerance); last error: " + RepositoryFailures.reason(e), e);
                }
                try {
                    ticker.sleep(Duration.ofNanos(Math.min(left, pause.toNanos())));
                } catch (InterruptedException interrupted) {
                    // The run is stopping: the operation fails as it is.
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                retry = true;
            }
        }
    }

    /** When the current outage began, starting it (and telling the user, once) if none was going on. */
    private long began(RuntimeException failure) {
        while (true) {
            long since = outageSince.get();
            if (since != NO_OUTAGE) {
                return since;
            }
            long now = ticker.nanoTime();
            if (outageSince.compareAndSet(NO_OUTAGE, now)) {
                RepositoryFailures.TRACE.warn("The job repository cannot be reached", failure);
                if (!givenUp) {
                    log.warn("Job repository unavailable ({}): {}; trying again for up to {}", repository,
                            RepositoryFailures.reason(failure), seconds(tolerance));
                }
                return now;
            }
        }
    }

    private void ended() {
        long since = outageSince.getAndSet(NO_OUTAGE);
        if (since != NO_OUTAGE) {
            givenUp = false;
            log.warn("Job repository back after {}; the run goes on",
                    seconds(Duration.ofNanos(ticker.nanoTime() - since)));
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
