package io.a2ebatch.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    @Test
    void blocksAtCapacityUntilATaskFinishes() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(2);
        assertThat(limiter.tryAcquire(1, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.tryAcquire(1, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.tryAcquire(50, TimeUnit.MILLISECONDS)).as("at capacity").isFalse();
        Thread third = new Thread(() -> {
            try {
                limiter.tryAcquire(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        third.join(200);
        assertThat(third.isAlive()).as("third acquire waits").isTrue();
        limiter.release();
        third.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(third.isAlive()).isFalse();
        assertThat(limiter.inFlight()).isEqualTo(2);
    }

    @Test
    void adoptsMoreTasksThanTheCapOnResumeAndDrainsTheSurplusFirst() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        limiter.adopt();
        limiter.adopt();
        limiter.adopt();
        assertThat(limiter.inFlight()).isEqualTo(3);
        limiter.release();
        limiter.release();
        assertThat(limiter.inFlight()).isEqualTo(1);
        limiter.release();
        assertThat(limiter.inFlight()).isZero();
    }
}
