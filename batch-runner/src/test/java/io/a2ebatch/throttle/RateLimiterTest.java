package io.a2ebatch.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void spacesPermitsEvenlyAtTheConfiguredRate() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(4), ticker);
        long start = ticker.nanoTime();
        for (int i = 0; i < 9; i++) {
            limiter.acquire();
        }
        // 9 permits at 4/s: the first is free, the next 8 come 250 ms apart.
        assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ticker.sleeps).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void neverExceedsTheRateOverAnyWindowEvenAfterIdleTime() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(10), ticker);
        limiter.acquire();
        ticker.advance(Duration.ofSeconds(30));
        long start = ticker.nanoTime();
        for (int i = 0; i < 11; i++) {
            limiter.acquire();
        }
        // A smooth limiter earns no burst from idling: 11 permits still take 1 s.
        assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void letsABurstThroughAfterIdleTimeWhenConfigured() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(new RateLimiterConfig(10, 5), ticker);
        ticker.advance(Duration.ofSeconds(5));
        long start = ticker.nanoTime();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertThat(ticker.nanoTime()).isEqualTo(start);
        limiter.acquire();
        assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void holdsEveryCallerBackForARetryAfter() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(100), ticker);
        limiter.acquire();
        long start = ticker.nanoTime();
        limiter.pauseFor(Duration.ofSeconds(3));
        limiter.acquire();
        assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isEqualTo(Duration.ofSeconds(3));
        limiter.acquire();
        assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isEqualTo(Duration.ofMillis(3010));
    }

    @Test
    void aCallerAlreadyWaitingQueuesAgainBehindARetryAfterThatArrivesMeanwhile() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(1), ticker);
        limiter.acquire();
        long start = ticker.nanoTime();
        // While this caller waits for its permit, due in 1 s, a 429 answered to another asks for 5 s.
        ticker.duringNextSleep = () -> limiter.pauseFor(Duration.ofSeconds(5));
        limiter.acquire();
        assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aPollGoesAtOnceWhenNoStartWantsAPermit() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(10), ticker);
        long start = ticker.nanoTime();

        limiter.acquireYielding(Duration.ofSeconds(10));

        assertThat(ticker.nanoTime()).isEqualTo(start);
    }

    @Test
    void aPollWaitsOnlyUntilStartsStopAskingForPermits() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(10), ticker);
        limiter.acquire();
        long lastStart = ticker.nanoTime();

        limiter.acquireYielding(Duration.ofSeconds(10));

        // A start that does not come back within two intervals (200 ms) no longer holds polls back.
        assertThat(Duration.ofNanos(ticker.nanoTime() - lastStart)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aPollGivesWayToStartsThatKeepAskingForAtMostItsMaxYield() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(10), ticker);
        List<Long> starts = new ArrayList<>();
        // A submitter that wants a permit again and again: one start during each wait of the poll.
        Runnable submitter = new Runnable() {
            @Override
            public void run() {
                try {
                    limiter.acquire();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                starts.add(ticker.nanoTime());
                ticker.duringNextSleep = this;
            }
        };
        limiter.acquire();
        long begin = ticker.nanoTime();
        ticker.duringNextSleep = submitter;

        limiter.acquireYielding(Duration.ofSeconds(1));
        long poll = ticker.nanoTime();
        ticker.duringNextSleep = null;

        // Its wait ends at 1 s; the permit it then reserves comes after those the starts already hold.
        assertThat(Duration.ofNanos(poll - begin)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1300));
        assertThat(starts).hasSizeGreaterThanOrEqualTo(9).allSatisfy(at -> assertThat(at).isLessThanOrEqualTo(poll));
    }

    @Test
    void rejectsAConfigurationThatCannotWork() {
        assertThatThrownBy(() -> RateLimiterConfig.smooth(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateLimiterConfig(Double.POSITIVE_INFINITY, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateLimiterConfig(5, 0)).hasMessageContaining("burst");
    }
}
