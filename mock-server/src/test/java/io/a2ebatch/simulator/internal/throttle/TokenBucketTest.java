package io.a2ebatch.simulator.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void letsAClientThatKeepsToTheRateThroughForever() {
        TokenBucket bucket = new TokenBucket();
        for (long t = 0; t < 60_000; t += 200) {
            assertThat(bucket.tryAcquire(t, 5)).as("at %d ms", t).isZero();
        }
    }

    @Test
    void allowsABurstOfOneSecondsWorthThenSaysHowLongToWait() {
        TokenBucket bucket = new TokenBucket();
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.tryAcquire(1_000, 4)).isZero();
        }
        assertThat(bucket.tryAcquire(1_000, 4)).isEqualTo(250);
        assertThat(bucket.tryAcquire(1_100, 4)).isEqualTo(150);
        assertThat(bucket.tryAcquire(1_250, 4)).isZero();
    }

    @Test
    void neverLimitsWithRateZero() {
        TokenBucket bucket = new TokenBucket();
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.tryAcquire(0, 0)).isZero();
        }
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() {
        assertThat(TokenBucket.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterSeconds(1000)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterSeconds(1001)).isEqualTo(2);
        assertThat(TokenBucket.retryAfterSeconds(3334)).isEqualTo(4);
    }
}
