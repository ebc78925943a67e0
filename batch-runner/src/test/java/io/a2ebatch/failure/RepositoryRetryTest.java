package io.a2ebatch.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.throttle.Ticker;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class RepositoryRetryTest {

    /** Time that moves only when the retry sleeps. */
    private static final class SleepingTicker implements Ticker {
        long now = 5_000_000_000L;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now += duration.toNanos();
        }
    }

    private final SleepingTicker ticker = new SleepingTicker();
    private final RepositoryRetry retry = RepositoryRetry.within(Duration.ofSeconds(10), "jdbc:postgresql://db/a2e",
            ticker);

    private static RuntimeException outage() {
        return new TransientDataAccessResourceException("PreparedStatementCallback",
                new SQLTransientConnectionException("Connection to db:5432 refused", "08001"));
    }

    @Test
    void triesAgainUntilTheRepositoryAnswersTellingLaterAttemptsThatAnEarlierOneMayHaveCommitted() {
        List<Boolean> retries = new ArrayList<>();
        String answer = retry.call(again -> {
            retries.add(again);
            if (retries.size() < 4) {
                throw outage();
            }
            return "answered";
        });

        assertThat(answer).isEqualTo("answered");
        assertThat(retries).containsExactly(false, true, true, true);
        assertThat(ticker.sleeps).as("backoff").containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400));
    }

    @Test
    void givesUpOnceTheOutageLastedTheToleranceAndLaterCallsDoNotWaitAgain() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run(() -> {
            attempts.incrementAndGet();
            throw outage();
        })).isInstanceOf(RepositoryOutageException.class)
                .hasMessage("out of reach for longer than 10.0 s (a2e.repository.outage-tolerance); last error:"
                        + " Connection to db:5432 refused")
                .satisfies(e -> assertThat(RepositoryFailures.isUnavailable(e)).isTrue());
        assertThat(ticker.sleeps.stream().mapToLong(Duration::toNanos).sum())
                .isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(ticker.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));

        int before = ticker.sleeps.size();
        assertThatThrownBy(() -> retry.run(() -> {
            throw outage();
        })).isInstanceOf(RepositoryOutageException.class);
        assertThat(ticker.sleeps).as("no second wait").hasSize(before);

        assertThat(retry.call(() -> "back")).isEqualTo("back");
        List<Boolean> retries = new ArrayList<>();
        retry.call(again -> {
            retries.add(again);
            if (retries.size() < 2) {
                throw outage();
            }
            return null;
        });
        assertThat(retries).as("a new outage is waited for again").containsExactly(false, true);
    }

    @Test
    void doesNotRetryAFailureThatIsNotAnOutage() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run(() -> {
            attempts.incrementAndGet();
            throw new DataIntegrityViolationException("duplicate key");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).hasValue(1);
        assertThat(ticker.sleeps).isEmpty();
    }

    @Test
    void leavesAFailureInsideATransactionToTheTransactionsOwner() {
        AtomicInteger attempts = new AtomicInteger();
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThatThrownBy(() -> retry.run(() -> {
                attempts.incrementAndGet();
                throw outage();
            })).isInstanceOf(TransientDataAccessResourceException.class);
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
        assertThat(attempts).hasValue(1);
    }
}
