package io.a2ebatch.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    @Test
    void blocksAtCapacityUntilATaskFinishes() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(2);
        InFlightLimiter.Permit first = limiter.tryAcquire(1, TimeUnit.SECONDS).orElseThrow();
        assertThat(limiter.tryAcquire(1, TimeUnit.SECONDS)).isPresent();
        assertThat(limiter.tryAcquire(50, TimeUnit.MILLISECONDS)).as("at capacity").isEmpty();
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
        first.release();
        third.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(third.isAlive()).isFalse();
        assertThat(limiter.inFlight()).isEqualTo(2);
    }

    @Test
    void adoptsMoreTasksThanTheCapOnResumeAndDrainsTheSurplusFirst() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        InFlightLimiter.Permit a = limiter.adopt();
        InFlightLimiter.Permit b = limiter.adopt();
        InFlightLimiter.Permit c = limiter.adopt();
        assertThat(limiter.inFlight()).isEqualTo(3);
        a.release();
        b.release();
        assertThat(limiter.inFlight()).isEqualTo(1);
        c.release();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void givesAPermitBackOnlyOnceHoweverOftenItIsReleased() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(2);
        InFlightLimiter.Permit permit = limiter.tryAcquire(1, TimeUnit.SECONDS).orElseThrow();
        limiter.adopt();
        permit.release();
        permit.release();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void saysWhenHalfOfItsPlacesAreTakenSoThatPollsStopGivingWayToStarts() {
        InFlightLimiter limiter = new InFlightLimiter(5);
        limiter.adopt();
        limiter.adopt();
        assertThat(limiter.atLeastHalfTaken()).as("2 of 5").isFalse();

        InFlightLimiter.Permit third = limiter.adopt();
        assertThat(limiter.atLeastHalfTaken()).as("3 of 5").isTrue();

        third.release();
        assertThat(limiter.atLeastHalfTaken()).as("2 of 5 again").isFalse();
    }
}
