package io.a2ebatch.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

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
    void rejectsAConfigurationThatCannotWork() {
        assertThatThrownBy(() -> RateLimiterConfig.smooth(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateLimiterConfig(Double.POSITIVE_INFINITY, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateLimiterConfig(5, 0)).hasMessageContaining("burst");
    }
}
